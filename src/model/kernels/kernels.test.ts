/**
 * The WebAssembly SIMD kernels against the reference, on random shapes including odd sizes. Tolerance: every
 * output within 1e-5 of the size of what was summed into it (Σ|terms|, plus |initial value| for accumulating
 * kernels): the kernels sum in float32 and in their own order, the reference in float64, so the last bits differ
 * by design, and a bound relative to the result itself would be meaningless where terms cancel.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seededNormal } from '../random';
import type { Kernels } from './kernel-types';
import { referenceKernels as ref } from './reference';
import { loadWasmKernels } from './wasm-kernels';

const TOL = 1e-5;
let fast: Kernels;
beforeAll(async () => {
  fast = await loadWasmKernels();
});

const random = (n: number, seed: number) => Float32Array.from({ length: n }, seededNormal(seed));

/** Asserts |a − b| ≤ TOL·bound elementwise (bound: the magnitudes summed into each output). */
function expectClose(label: string, a: Float32Array, b: Float32Array, bound: Float64Array): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue; // includes both −∞
    const err = Math.abs(a[i]! - b[i]!) / Math.max(bound[i]!, 1e-30);
    if (!(err <= TOL)) throw new Error(`${label}[${i}]: fast ${a[i]}, reference ${b[i]} (relative to Σ|terms| ${bound[i]}: ${err})`);
    worst = Math.max(worst, err);
  }
  expect(worst).toBeLessThanOrEqual(TOL);
}

/** Σ_k |A[i,k]·B[k,j]| (+ |C0[i,j]|) for C = A·B given as index functions. */
function absBound(M: number, N: number, K: number, a: (i: number, k: number) => number, b: (k: number, j: number) => number, c0?: Float32Array): Float64Array {
  const out = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = c0 ? Math.abs(c0[i * N + j]!) : 0;
      for (let k = 0; k < K; k++) s += Math.abs(a(i, k) * b(k, j));
      out[i * N + j] = s;
    }
  return out;
}

const SHAPES: [T: number, n: number, m: number][] = [
  [1, 64, 64], [7, 64, 224], [127, 64, 224], [127, 128, 64], [7, 7, 5], [1, 1, 1], [13, 33, 9], [127, 16, 128], [3, 5, 127],
];

describe('WebAssembly SIMD kernels match the reference', () => {
  it('are the WebAssembly ones', () => {
    expect(fast.name).toBe('wasm-simd');
  });

  it.each(SHAPES)('linear forward, T=%i, in=%i, out=%i', (T, n, m) => {
    const x = random(T * n, T + n);
    const w = random(m * n, m + 1);
    const a = new Float32Array(T * m);
    const b = new Float32Array(T * m);
    fast.matmulNT(x, w, a, T, n, m);
    ref.matmulNT(x, w, b, T, n, m);
    expectClose('y', a, b, absBound(T, m, n, (t, i) => x[t * n + i]!, (i, o) => w[o * n + i]!));
  });

  it.each(SHAPES)('linear backward dX = dY·W and dW = dYᵀ·X, T=%i, in=%i, out=%i', (T, n, m) => {
    const x = random(T * n, 3);
    const w = random(m * n, 4);
    const dy = random(T * m, 5);
    const dx0 = random(T * n, 6);
    const dw0 = random(m * n, 7);
    const [dxA, dxB, dwA, dwB] = [dx0.slice(), dx0.slice(), dw0.slice(), dw0.slice()];
    fast.matmulNNAcc(dy, w, dxA, T, m, n);
    ref.matmulNNAcc(dy, w, dxB, T, m, n);
    fast.matmulTNAcc(dy, x, dwA, T, m, n);
    ref.matmulTNAcc(dy, x, dwB, T, m, n);
    expectClose('dX', dxA, dxB, absBound(T, n, m, (t, o) => dy[t * m + o]!, (o, i) => w[o * n + i]!, dx0));
    expectClose('dW', dwA, dwB, absBound(m, n, T, (o, t) => dy[t * m + o]!, (t, i) => x[t * n + i]!, dw0));
  });

  const ATTENTION: [T: number, H: number, dq: number, dv: number][] = [[1, 4, 24, 16], [7, 4, 24, 16], [127, 4, 24, 16], [48, 4, 24, 16], [13, 3, 7, 5], [127, 1, 9, 1]];

  it.each(ATTENTION)('attention forward and backward, T=%i, H=%i, dq=%i, dv=%i', (T, H, dq, dv) => {
    const q = random(T * H * dq, 11);
    const k = random(T * H * dq, 12);
    const v = random(T * H * dv, 13);
    const dO = random(T * H * dv, 14);
    const scale = 1 / Math.sqrt(dq);
    const run = (kern: Kernels) => {
      const scores = new Float32Array(H * T * T);
      const probs = new Float32Array(H * T * T).fill(NaN); // every entry must be written
      const out = new Float32Array(T * H * dv).fill(NaN);
      kern.attentionForward(q, k, v, scores, probs, out, T, H, dq, dv, scale);
      const [gq, gk, gv] = [random(q.length, 21), random(k.length, 22), random(v.length, 23)];
      kern.attentionBackward(q, k, v, probs, dO, gq, gk, gv, T, H, dq, dv, scale);
      return { scores, probs, out, gq, gk, gv };
    };
    const a = run(fast);
    const b = run(ref);
    const Cq = H * dq;
    const Cv = H * dv;
    // scores: Σ|q·k|·scale; probabilities: absolute (they lie in [0, 1]); outputs: Σ p·|v|.
    const sBound = new Float64Array(H * T * T);
    for (let h = 0; h < H; h++)
      for (let t = 0; t < T; t++)
        for (let j = 0; j <= t; j++) {
          let s = 0;
          for (let i = 0; i < dq; i++) s += Math.abs(q[t * Cq + h * dq + i]! * k[j * Cq + h * dq + i]!);
          sBound[(h * T + t) * T + j] = s * scale;
        }
    expectClose('scores', a.scores, b.scores, sBound);
    expectClose('probs', a.probs, b.probs, new Float64Array(H * T * T).fill(1));
    const oBound = new Float64Array(T * Cv);
    for (let h = 0; h < H; h++)
      for (let t = 0; t < T; t++)
        for (let i = 0; i < dv; i++) {
          let s = 0;
          for (let j = 0; j <= t; j++) s += b.probs[(h * T + t) * T + j]! * Math.abs(v[j * Cv + h * dv + i]!);
          oBound[t * Cv + h * dv + i] = s;
        }
    expectClose('out', a.out, b.out, oBound);
    // The gradients chain several sums; bounded by the largest gradient of the tensor (norm-wise relative).
    for (const key of ['gq', 'gk', 'gv'] as const) {
      const max = b[key].reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      expectClose(key, a[key], b[key], new Float64Array(b[key].length).fill(max));
    }
  });
});

describe('MiniSeek through the fast kernels', () => {
  it('gives the reference logits and gradients on the shipped checkpoint, to float32 rounding', async () => {
    const { loadModelDir } = await import('../model-dir');
    const { forward } = await import('../forward');
    const { crossEntropy } = await import('../loss');
    const { Tape } = await import('../autodiff');
    const { withKernels } = await import('./active');
    const { model } = loadModelDir();
    const ids = Array.from({ length: 127 }, (_, i) => (i * 37 + 5) % model.config.vocab_size);
    const run = (k: Kernels) =>
      withKernels(k, () => {
        for (const t of model.weights.values()) {
          t.grad = undefined;
          t.requiresGrad = true;
        }
        const tape = new Tape();
        const { loss, logits } = tape.run(() => {
          const { logits } = forward(model, ids);
          return { logits, loss: crossEntropy('loss', logits, ids.slice(1).concat(-1)) };
        });
        tape.backward(loss);
        const grads = new Map([...model.weights].map(([name, t]) => [name, t.grad?.slice()]));
        return { logits: logits.data.slice(), loss: loss.data[0]!, grads };
      });
    const a = run(fast);
    const b = run(ref);
    const maxAbs = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
    expect(maxDiff(a.logits, b.logits) / maxAbs(b.logits)).toBeLessThan(1e-5);
    expect(Math.abs(a.loss - b.loss) / b.loss).toBeLessThan(1e-6);
    for (const [name, g] of b.grads) {
      if (!g) continue;
      expect(maxDiff(a.grads.get(name)!, g) / Math.max(maxAbs(g), 1e-12), name).toBeLessThan(1e-4);
    }
  });
});
