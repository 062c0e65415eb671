import { describe, expect, it } from 'vitest';
import { matmul, scale, softmaxRows, transpose } from './ops';
import { fromRows, Tensor } from './tensor';
import { seededNormal, seededRandom } from './random';

describe('tensor', () => {
  it('names the tensor when a shape is wrong', () => {
    expect(() => new Tensor('w_q', [2, 3], new Float32Array(5))).toThrow('tensor "w_q": shape [2, 3] needs 6 values, got 5');
    expect(() => fromRows('x', [[1, 2], [3]])).toThrow(/row 1 has 1 values/);
  });
});

describe('ops (checked by hand)', () => {
  const a = fromRows('a', [
    [1, 2],
    [3, 4],
  ]);
  const b = fromRows('b', [
    [5, 6, 7],
    [8, 9, 10],
  ]);

  it('multiplies matrices', () => {
    // [1·5+2·8, 1·6+2·9, 1·7+2·10] = [21, 24, 27]; [3·5+4·8, …] = [47, 54, 61]
    expect(matmul('ab', a, b).toRows()).toEqual([
      [21, 24, 27],
      [47, 54, 61],
    ]);
  });

  it('refuses mismatched inner dimensions, naming both tensors', () => {
    expect(() => matmul('ba', b, b)).toThrow('matmul "ba": inner dimensions differ: "b" is [2, 3], "b" is [2, 3]');
  });

  it('transposes and scales', () => {
    expect(transpose('bT', b).toRows()).toEqual([
      [5, 8],
      [6, 9],
      [7, 10],
    ]);
    expect(scale('half', a, 0.5).toRows()).toEqual([
      [0.5, 1],
      [1.5, 2],
    ]);
  });

  it('takes a row softmax that sums to one and is stable for large inputs', () => {
    // softmax([0, ln 3]) = [1/4, 3/4]
    const s = softmaxRows('p', fromRows('x', [[0, Math.log(3)], [1000, 1000]]));
    expect(s.row(0)[0]).toBeCloseTo(0.25, 6);
    expect(s.row(0)[1]).toBeCloseTo(0.75, 6);
    expect(Array.from(s.row(1))).toEqual([0.5, 0.5]);
  });
});

describe('seeded random', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const c = seededRandom(2);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    xs.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
  });

  it('draws roughly standard normals', () => {
    const n = seededNormal(3);
    const xs = Array.from({ length: 20000 }, n);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
