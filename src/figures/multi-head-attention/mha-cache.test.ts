import { describe, expect, it } from 'vitest';
import { KV_PRESETS, formatBytes } from '../kv-cache/kv-cache';
import { cacheFill, growthRows, growthSummary } from './mha-cache';

describe('MHA cache numbers', () => {
  it('fills 2·n_h·d_h·l elements per token: 384 for MiniSeek, 2 bytes each', () => {
    const fill = cacheFill(7, KV_PRESETS.miniseek);
    expect(fill.at(0, 0)).toBe(2 * 4 * 16 * 3);
    expect(fill.at(6, 0)).toBe(7 * 384);
    expect(fill.at(6, 1)).toBe(7 * 384 * 2);
  });

  it('grows to DeepSeek-V3’s 488 GiB at 128K tokens as MHA (deepseek-facts.md)', () => {
    const last = growthRows().at(-1)!;
    expect(last.context).toBe(128 * 1024);
    expect(formatBytes(last.bytes[1]!)).toBe('488\u00a0GiB');
    expect(growthSummary()).toContain('DeepSeek-V3 488');
  });
});
