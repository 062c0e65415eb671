import { describe, expect, it } from 'vitest';
import { expertLoad, imbalance, updateBias } from './load-balance';

describe('auxiliary-loss-free balancing', () => {
  it('counts loads and moves the bias against them by γ', () => {
    const load = expertLoad(Int32Array.from([0, 0, 0, 1, 2, 2, 3, 3, 0, 0, 2, 3]), 4); // [5, 1, 3, 3], mean 3
    expect(Array.from(load)).toEqual([5, 1, 3, 3]);
    const bias = new Float32Array(4);
    updateBias(bias, load, 0.25);
    expect(Array.from(bias)).toEqual([-0.25, 0.25, 0, 0]);
    expect(imbalance(load)).toBeCloseTo(5 / 3, 6);
  });
});
