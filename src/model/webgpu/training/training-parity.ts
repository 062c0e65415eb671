/**
 * The training kernels' parity check, GPU against CPU twin, without the GPU: seeded inputs of odd and even shapes,
 * the CPU twins' answers, and the comparison. The page (/lab/training-kernels/) passes in a runner that executes a
 * call on WebGPU (TrainingKernels.runArrays); the unit tests pass in stand-ins.
 *
 * The measure is norm-wise: error = max_i |gpu_i − cpu_i| / max(max_i |cpu_i|, 1e-6), per output tensor, and a
 * kernel passes at ≤ 1e-4. Norm-wise because a float32 dot product summed in another order (the GPU's tiles against
 * the CPU's float64 running sum) is accurate relative to the size of its terms, not of its result: an entry that
 * cancels to nearly 0 can differ from the CPU's by 100 % of itself while being as exact as every other entry.
 */
import type { Kernels } from '../../kernels/kernel-types';
import { referenceKernels } from '../../kernels/reference';
import { seededNormal } from '../../random';
import { adamwTensor, biasCorrections, decayFor, ADAMW_DEFAULTS } from '../../../train/adamw';
import type { ArrayCall, TrainingKernelName } from './training-kernels';

/** What a row checks: one kernel, or linearStep, the four in one batch (a linear layer's training step). */
export type CheckName = TrainingKernelName | 'linearStep';

/** A kernel passes when its error, as defined above, is at most this. */
export const PARITY_TOLERANCE = 1e-4;
/** The floor of the denominator, so an all-zero expected output compares absolutely. */
export const SCALE_FLOOR = 1e-6;
/** Rows (T, the tokens of a batch) and columns (n, m, the features) the matmuls are checked at. */
export const ROWS = [1, 7, 127] as const;
export const COLUMNS = [1, 5, 33] as const;
/** The AdamW tensors' shapes: 1-D ones (no weight decay) and 2-D ones. */
export const ADAMW_SHAPES: readonly (readonly number[])[] = [[1], [5], [33], [127], [1, 5], [7, 33], [127, 33]];

/** What each kernel computes, for the page. */
export const KERNEL_LABELS: Record<CheckName, string> = {
  matmulNT: 'linear forward, y = x·Wᵀ',
  matmulNNAcc: 'input gradient, dX += dY·W',
  matmulTNAcc: 'weight gradient, dW += dYᵀ·X',
  adamw: 'AdamW update of one tensor',
  linearStep: 'the four in one batch: forward, dX, dW, then AdamW on W with dW as its gradient',
};
export const KERNEL_ORDER: readonly CheckName[] = ['matmulNT', 'matmulNNAcc', 'matmulTNAcc', 'adamw', 'linearStep'];
/** The shapes (T, n, m) of the one-batch training step of a linear layer. */
export const STEP_SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [7, 33, 5],
  [127, 5, 33],
];

export interface ParityCase {
  /** The shape in words, e.g. "T 7, n 5, m 33" or "[7, 33], step 4, clip 0.37". */
  readonly shape: string;
  readonly call: ArrayCall;
}

/** Runs one call on the backend under test and returns its outputs, in the order cpuTwin returns them. */
export type KernelRunner = (call: ArrayCall) => Promise<Float32Array[]>;

export interface ParityRow {
  readonly kernel: CheckName;
  readonly shape: string;
  /** The norm-wise relative error, the largest over the case's outputs. */
  readonly error: number;
  /** Largest |gpu − cpu| over the case's outputs. */
  readonly maxAbs: number;
  readonly ok: boolean;
}

export interface KernelSummary {
  readonly kernel: CheckName;
  readonly cases: number;
  readonly maxError: number;
  readonly ok: boolean;
}

/**
 * Every case of the check, the same on every run for a given seed: each matmul at every T in ROWS and every
 * n, m in COLUMNS (27 shapes, 1 × 1 up to 127 × 33, tiles cut at 1, 5 and 33), AdamW at each of ADAMW_SHAPES
 * on a first step from zero moments and on a later, clipped step, and the four kernels in one batch (linearStep)
 * at STEP_SHAPES.
 * @example parityCases().filter((c) => c.call.kernel === 'adamw').length // 14
 */
export function parityCases(seed = 17): ParityCase[] {
  const normal = seededNormal(seed);
  const fill = (count: number, scale = 1) => Float32Array.from({ length: count }, () => normal() * scale);
  const cases: ParityCase[] = [];
  for (const kernel of ['matmulNT', 'matmulNNAcc', 'matmulTNAcc'] as const) {
    for (const T of ROWS) {
      for (const n of COLUMNS) {
        for (const m of COLUMNS) {
          const shape = `T ${T}, n ${n}, m ${m}`;
          if (kernel === 'matmulNT') cases.push({ shape, call: { kernel, x: fill(T * n), w: fill(m * n), T, n, m } });
          else if (kernel === 'matmulNNAcc') cases.push({ shape, call: { kernel, dy: fill(T * m), w: fill(m * n), dx: fill(T * n), T, m, n } });
          else cases.push({ shape, call: { kernel, dy: fill(T * m), x: fill(T * n), dw: fill(m * n), T, m, n } });
        }
      }
    }
  }
  const { beta1, beta2, eps, weightDecay } = ADAMW_DEFAULTS;
  for (const dims of ADAMW_SHAPES) {
    const count = dims.reduce((a, b) => a * b, 1);
    for (const { step, clip, fresh } of [
      { step: 1, clip: 1, fresh: true },
      { step: 4, clip: 0.37, fresh: false },
    ]) {
      const m = fresh ? new Float32Array(count) : fill(count, 0.05);
      const v = fresh ? new Float32Array(count) : Float32Array.from(fill(count, 0.05), (x) => x * x);
      const call: ArrayCall = {
        kernel: 'adamw',
        w: fill(count, 0.5),
        g: fill(count, 0.1),
        m,
        v,
        // A large learning rate, so the update is a visible part of w and an error in it shows.
        step: { lr: 0.05, beta1, beta2, eps, decay: decayFor(dims, weightDecay), ...biasCorrections(step, beta1, beta2), clip },
      };
      cases.push({ shape: `[${dims.join(', ')}], step ${step}, clip ${clip}`, call });
    }
  }
  for (const [T, n, m] of STEP_SHAPES) {
    const step = { lr: 0.05, beta1, beta2, eps, decay: weightDecay, ...biasCorrections(1, beta1, beta2), clip: 0.5 };
    cases.push({ shape: `T ${T}, n ${n}, m ${m}`, call: { kernel: 'linearStep', x: fill(T * n), w: fill(m * n, 0.5), dy: fill(T * m), T, n, m, step } });
  }
  return cases;
}

/**
 * The CPU twin's outputs for a call (its inputs are copied, never changed): [y], [dx], [dw], [w, m, v] or, for
 * linearStep, [y, dx, dw, w, m, v]. The products and the AdamW update are the reference's unless others are
 * given (the unit tests stand float32 versions in for the GPU).
 * @example cpuTwin({ kernel: 'matmulNT', x, w, T, n, m })[0] // y
 */
export function cpuTwin(call: ArrayCall, k: Kernels = referenceKernels, adamw: typeof adamwTensor = adamwTensor): Float32Array[] {
  switch (call.kernel) {
    case 'matmulNT': {
      const y = new Float32Array(call.T * call.m);
      k.matmulNT(call.x, call.w, y, call.T, call.n, call.m);
      return [y];
    }
    case 'matmulNNAcc': {
      const dx = call.dx.slice();
      k.matmulNNAcc(call.dy, call.w, dx, call.T, call.m, call.n);
      return [dx];
    }
    case 'matmulTNAcc': {
      const dw = call.dw.slice();
      k.matmulTNAcc(call.dy, call.x, dw, call.T, call.m, call.n);
      return [dw];
    }
    case 'adamw': {
      const [w, m, v] = [call.w.slice(), call.m.slice(), call.v.slice()];
      adamw(w, call.g, m, v, call.step);
      return [w, m, v];
    }
    case 'linearStep': {
      const { T, n, m: M } = call;
      const [y, dx, dw, m, v] = [T * M, T * n, M * n, M * n, M * n].map((size) => new Float32Array(size)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
      k.matmulNT(call.x, call.w, y, T, n, M);
      k.matmulNNAcc(call.dy, call.w, dx, T, M, n);
      k.matmulTNAcc(call.dy, call.x, dw, T, M, n);
      const w = call.w.slice();
      adamw(w, dw, m, v, call.step);
      return [y, dx, dw, w, m, v];
    }
  }
}

/**
 * The norm-wise relative error of `actual` against `expected` (see the file's comment). Lengths must agree and
 * every value must be finite, or the error is Infinity.
 * @example normwiseError(Float32Array.of(1, 0.00002), Float32Array.of(1, 0.00001)).error // 1e-5
 */
export function normwiseError(actual: Float32Array, expected: Float32Array): { error: number; maxAbs: number } {
  if (actual.length !== expected.length) return { error: Infinity, maxAbs: Infinity };
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return { error: Infinity, maxAbs: Infinity };
    maxAbs = Math.max(maxAbs, Math.abs(a - b));
    scale = Math.max(scale, Math.abs(b));
  }
  return { error: maxAbs / Math.max(scale, SCALE_FLOOR), maxAbs };
}

/** Compares one case's outputs with its CPU twin's. */
export function compareCase(kernel: CheckName, shape: string, actual: readonly Float32Array[], expected: readonly Float32Array[]): ParityRow {
  let error = actual.length === expected.length ? 0 : Infinity;
  let maxAbs = error;
  expected.forEach((e, i) => {
    const r = actual[i] ? normwiseError(actual[i]!, e) : { error: Infinity, maxAbs: Infinity };
    error = Math.max(error, r.error);
    maxAbs = Math.max(maxAbs, r.maxAbs);
  });
  return { kernel, shape, error, maxAbs, ok: error <= PARITY_TOLERANCE };
}

/**
 * Runs every case on `run` and on the CPU twin and compares them; `onRow` sees each row as it is ready.
 * @example const rows = await checkTrainingKernels((call) => kernels.runArrays(call))
 */
export async function checkTrainingKernels(run: KernelRunner, cases: readonly ParityCase[] = parityCases(), onRow?: (row: ParityRow) => void): Promise<ParityRow[]> {
  const rows: ParityRow[] = [];
  for (const c of cases) {
    // The twin first: it copies the inputs, so a runner that updates them in place cannot change its answer.
    const expected = cpuTwin(c.call);
    const row = compareCase(c.call.kernel, c.shape, await run(c.call), expected);
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}

/** One line per kernel, in KERNEL_ORDER: how many shapes, the largest error, whether all passed. */
export function summarize(rows: readonly ParityRow[]): KernelSummary[] {
  return KERNEL_ORDER.map((kernel) => {
    const mine = rows.filter((r) => r.kernel === kernel);
    return {
      kernel,
      cases: mine.length,
      maxError: mine.reduce((a, r) => Math.max(a, r.error), 0),
      ok: mine.length > 0 && mine.every((r) => r.ok),
    };
  });
}
