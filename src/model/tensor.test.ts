import { describe, expect, it } from 'vitest';
import { fromRows, Tensor } from './tensor';

describe('tensor', () => {
  it('names the tensor when a shape is wrong', () => {
    expect(() => new Tensor('w_q', [2, 3], new Float32Array(5))).toThrow('tensor "w_q": shape [2, 3] needs 6 values, got 5');
    expect(() => fromRows('x', [[1, 2], [3]])).toThrow(/row 1 has 1 values/);
  });
});
