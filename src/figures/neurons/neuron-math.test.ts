import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, curvePath, onStep, plotFrame, py, relu, sigmoid, sigmoidChainBound, sigmoidSlope, silu, siluSlope, siluSlopePeak, sumTerms, tickLabel, weightedSum, yTicks, type PlotFrame } from './neuron-math';

describe('one neuron by hand', () => {
  it('adds the weighted inputs and the bias', () => {
    expect(weightedSum({ x: [1, 2, -1], w: [0.5, 0.8, 0.3], b: -0.4 })).toBeCloseTo(1.4, 12);
    expect(() => weightedSum({ x: [1], w: [1, 2], b: 0 })).toThrow('1 inputs but 2 weights');
  });

  it('writes the sum term by term with minus signs and brackets', () => {
    expect(sumTerms({ x: [1, -2], w: [0.5, 0.3], b: -0.4 })).toBe('0.5·1 + 0.3·(−2) + (−0.4)');
    expect(Math.abs(onStep(0.1 + 0.2) - 0.3)).toBeLessThan(1e-15);
  });

  it('computes the three activations and the identities between them', () => {
    expect(relu(-3)).toBe(0);
    expect(relu(2.5)).toBe(2.5);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1) + sigmoid(-1)).toBeCloseTo(1, 15);
    for (const z of [-4, -0.5, 0, 1.3, 6]) expect(silu(z)).toBeCloseTo(z * sigmoid(z), 15);
  });

  it('has slopes equal to finite differences, the sigmoid\u2019s never above 1/4', () => {
    const h = 1e-6;
    for (const { f, slope } of ACTIVATIONS)
      for (const z of [-3, -0.7, 0.4, 2.2]) expect(slope(z)).toBeCloseTo((f(z + h) - f(z - h)) / (2 * h), 6);
    for (let z = -10; z <= 10; z += 0.01) expect(sigmoidSlope(z)).toBeLessThanOrEqual(0.25);
    expect(sigmoidSlope(0)).toBe(0.25);
    expect(siluSlope(0)).toBe(0.5);
    // The chapter says SiLU's slope rises a little above 1 before falling back towards it.
    const peak = siluSlopePeak();
    expect(peak.value).toBeGreaterThan(1.09);
    expect(peak.value).toBeLessThan(1.11);
    expect(peak.at).toBeGreaterThan(2.3);
    expect(peak.at).toBeLessThan(2.5);
    expect(siluSlope(10)).toBeLessThan(peak.value);
    expect(siluSlope(10)).toBeGreaterThan(1);
    expect(sigmoidChainBound(10)).toBeCloseTo(9.5367e-7, 10);
  });

  it('draws a curve inside its frame', () => {
    const frame: PlotFrame = { zMin: -2, zMax: 2, yMin: -1, yMax: 1, width: 100, height: 50, pad: 5 };
    const path = curvePath(frame, relu, 4);
    expect(path.startsWith('M5.0,')).toBe(true);
    // relu(2) = 2 is above yMax = 1: drawn past the top edge (y < pad), for the clip path to cut, never levelled off.
    expect(path.endsWith('L95.0,-15.0')).toBe(true);
  });
});

describe('the activation plot’s frame', () => {
  it('keeps −1 to 3 for the usual z and grows with the largest value marked, so no dot is capped', () => {
    const at = (z: number) => ACTIVATIONS.map((a) => a.f(z));
    expect(plotFrame('curves', [1.4], at(1.4))).toMatchObject({ zMin: -5, zMax: 5, yMin: -1, yMax: 3 });
    const big = plotFrame('curves', [10], at(10));
    expect(big.zMax).toBe(11);
    expect(big.yMax).toBeGreaterThan(relu(10));
    for (const v of at(10)) expect(py(big, v)).toBeGreaterThanOrEqual(big.pad);
    expect(plotFrame('slopes', [16], [1, 0, 1])).toMatchObject({ yMin: -0.2, yMax: 1.2, zMax: 17 });
  });

  it('puts ticks a unit apart up to 3, then every 2, 5 or 10, with true minus signs', () => {
    expect(yTicks(plotFrame('curves', [1.4], [1.4]))).toEqual([-1, 1, 2, 3]);
    expect(yTicks(plotFrame('curves', [10], [10]))).toEqual([5, 10]);
    expect(yTicks(plotFrame('curves', [6], [6]))).toEqual([2, 4, 6]);
    expect(yTicks(plotFrame('slopes', [1], [1]))).toEqual([0.25, 0.5, 1]);
    expect(tickLabel(-1)).toBe('−1');
    expect(tickLabel(0.25)).toBe('¼');
  });
});
