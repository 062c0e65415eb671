import { beforeAll, describe, expect, it } from 'vitest';
import type { Kernels } from '../../kernels/kernel-types';
import { loadWasmKernels } from '../../kernels/wasm-kernels';
import {
  checkTrainingKernels,
  COLUMNS,
  compareCase,
  cpuTwin,
  normwiseError,
  parityCases,
  PARITY_TOLERANCE,
  ROWS,
  summarize,
  type KernelRunner,
} from './training-parity';
import type { AdamWTensorStep } from '../../../train/adamw';
import { deviceGradients } from '../../../foundations/gpu-mlp';
import { activationBackward, bceHead, biasActivation, biasGradient, Float32Device } from '../../../foundations/mlp-batch';
import { sgdUpdate } from '../../../foundations/sgd';

const f = Math.fround;

/** adamw.wgsl's arithmetic in float32, operation by operation: what a GPU computes. */
function adamwFloat32(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWTensorStep): void {
  const [lr, b1, b2, eps, decay, c1, c2, clip] = [s.lr, s.beta1, s.beta2, s.eps, s.decay, s.c1, s.c2, s.clip].map(f) as number[];
  for (let i = 0; i < w.length; i++) {
    const gi = f(g[i]! * clip!);
    const mi = f(f(b1! * m[i]!) + f(f(1 - b1!) * gi));
    const vi = f(f(b2! * v[i]!) + f(f(f(1 - b2!) * gi) * gi));
    m[i] = mi;
    v[i] = vi;
    w[i] = f(f(w[i]! * f(1 - f(lr! * decay!))) - f(f(lr! * f(mi / c1!)) / f(f(Math.sqrt(f(vi / c2!))) + eps!)));
  }
}

/**
 * A stand-in for the GPU: the WebAssembly SIMD matmuls (float32 sums in their own order), float32 AdamW, the lab's
 * twins on float32 storage, and the lab's whole step through its GPU trainer on Float32Device.
 */
function float32Runner(k: Kernels, device = new Float32Device()): KernelRunner {
  return async (call) => {
    switch (call.kernel) {
      case 'mlpStep':
        return deviceGradients(device, call);
      case 'sgd': {
        const w = call.w.slice();
        sgdUpdate(w, call.g, call.lr);
        return [w];
      }
      case 'biasAct': {
        const [z, a] = [call.z.slice(), new Float32Array(call.z.length)];
        biasActivation(z, call.b, a, call.T, call.n, call.act);
        return [z, a];
      }
      case 'actBack': {
        const da = call.da.slice();
        activationBackward(da, call.z, call.T, call.n, call.act);
        return [da];
      }
      case 'biasGrad': {
        const db = call.db.slice();
        biasGradient(call.d, db, call.T, call.n);
        return [db];
      }
      case 'bceHead': {
        const [loss, d] = [new Float32Array(call.T), new Float32Array(call.T)];
        bceHead(call.z, call.y, loss, d, call.T);
        return [loss, d];
      }
      default:
        return cpuTwin(call, k, adamwFloat32);
    }
  };
}

let wasm: Kernels;
beforeAll(async () => {
  wasm = await loadWasmKernels();
});

describe('parityCases', () => {
  const cases = parityCases();
  it('checks each matmul at every T in 1, 7, 127 and every n, m in 1, 5, 33, and AdamW at 1-D and 2-D shapes', () => {
    expect(ROWS).toEqual([1, 7, 127]);
    expect(COLUMNS).toEqual([1, 5, 33]);
    for (const kernel of ['matmulNT', 'matmulNNAcc', 'matmulTNAcc'] as const) {
      const shapes = cases.filter((c) => c.call.kernel === kernel).map((c) => c.shape);
      expect(shapes).toHaveLength(27);
      expect(shapes).toContain('T 127, n 33, m 5');
      expect(shapes).toContain('T 1, n 1, m 1');
    }
    const adamw = cases.flatMap((c) => (c.call.kernel === 'adamw' ? [c.call] : []));
    expect(adamw).toHaveLength(14);
    // Weight decay only for ≥ 2-D tensors.
    expect(adamw.filter((c) => c.step.decay > 0).length).toBe(6);
    expect(adamw.filter((c) => c.step.clip < 1).length).toBe(7);
    expect(cases.filter((c) => c.call.kernel === 'linearStep').map((c) => c.shape)).toEqual(['T 1, n 1, m 1', 'T 7, n 33, m 5', 'T 127, n 5, m 33']);
    const count = (kernel: string) => cases.filter((c) => c.call.kernel === kernel).length;
    expect([count('sgd'), count('biasAct'), count('actBack'), count('biasGrad'), count('bceHead'), count('mlpStep')]).toEqual([4, 15, 15, 9, 3, 4]);
    expect(cases.filter((c) => c.call.kernel === 'mlpStep').map((c) => c.shape)).toEqual([
      '2-8-8-1 tanh, batch 16',
      '2-16-16-1 relu, batch 200',
      '2-8-8-8-1 silu, batch 7',
      '2-4-1 sigmoid, batch 1',
    ]);
    // ReLU's kink is checked: some pre-activations are exactly 0.
    const relu = cases.find((c) => c.call.kernel === 'actBack' && c.shape === 'relu, T 127, n 33')!.call;
    expect(relu.kernel === 'actBack' && relu.z.some((z) => z === 0)).toBe(true);
  });
  it('is the same for the same seed, and its inputs have the sizes their shapes say', () => {
    const again = parityCases();
    expect(again.map((c) => c.shape)).toEqual(cases.map((c) => c.shape));
    const [a, b] = [cases[40]!.call, again[40]!.call];
    expect(a).toEqual(b);
    for (const { call } of cases) {
      if (call.kernel === 'matmulNT') expect([call.x.length, call.w.length]).toEqual([call.T * call.n, call.m * call.n]);
      if (call.kernel === 'matmulNNAcc') expect([call.dy.length, call.w.length, call.dx.length]).toEqual([call.T * call.m, call.m * call.n, call.T * call.n]);
      if (call.kernel === 'matmulTNAcc') expect([call.dy.length, call.x.length, call.dw.length]).toEqual([call.T * call.m, call.T * call.n, call.m * call.n]);
      if (call.kernel === 'adamw') expect(new Set([call.w.length, call.g.length, call.m.length, call.v.length]).size).toBe(1);
      if (call.kernel === 'linearStep') expect([call.x.length, call.w.length, call.dy.length]).toEqual([call.T * call.n, call.m * call.n, call.T * call.m]);
    }
  });
});

describe('normwiseError', () => {
  it('divides the largest difference by the largest expected magnitude, floored at 1e-6', () => {
    expect(normwiseError(Float32Array.of(2, 0.001), Float32Array.of(2, 0)).error).toBeCloseTo(0.0005, 9);
    expect(normwiseError(Float32Array.of(0), Float32Array.of(0)).error).toBe(0);
    expect(normwiseError(Float32Array.of(1e-7), Float32Array.of(0)).error).toBeCloseTo(0.1, 6);
  });
  it('is infinite for a length mismatch or a value that is not finite', () => {
    expect(normwiseError(Float32Array.of(1), Float32Array.of(1, 2)).error).toBe(Infinity);
    expect(normwiseError(Float32Array.of(NaN), Float32Array.of(1)).error).toBe(Infinity);
    expect(compareCase('adamw', 's', [Float32Array.of(1)], [Float32Array.of(1), Float32Array.of(2)]).ok).toBe(false);
  });
});

describe('checkTrainingKernels', () => {
  it('passes float32 kernels that sum in another order, with errors near float32 rounding', async () => {
    const rows = await checkTrainingKernels(float32Runner(wasm));
    expect(rows).toHaveLength(27 * 3 + 14 + 3 + 4 + 15 + 15 + 9 + 3 + 4);
    const worst = Math.max(...rows.map((r) => r.error));
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(PARITY_TOLERANCE / 10);
    const summary = summarize(rows);
    expect(summary.map((s) => [s.kernel, s.cases, s.ok])).toEqual([
      ['matmulNT', 27, true],
      ['matmulNNAcc', 27, true],
      ['matmulTNAcc', 27, true],
      ['adamw', 14, true],
      ['linearStep', 3, true],
      ['sgd', 4, true],
      ['biasAct', 15, true],
      ['actBack', 15, true],
      ['biasGrad', 9, true],
      ['bceHead', 3, true],
      ['mlpStep', 4, true],
    ]);
  });

  it('fails an accumulating matmul that overwrites, a matmul that drops its last term, and wrong AdamW variants', async () => {
    const good = float32Runner(wasm);
    const failures = async (bad: KernelRunner) => summarize(await checkTrainingKernels(bad)).filter((s) => !s.ok).map((s) => s.kernel);
    // dX = dY·W instead of dX += dY·W.
    expect(await failures(async (call) => (call.kernel === 'matmulNNAcc' ? good({ ...call, dx: new Float32Array(call.dx.length) }) : good(call)))).toEqual(['matmulNNAcc']);
    // A tile edge off by one: the last column of x and W is skipped.
    expect(
      await failures(async (call) => {
        if (call.kernel !== 'matmulNT' || call.n < 2) return good(call);
        const cut = (a: Float32Array) => a.map((x, i) => ((i + 1) % call.n === 0 ? 0 : x));
        return good({ ...call, x: cut(call.x) });
      }),
    ).toEqual(['matmulNT']);
    // dW += X-transposed-wrong: dY and X swapped on a square case only shows where T rows differ; use dW's transpose.
    expect(
      await failures(async (call) => {
        if (call.kernel !== 'matmulTNAcc') return good(call);
        const [dw] = await good(call);
        const t = new Float32Array(dw!.length);
        for (let o = 0; o < call.m; o++) for (let i = 0; i < call.n; i++) t[i * call.m + o] = dw![o * call.n + i]!;
        return [t];
      }),
    ).toEqual(['matmulTNAcc']);
    // No bias correction; weight decay on every tensor; the clip factor ignored.
    for (const step of [{ c1: 1, c2: 1 }, { decay: 0.1 }, { clip: 1 }]) {
      expect(await failures(async (call) => (call.kernel === 'adamw' ? good({ ...call, step: { ...call.step, ...step } }) : good(call)))).toEqual(['adamw']);
    }
    // In the batch, AdamW run before the matmuls that read W: y and the gradients then see the updated W.
    expect(
      await failures(async (call) => {
        if (call.kernel !== 'linearStep') return good(call);
        const [, , , w] = await good(call);
        const [y, dx, dw] = await good({ ...call, w: w! });
        return [y!, dx!, dw!, ...(await good(call)).slice(3)];
      }),
    ).toEqual(['linearStep']);
  });

  it('fails the lab’s kernels when ReLU′(0) is 1, δ is not divided by T, db is overwritten, or the trainer skips f′', async () => {
    const good = float32Runner(wasm);
    const failures = async (bad: KernelRunner) => summarize(await checkTrainingKernels(bad)).filter((s) => !s.ok).map((s) => s.kernel);
    expect(
      await failures(async (call) => {
        if (call.kernel !== 'actBack' || call.act !== 0) return good(call);
        const [da] = await good(call);
        return [da!.map((x, i) => (call.z[i] === 0 ? call.da[i]! : x))];
      }),
    ).toEqual(['actBack']);
    expect(await failures(async (call) => (call.kernel === 'bceHead' ? good(call).then(([loss, d]) => [loss!, d!.map((x) => x * call.T)]) : good(call)))).toEqual(['bceHead']);
    expect(await failures(async (call) => (call.kernel === 'biasGrad' ? good({ ...call, db: new Float32Array(call.n) }) : good(call)))).toEqual(['biasGrad']);
    // A trainer that forgets to multiply by f′(z) on the way down.
    class NoActBack extends Float32Device {
      override batch() {
        const ops = super.batch();
        ops.actBack = () => ops;
        return ops;
      }
    }
    expect(await failures(float32Runner(wasm, new NoActBack()))).toEqual(['mlpStep']);
  });

  it('leaves the cases’ inputs as they were, so a page can run them again', async () => {
    const cases = parityCases().filter((c) => c.call.kernel === 'adamw').slice(0, 2);
    const before = cases.map((c) => cpuTwin(c.call));
    await checkTrainingKernels(float32Runner(wasm), cases);
    expect(cases.map((c) => cpuTwin(c.call))).toEqual(before);
  });
});
