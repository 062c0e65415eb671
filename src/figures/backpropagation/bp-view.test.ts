import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../foundations/datasets';
import { ACTIVATIONS, createMlp, forwardMlp, lossAndGradients } from '../../foundations/mlp';
import { backwardView, createTinyNet, gradientRows, maxAbsDifference, paramRefs, paramValue, parseNumber, relativeDifference, sizeRank, withActivation, withParam, worstRow } from './bp-view';

const points = makeDataset('circle', { points: 200, noise: 0.05, seed: 1 });

describe('the chapter network', () => {
  it('is 2 → 3 → 1 with the lab’s weights for the seed and non-zero biases', () => {
    const net = createTinyNet('tanh', 1);
    expect(net.sizes).toEqual([2, 3, 1]);
    expect(Array.from(net.weights[0]!)).toEqual(Array.from(createMlp({ hidden: [3], activation: 'tanh', seed: 1 }).weights[0]!));
    for (const b of net.biases) for (const v of b) expect(v).not.toBe(0);
    expect(createTinyNet('tanh', 1)).toEqual(net);
  });

  it('names its 13 parameters in the order of the gradient vector', () => {
    const refs = paramRefs(createTinyNet('tanh', 1));
    expect(refs.map((r) => r.text)).toEqual(['W¹[1,1]', 'W¹[1,2]', 'W¹[2,1]', 'W¹[2,2]', 'W¹[3,1]', 'W¹[3,2]', 'b¹[1]', 'b¹[2]', 'b¹[3]', 'W²[1,1]', 'W²[1,2]', 'W²[1,3]', 'b²']);
  });

  it('edits a copy, never the network shown', () => {
    const net = createTinyNet('tanh', 1);
    const ref = paramRefs(net)[10]!;
    const edited = withParam(net, ref, 0.75);
    expect(paramValue(edited, ref)).toBe(0.75);
    expect(paramValue(net, ref)).not.toBe(0.75);
  });
});

describe('backwardView', () => {
  it('writes out the same δs that lossAndGradients accumulates: ∂L/∂b = δ', () => {
    for (const activation of ACTIVATIONS) {
      const net = createTinyNet(activation, 3);
      for (const p of points.slice(0, 5)) {
        const v = backwardView(net, p);
        const { loss, grads } = lossAndGradients(net, [p]);
        expect(v.loss).toBe(loss);
        expect(v.delta2).toBeCloseTo(grads.biases[1]![0]!, 14);
        v.delta1.forEach((d, j) => expect(d).toBeCloseTo(grads.biases[0]![j]!, 14));
        // ∂L/∂W¹ = δ¹ xᵀ and ∂L/∂W² = δ² (a¹)ᵀ
        v.delta1.forEach((d, j) => {
          expect(grads.weights[0]![2 * j]!).toBeCloseTo(d * p.x, 14);
          expect(grads.weights[0]![2 * j + 1]!).toBeCloseTo(d * p.y, 14);
          expect(grads.weights[1]![j]!).toBeCloseTo(v.delta2 * v.forward.a[1]![j]!, 14);
        });
      }
    }
  });

  it('has δ² = p − y', () => {
    const net = createTinyNet('tanh', 1);
    const p = points[1]!;
    expect(backwardView(net, p).delta2).toBe(forwardMlp(net, p.x, p.y).p - p.label);
  });
});

describe('gradientRows', () => {
  it('agrees with the central difference to better than 1e-7 relative for every parameter and activation', () => {
    for (const activation of ACTIVATIONS) {
      const net = createTinyNet(activation, 1);
      for (const p of points.slice(0, 10)) {
        const rows = gradientRows(net, p);
        expect(rows).toHaveLength(13);
        // ReLU's kink: a neuron within h of 0 would differ; none of these is.
        expect(worstRow(rows).rel, `${activation} at (${p.x}, ${p.y})`).toBeLessThan(1e-7);
      }
    }
  });

  it('catches a wrong gradient: a flipped sign gives a relative difference of 2', () => {
    expect(relativeDifference(0.3, -0.3)).toBe(2);
    expect(relativeDifference(0, 0)).toBe(0);
  });

  it('leaves the network it checks untouched', () => {
    const net = createTinyNet('silu', 2);
    const before = JSON.stringify(net.weights.map((w) => Array.from(w)));
    gradientRows(net, points[0]!);
    expect(JSON.stringify(net.weights.map((w) => Array.from(w)))).toBe(before);
    expect(withActivation(net, 'relu').activation).toBe('relu');
  });
});

describe('parseNumber', () => {
  it('reads signs, a true minus and a decimal comma', () => {
    expect(parseNumber(' −0,5 ')).toEqual({ ok: true, value: -0.5 });
    expect(parseNumber('2')).toEqual({ ok: true, value: 2 });
    expect(parseNumber('.25')).toEqual({ ok: true, value: 0.25 });
    expect(parseNumber('1e-3')).toEqual({ ok: true, value: 0.001 });
  });

  it('refuses empty, non-numbers and huge values with a message', () => {
    for (const bad of ['', '   ', 'abc', '1..2', '0x10', '½', 'NaN', 'Infinity', '1e400', '11', '-10.5']) {
      const r = parseNumber(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
    }
  });
});

describe('maxAbsDifference and sizeRank', () => {
  it('are the largest |bp − fd| and a gradient’s rank by size', () => {
    const rows = gradientRows(createTinyNet('tanh', 1), points[0]!);
    expect(maxAbsDifference(rows)).toBe(Math.max(...rows.map((r) => Math.abs(r.backprop - r.numeric))));
    const sizes = rows.map((r) => Math.abs(r.backprop)).sort((a, b) => a - b);
    expect(sizeRank(rows, rows.find((r) => Math.abs(r.backprop) === sizes[0])!)).toBe(1);
    expect(sizeRank(rows, worstRow(rows))).toBe(sizes.indexOf(Math.abs(worstRow(rows).backprop)) + 1);
  });
});
