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
import type { Point } from '../../../foundations/datasets';
import { activationBackward, ACT_CODES, bceHead, biasActivation, biasGradient } from '../../../foundations/mlp-batch';
import { lossAndGradients, type Activation } from '../../../foundations/mlp';
import { sgdUpdate } from '../../../foundations/sgd';
import type { Kernels } from '../../kernels/kernel-types';
import { referenceKernels } from '../../kernels/reference';
import { seededNormal } from '../../random';
import { adamwTensor, biasCorrections, decayFor, ADAMW_DEFAULTS } from '../../../train/adamw';
import type { ArrayCall, TrainingKernelName } from './training-kernels';

/**
 * What a row checks: one kernel; linearStep, four in one batch (a linear layer's training step); or mlpStep, the
 * training lab's whole forward and backward pass on the GPU (src/foundations/gpu-mlp.ts), whose loss and gradients
 * are compared with mlp.ts's float64 backpropagation.
 */
export type CheckName = TrainingKernelName | 'linearStep' | 'mlpStep';

/** The training lab's network, parameters and mini-batch: run on the GPU by DeviceMlp.lossAndGradients. */
export interface MlpStepCall {
  kernel: 'mlpStep';
  sizes: number[];
  activation: Activation;
  /** W_l [sizes[l+1], sizes[l]] and b_l, as float32. */
  weights: Float32Array[];
  biases: Float32Array[];
  points: Point[];
}
/** Every call the check makes: a kernel's (TrainingKernels.runArrays) or the lab's whole step. */
export type ParityCall = ArrayCall | MlpStepCall;

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
  sgd: 'SGD update of one tensor, w −= η·g',
  biasAct: 'bias and activation, z += b, a = f(z)',
  actBack: 'activation backward, δ = dA ⊙ f′(z)',
  biasGrad: 'bias gradient, db += column sums of δ',
  bceHead: 'cross-entropy loss and its gradient at the logit',
  mlpStep: 'the training lab’s network: loss and every gradient, against the float64 CPU network',
};
export const KERNEL_ORDER: readonly CheckName[] = ['matmulNT', 'matmulNNAcc', 'matmulTNAcc', 'adamw', 'linearStep', 'sgd', 'biasAct', 'actBack', 'biasGrad', 'bceHead', 'mlpStep'];
/** The activations by name, with the output layer's identity; their codes are ACT_CODES. */
export const ACT_NAMES = ['relu', 'tanh', 'sigmoid', 'silu', 'identity'] as const;
/** The training lab's networks the whole step is checked on: hidden sizes, activation and batch size. */
export const MLP_STEP_SHAPES: readonly { hidden: number[]; activation: Activation; batch: number }[] = [
  { hidden: [8, 8], activation: 'tanh', batch: 16 },
  { hidden: [16, 16], activation: 'relu', batch: 200 },
  { hidden: [8, 8, 8], activation: 'silu', batch: 7 },
  { hidden: [4], activation: 'sigmoid', batch: 1 },
];
/** The shapes (T, n, m) of the one-batch training step of a linear layer. */
export const STEP_SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [7, 33, 5],
  [127, 5, 33],
];

export interface ParityCase {
  /** The shape in words, e.g. "T 7, n 5, m 33" or "[7, 33], step 4, clip 0.37". */
  readonly shape: string;
  readonly call: ParityCall;
}

/** Runs one call on the backend under test and returns its outputs, in the order cpuTwin returns them. */
export type KernelRunner = (call: ParityCall) => Promise<Float32Array[]>;

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
 * on a first step from zero moments and on a later, clipped step, the four kernels in one batch (linearStep)
 * at STEP_SHAPES; then the training lab's kernels: SGD at four sizes, bias + activation and activation backward
 * for each activation at three shapes (pre-activations up to about ±20, some exactly 0), the bias gradient at
 * every T in ROWS and n in COLUMNS, the loss head at T = 1, 7, 200 (logits up to ±30), and the lab's whole
 * forward and backward pass (mlpStep) at MLP_STEP_SHAPES.
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
  for (const count of [1, 5, 33, 127 * 33]) {
    cases.push({ shape: `${count} values, η 0.3`, call: { kernel: 'sgd', w: fill(count, 0.5), g: fill(count), lr: 0.3 } });
  }
  // Pre-activations over a wide range: saturated tanh and σ (|z| up to about 20), and some exactly 0 (ReLU's kink).
  const wide = (count: number) => fill(count, 6).map((x, i) => (i % 7 === 3 ? 0 : x));
  for (const act of ACT_NAMES) {
    for (const [T, n] of [[1, 1], [7, 5], [127, 33]] as const) {
      const shape = `${act}, T ${T}, n ${n}`;
      cases.push({ shape, call: { kernel: 'biasAct', z: wide(T * n), b: fill(n), T, n, act: ACT_CODES[act] } });
      cases.push({ shape, call: { kernel: 'actBack', da: fill(T * n), z: wide(T * n), T, n, act: ACT_CODES[act] } });
    }
  }
  for (const T of ROWS) for (const n of COLUMNS) cases.push({ shape: `T ${T}, n ${n}`, call: { kernel: 'biasGrad', d: fill(T * n), db: fill(n), T, n } });
  for (const T of [1, 7, 200]) {
    const y = Float32Array.from({ length: T }, (_, t) => t % 2);
    cases.push({ shape: `T ${T}`, call: { kernel: 'bceHead', z: wide(T).map((x, t) => (t % 5 === 1 ? 30 * Math.sign(x || 1) : x)), y, T } });
  }
  for (const { hidden, activation, batch } of MLP_STEP_SHAPES) {
    const sizes = [2, ...hidden, 1];
    const layers = sizes.slice(1).map((out, l) => ({ out, inn: sizes[l]! }));
    const points: Point[] = Array.from({ length: batch }, (_, t) => ({ x: Math.tanh(normal()), y: Math.tanh(normal()), label: t % 2 === 0 ? 0 : 1 }));
    cases.push({
      shape: `${sizes.join('-')} ${activation}, batch ${batch}`,
      call: {
        kernel: 'mlpStep',
        sizes,
        activation,
        weights: layers.map(({ out, inn }) => fill(out * inn, 1 / Math.sqrt(inn))),
        biases: layers.map(({ out }) => fill(out, 0.1)),
        points,
      },
    });
  }
  return cases;
}

/**
 * The CPU twin's outputs for a call (its inputs are copied, never changed): [y], [dx], [dw], [w, m, v], for
 * linearStep [y, dx, dw, w, m, v], [w] for sgd, [z, a] for biasAct, [da] for actBack, [db] for biasGrad, [loss, d]
 * for bceHead, and for mlpStep [loss, dW_0 …, db_0 …] from mlp.ts's lossAndGradients. The products and the AdamW
 * update are the reference's unless others are given (the unit tests stand float32 versions in for the GPU).
 * @example cpuTwin({ kernel: 'matmulNT', x, w, T, n, m })[0] // y
 */
export function cpuTwin(call: ParityCall, k: Kernels = referenceKernels, adamw: typeof adamwTensor = adamwTensor): Float32Array[] {
  // The lab's twins run in float64 here, on copies of the float32 inputs; their answers are stored as float32.
  const f64 = (a: Float32Array) => Float64Array.from(a);
  const f32 = (a: Float64Array) => Float32Array.from(a);
  switch (call.kernel) {
    case 'sgd': {
      const w = f64(call.w);
      sgdUpdate(w, call.g, call.lr);
      return [f32(w)];
    }
    case 'biasAct': {
      const [z, a] = [f64(call.z), new Float64Array(call.T * call.n)];
      biasActivation(z, call.b, a, call.T, call.n, call.act);
      return [f32(z), f32(a)];
    }
    case 'actBack': {
      const da = f64(call.da);
      activationBackward(da, call.z, call.T, call.n, call.act);
      return [f32(da)];
    }
    case 'biasGrad': {
      const db = f64(call.db);
      biasGradient(call.d, db, call.T, call.n);
      return [f32(db)];
    }
    case 'bceHead': {
      const [loss, d] = [new Float64Array(call.T), new Float64Array(call.T)];
      bceHead(call.z, call.y, loss, d, call.T);
      return [f32(loss), f32(d)];
    }
    case 'mlpStep': {
      const net = { sizes: call.sizes, activation: call.activation, weights: call.weights.map(f64), biases: call.biases.map(f64) };
      const { loss, grads } = lossAndGradients(net, call.points);
      return [Float32Array.of(loss), ...grads.weights.map(f32), ...grads.biases.map(f32)];
    }
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
export function normwiseError(actual: ArrayLike<number>, expected: ArrayLike<number>): { error: number; maxAbs: number } {
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
