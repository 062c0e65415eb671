import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causalAttention, concatHeads, rope, ropeTables } from './attention-ops';
import { record, Tape } from './autodiff';
import { balanceLoss, crossEntropy } from './loss';
import { chooseExperts, gateValues, pick, sigmoid } from './moe-ops';
import { add, embedding, gatherRows, headColumns, linear, rmsNorm, scatterScaledRows, sliceCols, sum, swiglu } from './nn-ops';
import { seededNormal } from './random';
import { Tensor } from './tensor';
import { useFastKernels, useReferenceKernels } from './kernels/active';

/** A parameter of random values (float32 rounding is why the tolerances below are loose-ish). */
function param(name: string, shape: number[], seed: number): Tensor {
  const n = seededNormal(seed);
  const t = new Tensor(name, shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => n()));
  t.requiresGrad = true;
  return t;
}

/** Reduces any output to a scalar with fixed random weights, so every output element gets a distinct gradient. */
function weightedSum(y: Tensor, seed: number): Tensor {
  const w = new Tensor('probe', y.shape, Float32Array.from({ length: y.size }, seededNormal(seed)));
  const out = new Tensor('loss', [1]);
  out.requiresGrad = y.requiresGrad;
  let s = 0;
  for (let i = 0; i < y.size; i++) s += Number.isFinite(y.data[i]!) ? y.data[i]! * w.data[i]! : 0;
  out.data[0] = s;
  // The probe's backward: d(loss)/dy = w.
  record([y], () => {
    const g = out.grad?.[0] ?? 0;
    y.grad ??= new Float32Array(y.size);
    for (let i = 0; i < y.size; i++) if (Number.isFinite(y.data[i]!)) y.grad[i]! += g * w.data[i]!;
  });
  return out;
}

/**
 * Compares the tape's gradient of f with central finite differences, in float64 arithmetic over float32 data:
 * every input element is nudged by ±h.
 */
function gradcheck(f: () => Tensor, inputs: Tensor[], { h = 1e-2, tol = 2e-2 } = {}): void {
  const tape = new Tape();
  inputs.forEach((t) => (t.grad = undefined));
  const loss = tape.run(f);
  tape.backward(loss);
  for (const t of inputs) {
    const analytic = t.grad ?? new Float32Array(t.size);
    for (let i = 0; i < t.size; i++) {
      const keep = t.data[i]!;
      t.data[i] = keep + h;
      const up = f().data[0]!;
      t.data[i] = keep - h;
      const down = f().data[0]!;
      t.data[i] = keep;
      const numeric = (up - down) / (2 * h);
      const scale = Math.max(1, Math.abs(numeric), Math.abs(analytic[i]!));
      expect(Math.abs(numeric - analytic[i]!) / scale, `${t.name}[${i}]: numeric ${numeric}, analytic ${analytic[i]}`).toBeLessThan(tol);
    }
  }
}

// Both kernel sets: the reference, and the WebAssembly SIMD kernels that linear and attention use in the app.
describe.each(['reference', 'wasm-simd'] as const)('every backward matches finite differences (%s kernels)', (which) => {
  beforeAll(async () => {
    if (which === 'wasm-simd') expect((await useFastKernels()).name).toBe('wasm-simd');
    else useReferenceKernels();
  });
  afterAll(() => useReferenceKernels());

  it('linear', () => {
    const x = param('x', [3, 4], 1);
    const w = param('w', [5, 4], 2);
    gradcheck(() => weightedSum(linear('y', x, w), 3), [x, w]);
  });

  it('add, sum and slices', () => {
    const a = param('a', [2, 6], 4);
    const b = param('b', [2, 6], 5);
    gradcheck(() => weightedSum(sum('s', [2, 3], [sliceCols('l', add('ab', a, b), 0, 3), sliceCols('r', a, 3, 6)]), 6), [a, b]);
  });

  it('rmsNorm', () => {
    const x = param('x', [3, 6], 7);
    const g = param('g', [6], 8);
    gradcheck(() => weightedSum(rmsNorm('y', x, g, 1e-6), 9), [x, g]);
  });

  it('swiglu and sigmoid', () => {
    const g = param('g', [2, 5], 10);
    const u = param('u', [2, 5], 11);
    gradcheck(() => weightedSum(swiglu('y', sigmoid('sg', g), u), 12), [g, u]);
  });

  it('embedding and row gathers', () => {
    const table = param('E', [5, 3], 13);
    gradcheck(() => weightedSum(gatherRows('g', embedding('e', [4, 1, 4, 0], table), [2, 0]), 14), [table]);
  });

  it('headColumns and concatHeads, with a shared block', () => {
    const q = param('q', [3, 2 * 5], 15);
    const kr = param('kr', [3, 2], 16);
    gradcheck(() => weightedSum(concatHeads('k', headColumns('n', q, 2, 5, 0, 3), kr, 2, true), 17), [q, kr]);
    gradcheck(() => weightedSum(concatHeads('k2', headColumns('n', q, 2, 5, 0, 3), headColumns('r', q, 2, 5, 3, 2), 2, false), 18), [q]);
  });

  it('rope, interleaved and rotate-half', () => {
    const x = param('x', [4, 2 * 4], 19);
    const tables = ropeTables(4, 4, 10000);
    gradcheck(() => weightedSum(rope('r', x, 2, 4, tables, true), 20), [x]);
    gradcheck(() => weightedSum(rope('r', x, 2, 4, tables, false), 21), [x]);
  });

  it('causal attention', () => {
    const q = param('q', [4, 2 * 3], 22);
    const k = param('k', [4, 2 * 3], 23);
    const v = param('v', [4, 2 * 2], 24);
    gradcheck(() => weightedSum(causalAttention('a', q, k, v, 2, 0.6).output, 25), [q, k, v]);
  });

  it('gates, picked gates and scattered expert outputs', () => {
    const logits = param('logits', [3, 4], 26);
    const x = param('x', [2, 3], 27);
    const choose = (aff: Tensor) => chooseExperts(aff.data, new Float32Array(4), 3, 4, 2, 1, 2).chosen;
    gradcheck(() => {
      const aff = sigmoid('aff', logits);
      const gates = gateValues('g', aff, choose(aff), 2, true, 2.5);
      return weightedSum(scatterScaledRows('s', 3, 3, [{ x, rows: [0, 2], scale: pick('p', gates, [0, 5]) }, { x, rows: [1, 2], scale: pick('p2', gates, [2, 4]) }]), 28);
    }, [logits, x], { h: 1e-3 });
  });

  it('cross-entropy and the balance loss', () => {
    const logits = param('logits', [3, 5], 29);
    gradcheck(() => crossEntropy('ce', logits, [1, -1, 4]), [logits]);
    const raw = param('raw', [4, 4], 30);
    const chosen = Int32Array.from([0, 1, 0, 2, 3, 1, 0, 1]);
    gradcheck(() => balanceLoss('bal', sigmoid('s', raw), chosen, 2, 0.5), [raw], { h: 1e-3 });
  });
});
