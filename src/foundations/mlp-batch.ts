/**
 * The Foundations MLP's steps in batch form (a mini-batch as the rows of a matrix), as the lab's WebGPU trainer runs
 * them: the CPU twins of its elementwise kernels (src/model/webgpu/training/bias-act.wgsl, act-back.wgsl,
 * bias-grad.wgsl, bce-head.wgsl), and Float32Device, a CPU stand-in for the GPU that runs the trainer's exact
 * sequence of kernels on float32 arrays (the unit tests' way to check the trainer's wiring, and to measure how far
 * float32 training drifts from mlp.ts's float64, without a GPU).
 *
 * Matrices are row-major: a batch of T rows of n features is [T, n]. The activation is chosen by its code in
 * ACT_CODES, the number the kernels take (identity for the output layer, whose z is the logit).
 */
import { referenceKernels } from '../model/kernels/reference';
import { ACTIVATION, bce, type Activation } from './mlp';
import { sgdUpdate } from './sgd';

/** The kernels' activation codes: params.act in bias-act.wgsl and act-back.wgsl. */
export const ACT_CODES: Record<Activation | 'identity', number> = { relu: 0, tanh: 1, sigmoid: 2, silu: 3, identity: 4 };
const BY_CODE: readonly (Activation | 'identity')[] = ['relu', 'tanh', 'sigmoid', 'silu', 'identity'];

/** Storage for the twins: float32 like the GPU's buffers, or float64 for a reference. */
export type Floats = Float32Array | Float64Array;

const IDENTITY = { f: (z: number) => z, df: () => 1 };
function activationOf(code: number): { f: (z: number) => number; df: (z: number) => number } {
  const name = BY_CODE[code];
  if (name === undefined) throw new Error(`mlp-batch: no activation has code ${code}`);
  return name === 'identity' ? IDENTITY : ACTIVATION[name];
}

/**
 * z[t, o] += b[o], then a[t, o] = f(z[t, o]), for the first T rows of z, a [·, n]. Twin of bias-act.wgsl.
 * @example biasActivation(z, b, a, 16, 8, ACT_CODES.tanh)
 */
export function biasActivation(z: Floats, b: ArrayLike<number>, a: Floats, T: number, n: number, act: number): void {
  const { f } = activationOf(act);
  for (let t = 0; t < T; t++) {
    for (let o = 0; o < n; o++) {
      const i = t * n + o;
      z[i]! += b[o]!;
      a[i] = f(z[i]!);
    }
  }
}

/** da[t, i] *= f′(z[t, i]) for the first T rows: the gradient reaching a layer's output becomes its δ. Twin of act-back.wgsl. */
export function activationBackward(da: Floats, z: ArrayLike<number>, T: number, n: number, act: number): void {
  const { df } = activationOf(act);
  for (let i = 0; i < T * n; i++) da[i]! *= df(z[i]!);
}

/** db[o] += Σ_t d[t, o] over the first T rows, summed in row order. Twin of bias-grad.wgsl. */
export function biasGradient(d: ArrayLike<number>, db: Floats, T: number, n: number): void {
  for (let o = 0; o < n; o++) {
    let s = 0;
    for (let t = 0; t < T; t++) s += d[t * n + o]!;
    db[o]! += s;
  }
}

/**
 * Per row t < T: loss[t] = bce(z[t], y[t]) and d[t] = (σ(z[t]) − y[t]) / T, the δ of the mean loss at the logit.
 * Twin of bce-head.wgsl; mlp.ts's lossAndGradients starts its backward pass from the same δ.
 */
export function bceHead(z: ArrayLike<number>, y: ArrayLike<number>, loss: Floats, d: Floats, T: number): void {
  for (let t = 0; t < T; t++) {
    const label = y[t] === 1 ? 1 : 0;
    loss[t] = bce(z[t]!, label);
    d[t] = (1 / (1 + Math.exp(-z[t]!)) - label) / T;
  }
}

/**
 * The operations the lab's trainer records for one submission, in WebGPU's order of execution. TrainingBatch
 * (src/model/webgpu/training/training-kernels.ts) records them for the GPU; Float32Device's batches run them at once.
 * Argument orders are the twins'.
 */
export interface MlpOps<B> {
  matmulNT(x: B, w: B, y: B, T: number, n: number, m: number): this;
  matmulNNAcc(dy: B, w: B, dx: B, T: number, m: number, n: number): this;
  matmulTNAcc(dy: B, x: B, dw: B, T: number, m: number, n: number): this;
  biasAct(z: B, b: B, a: B, T: number, n: number, act: number): this;
  actBack(da: B, z: B, T: number, n: number, act: number): this;
  biasGrad(d: B, db: B, T: number, n: number): this;
  bceHead(z: B, y: B, loss: B, d: B, T: number): this;
  sgd(w: B, g: B, count: number, lr: number): this;
  /** Sets a whole buffer to 0. */
  clear(buffer: B): this;
  /** Copies `count` floats from the start of `src` to `dst` at float offset `at`. */
  copy(src: B, dst: B, at: number, count: number): this;
  /** Sends what was recorded; resolves when it has run. */
  submit(): Promise<void>;
}

/** Where the trainer's buffers live: the GPU (TrainingKernels) or, for tests, CPU arrays (Float32Device). */
export interface MlpDevice<B> {
  /** A buffer of `count` floats, all 0. */
  alloc(count: number, label?: string): B;
  /** A buffer holding `data`. */
  upload(data: Float32Array, label?: string): B;
  /** Overwrites the start of `buffer` with `data`, ordered before any batch submitted after this call. */
  write(buffer: B, data: Float32Array): void;
  batch(label?: string): MlpOps<B>;
  /** The first counts[i] floats of each buffer, after everything submitted so far. */
  read(buffers: readonly B[], counts: readonly number[]): Promise<Float32Array[]>;
  destroy(buffer: B): void;
}

/** The GPU's kernel sequence on float32 arrays: reference matmuls (float64 sums stored as float32) and the twins. */
export class Float32Device implements MlpDevice<Float32Array> {
  alloc(count: number): Float32Array {
    return new Float32Array(count);
  }
  upload(data: Float32Array): Float32Array {
    return data.slice();
  }
  write(buffer: Float32Array, data: Float32Array): void {
    buffer.set(data);
  }
  batch(): MlpOps<Float32Array> {
    const k = referenceKernels;
    const ops: MlpOps<Float32Array> = {
      matmulNT: (x, w, y, T, n, m) => (k.matmulNT(x, w, y, T, n, m), ops),
      matmulNNAcc: (dy, w, dx, T, m, n) => (k.matmulNNAcc(dy, w, dx, T, m, n), ops),
      matmulTNAcc: (dy, x, dw, T, m, n) => (k.matmulTNAcc(dy, x, dw, T, m, n), ops),
      biasAct: (z, b, a, T, n, act) => (biasActivation(z, b, a, T, n, act), ops),
      actBack: (da, z, T, n, act) => (activationBackward(da, z, T, n, act), ops),
      biasGrad: (d, db, T, n) => (biasGradient(d, db, T, n), ops),
      bceHead: (z, y, loss, d, T) => (bceHead(z, y, loss, d, T), ops),
      sgd: (w, g, count, lr) => (sgdUpdate(w.subarray(0, count), g, lr), ops),
      clear: (b) => (b.fill(0), ops),
      copy: (src, dst, at, count) => (dst.set(src.subarray(0, count), at), ops),
      submit: () => Promise.resolve(),
    };
    return ops;
  }
  async read(buffers: readonly Float32Array[], counts: readonly number[]): Promise<Float32Array[]> {
    return buffers.map((b, i) => b.slice(0, counts[i]));
  }
  destroy(): void {}
}
