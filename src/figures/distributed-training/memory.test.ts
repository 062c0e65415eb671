import { describe, expect, it } from 'vitest';
import { paramBreakdown } from '../../model/param-count';
import { PUBLISHED } from '../../model/published-configs';
import { allReduceBytes, bytesPerParam, formatBytes, GPU_MEMORY_BYTES, oneGpu, zero1 } from './memory';

describe('memory of one GPU, data parallelism and ZeRO-1', () => {
  it('counts V3’s formats: 2 + 4 + 4 + 2 + 2 = 14 bytes per parameter', () => {
    expect(bytesPerParam()).toBe(14);
  });

  it('puts V3 (counted from its config, about 671B) far beyond one 80 GB GPU', () => {
    const P = paramBreakdown(PUBLISHED['deepseek-v3']).total;
    expect(Math.round(P / 1e9)).toBe(671);
    const m = oneGpu(P);
    expect(m.weights).toBe(2 * P);
    expect(m.total).toBe(14 * P);
    expect(m.gpusForWeights).toBe(Math.ceil((2 * P) / GPU_MEMORY_BYTES));
    expect(m.gpusForWeights).toBe(17);
    expect(m.gpusForState).toBe(118);
  });

  it('all-reduces 2(N−1)/N of the gradient per device, nothing on one device', () => {
    expect(allReduceBytes(1000, 1, 4)).toBe(0);
    expect(allReduceBytes(1000, 2, 4)).toBe(4000);
    expect(allReduceBytes(1000, 4, 4)).toBe(6000);
    expect(() => allReduceBytes(1000, 0, 4)).toThrow(/whole number/);
  });

  it('shards only the optimizer state under ZeRO-1', () => {
    const z = zero1(1000, 4);
    expect(z.replicated).toBe(6000);
    expect(z.shard).toBe(2000);
    expect(z.perDevice).toBe(8000);
    expect(z.plain).toBe(14000);
    expect(zero1(1000, 1).perDevice).toBe(14000);
    expect(() => zero1(1000, 2.5)).toThrow(/whole number/);
  });
});

describe('formatBytes', () => {
  it('writes decimal units to three figures', () => {
    expect(formatBytes(64)).toBe('64 bytes');
    expect(formatBytes(815488)).toBe('815 KB');
    expect(formatBytes(9.394e12)).toBe('9.39 TB');
    expect(formatBytes(1.342e12)).toBe('1.34 TB');
  });
});
