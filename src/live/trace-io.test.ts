import { describe, expect, it } from 'vitest';
import { Tensor } from '../model/tensor';
import { fromSerial, toSerial } from './trace-io';

describe('trace serialisation', () => {
  it('round-trips every float32 exactly, −∞, NaN and −0 included, from a view into a larger buffer', () => {
    const big = Float32Array.of(9, 1.5, -Infinity, Number.NaN, -0, 3.4028234663852886e38, 1e-45, 0.1, 9);
    const t = new Tensor('t', [2, 3], big.subarray(1, 7));
    const back = fromSerial('t', JSON.parse(JSON.stringify(toSerial(t))));
    expect(back.shape).toEqual([2, 3]);
    expect([...back.data]).toEqual([...t.data]);
    expect(Object.is(back.data[3], -0)).toBe(true);
  });

  it('is far smaller than a JSON list of the same numbers', () => {
    const t = new Tensor('t', [64, 64], Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i) * 3.7));
    expect(JSON.stringify(toSerial(t)).length).toBeLessThan(JSON.stringify(Array.from(t.data)).length / 3);
  });

  it('names the tensor when the bytes do not fit the shape', () => {
    expect(() => fromSerial('layers.0.attn.probs', { shape: [3, 3], data: toSerial(new Tensor('x', [2], Float32Array.of(1, 2))).data })).toThrow(
      'trace layers.0.attn.probs: 8 bytes for shape [3, 3], expected 36',
    );
  });
});
