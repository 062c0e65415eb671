import { describe, expect, it } from 'vitest';
import { causalAttention, concatHeads, rope, ropeTables } from './attention-ops';
import { topK } from './moe-ops';
import { embedding, headColumns, linear, rmsNorm, swiglu } from './nn-ops';
import { fromRows, Tensor } from './tensor';

const rows = (t: Tensor) => t.toRows().map((r) => r.map((x) => Math.round(x * 1e5) / 1e5));

describe('model ops, checked by hand', () => {
  it('linear computes x·Wᵀ with W stored [out, in]', () => {
    const x = fromRows('x', [[1, 2, 3]]);
    const w = fromRows('w', [
      [1, 0, 0],
      [0, 1, 1],
    ]);
    expect(linear('y', x, w).toRows()).toEqual([[1, 5]]);
    expect(() => linear('y', x, fromRows('w', [[1, 2]]))).toThrow('linear "y": input "x" has 3 columns, weight "w" expects 2');
  });

  it('rmsNorm divides by the root mean square, then scales by the gain', () => {
    // x = [3, 4]: mean of squares 12.5, rms 3.5355…; gains [1, 2] → [0.8485, 2.2627]
    const y = rmsNorm('y', fromRows('x', [[3, 4]]), new Tensor('g', [2], Float32Array.of(1, 2)), 0);
    expect(rows(y)).toEqual([[0.84853, 2.26274]]);
  });

  it('swiglu is silu(gate) times up', () => {
    // silu(0) = 0, silu(1) = 1·σ(1) = 0.73106, silu(−2) = −2·σ(−2) = −0.23841
    const y = swiglu('y', fromRows('g', [[0, 1, -2]]), fromRows('u', [[5, 2, 1]]));
    expect(rows(y)).toEqual([[0, 1.46212, -0.23841]]);
  });

  it('embedding picks rows and rejects ids outside the table', () => {
    const table = fromRows('E', [
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(embedding('e', [2, 0, 2], table).toRows()).toEqual([
      [3, 3],
      [1, 1],
      [3, 3],
    ]);
    expect(() => embedding('e', [3], table)).toThrow('embedding "e": token id 3 is outside 0..2');
  });

  it('rope rotates each pair by position × θ_i, θ_i = base^(−2i/d)', () => {
    // d = 4: θ_0 = 1, θ_1 = 1/100 (base 10000). Position 1 turns pair 0 by 1 rad and pair 1 by 0.01 rad.
    const tables = ropeTables(2, 4, 10000);
    const x = fromRows('x', [
      [1, 0, 1, 0],
      [1, 0, 1, 0],
    ]);
    // Interleaved pairs (x0, x1) and (x2, x3); the output is written as [a'0, a'1, b'0, b'1].
    const y = rope('r', x, 1, 4, tables, true);
    expect(rows(y)[0]).toEqual([1, 1, 0, 0]);
    expect(rows(y)[1]).toEqual([Math.round(Math.cos(1) * 1e5) / 1e5, Math.round(Math.cos(0.01) * 1e5) / 1e5, Math.round(Math.sin(1) * 1e5) / 1e5, Math.round(Math.sin(0.01) * 1e5) / 1e5]);
  });

  it('causal attention lets the first token see only itself', () => {
    const q = fromRows('q', [[1], [1]]);
    const k = fromRows('k', [[0], [Math.log(3)]]);
    const v = fromRows('v', [[10], [20]]);
    const { output, probs, scores } = causalAttention('a', q, k, v, 1, 1);
    // Row 0: only j = 0. Row 1: softmax([0, ln 3]) = [1/4, 3/4] → 10/4 + 60/4 = 17.5.
    expect(rows(output)).toEqual([[10], [17.5]]);
    expect(Array.from(probs.data, (p) => Math.round(p * 1e6) / 1e6)).toEqual([1, 0, 0.25, 0.75]);
    expect(scores.data[1]).toBe(-Infinity);
  });

  it('splits heads and shares one key block across heads', () => {
    const q = fromRows('q', [[1, 2, 3, 4, 5, 6]]); // 2 heads × (2 nope + 1 rope)
    expect(headColumns('n', q, 2, 3, 0, 2).toRows()).toEqual([[1, 2, 4, 5]]);
    expect(headColumns('r', q, 2, 3, 2, 1).toRows()).toEqual([[3, 6]]);
    const k = concatHeads('k', fromRows('kn', [[1, 2]]), fromRows('kr', [[9]]), 2, true);
    expect(k.toRows()).toEqual([[1, 9, 2, 9]]);
  });

  it('topK returns the largest values first, lower index on ties', () => {
    expect(topK([0.1, 0.7, 0.3, 0.7], 3)).toEqual([1, 3, 2]);
  });
});
