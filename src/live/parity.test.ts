import { describe, expect, it } from 'vitest';
import { Tensor } from '../model/tensor';
import { compareTensors } from './parity';

const t = (...v: number[]) => new Tensor('t', [v.length], Float32Array.from(v));

describe('compareTensors', () => {
  it('passes within 1e-4 absolute or 1e-3 relative, and fails beyond both', () => {
    expect(compareTensors('a', t(1, 100), t(1.00009, 100.09)).ok).toBe(true);
    expect(compareTensors('a', t(0.0002), t(0)).ok).toBe(false);
    expect(compareTensors('a', t(100.2), t(100)).firstFailure).toBe(0);
  });
  it('requires −∞ to match −∞ and the shapes to agree', () => {
    expect(compareTensors('a', t(-Infinity, 1), t(-Infinity, 1)).ok).toBe(true);
    expect(compareTensors('a', t(-3, 1), t(-Infinity, 1)).ok).toBe(false);
    expect(compareTensors('a', new Tensor('x', [2, 1]), new Tensor('y', [1, 2])).ok).toBe(false);
  });
});
