/**
 * The training lab's MLP trained on a device: on the GPU through WebGPU (TrainingKernels), or on Float32Device in
 * the unit tests. Every step is one submission: the mini-batch's forward pass (matmul, then bias and activation, per
 * layer), the loss and δ at the logit, the backward pass (weight gradient dW += δᵀA, bias gradient, input gradient
 * dA += δW, times f′(z)), the SGD update of every tensor, and a forward pass over all the data whose per-point losses
 * are copied out for the loss curve. The parameters stay on the device; a run of steps reads back only the losses
 * and, once at its end, the parameters.
 *
 * Float32 on the device against mlp.ts's float64: the same mathematics in another precision, so the curves agree
 * closely at first and drift apart slowly (see e2e/training-lab-webgpu.spec.ts for the tolerance checked).
 */
import type { Point } from './datasets';
import { ACT_CODES, type MlpDevice, type MlpOps } from './mlp-batch';
import type { Mlp } from './mlp';

/** What a run of steps gives back: each step's mini-batch loss and loss over all the data, and the parameters after. */
export interface DeviceRun {
  readonly batchLosses: number[];
  readonly fullLosses: number[];
  readonly weights: Float32Array[];
  readonly biases: Float32Array[];
}

export class DeviceMlp<B> {
  private readonly L: number;
  private readonly N: number;
  private readonly act: number;
  private readonly W: B[];
  private readonly b: B[];
  private readonly gW: B[];
  private readonly gb: B[];
  /** Per layer: pre-activations z and activations a, N rows each. */
  private readonly z: B[];
  private readonly a: B[];
  /** Per hidden layer: the gradient reaching its output, then (in place) its δ. */
  private readonly dA: B[];
  private readonly dOut: B;
  private readonly losses: B;
  private readonly xBatch: B;
  private readonly yBatch: B;
  private readonly xAll: B;
  private readonly yAll: B;
  /** [steps × 2N]: per step, the mini-batch's per-point losses (first B), then all N points' losses. */
  private readonly results: B;
  private readonly all: B[] = [];

  /**
   * @param net the starting weights (rounded to float32 on the device)
   * @param maxSteps the most steps one run may take (the results buffer's size)
   */
  constructor(
    private readonly device: MlpDevice<B>,
    readonly sizes: readonly number[],
    activation: Mlp['activation'],
    net: { readonly weights: readonly ArrayLike<number>[]; readonly biases: readonly ArrayLike<number>[] },
    private readonly data: readonly Point[],
    readonly maxSteps: number,
  ) {
    this.L = sizes.length - 1;
    this.N = data.length;
    this.act = ACT_CODES[activation];
    const keep = (buffer: B) => (this.all.push(buffer), buffer);
    const layers = Array.from({ length: this.L }, (_, l) => l);
    this.W = layers.map((l) => keep(device.upload(Float32Array.from(net.weights[l]!), `W${l}`)));
    this.b = layers.map((l) => keep(device.upload(Float32Array.from(net.biases[l]!), `b${l}`)));
    this.gW = layers.map((l) => keep(device.alloc(this.rows(l) * sizes[l]!, `dW${l}`)));
    this.gb = layers.map((l) => keep(device.alloc(this.rows(l), `db${l}`)));
    this.z = layers.map((l) => keep(device.alloc(this.N * this.rows(l), `z${l}`)));
    this.a = layers.map((l) => keep(device.alloc(this.N * this.rows(l), `a${l}`)));
    this.dA = layers.slice(0, -1).map((l) => keep(device.alloc(this.N * this.rows(l), `dA${l}`)));
    this.dOut = keep(device.alloc(this.N, 'dlogit'));
    this.losses = keep(device.alloc(this.N, 'losses'));
    this.xBatch = keep(device.alloc(2 * this.N, 'x batch'));
    this.yBatch = keep(device.alloc(this.N, 'y batch'));
    this.xAll = keep(device.upload(inputs(data), 'x all'));
    this.yAll = keep(device.upload(labels(data), 'y all'));
    this.results = keep(device.alloc(maxSteps * 2 * this.N, 'losses per step'));
  }

  /** Neurons out of layer l. */
  private rows(l: number): number {
    return this.sizes[l + 1]!;
  }

  /** z_l = a_{l−1} W_lᵀ, then + b_l and f (the identity for the logit), for T rows starting from `x`. */
  private forward(ops: MlpOps<B>, x: B, T: number): void {
    for (let l = 0; l < this.L; l++) {
      const input = l === 0 ? x : this.a[l - 1]!;
      ops.matmulNT(input, this.W[l]!, this.z[l]!, T, this.sizes[l]!, this.rows(l));
      ops.biasAct(this.z[l]!, this.b[l]!, this.a[l]!, T, this.rows(l), l === this.L - 1 ? ACT_CODES.identity : this.act);
    }
  }

  /** Clears the gradients, then the mini-batch's forward pass, its loss and δ, and backpropagation into dW, db. */
  private gradients(ops: MlpOps<B>, T: number): void {
    for (const g of [...this.gW, ...this.gb, ...this.dA]) ops.clear(g);
    this.forward(ops, this.xBatch, T);
    ops.bceHead(this.z[this.L - 1]!, this.yBatch, this.losses, this.dOut, T);
    for (let l = this.L - 1; l >= 0; l--) {
      const delta = l === this.L - 1 ? this.dOut : this.dA[l]!;
      const input = l === 0 ? this.xBatch : this.a[l - 1]!;
      const [m, n] = [this.rows(l), this.sizes[l]!];
      ops.matmulTNAcc(delta, input, this.gW[l]!, T, m, n);
      ops.biasGrad(delta, this.gb[l]!, T, m);
      if (l === 0) break;
      ops.matmulNNAcc(delta, this.W[l]!, this.dA[l - 1]!, T, m, n);
      ops.actBack(this.dA[l - 1]!, this.z[l - 1]!, T, n, this.act);
    }
  }

  /** Puts the mini-batch's points in the batch buffers (ordered before the next submission). */
  private load(batch: readonly number[]): void {
    const points = batch.map((i) => this.data[i]!);
    this.device.write(this.xBatch, inputs(points));
    this.device.write(this.yBatch, labels(points));
  }

  /**
   * SGD steps, one per mini-batch (indices into the data), each with learning rate `lr`.
   * @example const run = await gpu.run([[3, 17, 5], [8, 0, 11]], 0.3); run.fullLosses // two losses over all data
   */
  async run(batches: readonly (readonly number[])[], lr: number): Promise<DeviceRun> {
    if (batches.length > this.maxSteps) throw new Error(`gpu-mlp: at most ${this.maxSteps} steps per run, not ${batches.length}`);
    const N = this.N;
    const done: Promise<void>[] = [];
    batches.forEach((batch, k) => {
      if (batch.length === 0 || batch.length > N) throw new Error(`gpu-mlp: a mini-batch has 1 to ${N} points, not ${batch.length}`);
      this.load(batch);
      const ops = this.device.batch(`training lab step ${k + 1}`);
      this.gradients(ops, batch.length);
      ops.copy(this.losses, this.results, k * 2 * N, batch.length);
      for (let l = 0; l < this.L; l++) {
        ops.sgd(this.W[l]!, this.gW[l]!, this.rows(l) * this.sizes[l]!, lr);
        ops.sgd(this.b[l]!, this.gb[l]!, this.rows(l), lr);
      }
      this.forward(ops, this.xAll, N);
      ops.bceHead(this.z[this.L - 1]!, this.yAll, this.losses, this.dOut, N);
      ops.copy(this.losses, this.results, k * 2 * N + N, N);
      done.push(ops.submit());
    });
    const [results, ...params] = await this.device.read([this.results, ...this.W, ...this.b], [batches.length * 2 * N, ...this.paramCounts()]);
    await Promise.all(done);
    const mean = (from: number, count: number) => {
      let s = 0;
      for (let i = 0; i < count; i++) s += results![from + i]!;
      return s / count;
    };
    return {
      batchLosses: batches.map((batch, k) => mean(k * 2 * N, batch.length)),
      fullLosses: batches.map((_, k) => mean(k * 2 * N + N, N)),
      weights: params.slice(0, this.L),
      biases: params.slice(this.L),
    };
  }

  /** The mean loss over all the data with the current parameters (the curve's step 0). */
  async fullLoss(): Promise<number> {
    const ops = this.device.batch('training lab loss');
    this.forward(ops, this.xAll, this.N);
    ops.bceHead(this.z[this.L - 1]!, this.yAll, this.losses, this.dOut, this.N);
    const done = ops.submit();
    const [losses] = await this.device.read([this.losses], [this.N]);
    await done;
    return losses!.reduce((s, x) => s + x, 0) / this.N;
  }

  /**
   * The mean loss of `points` and its gradient for every weight and bias, computed on the device and not applied:
   * what the parity check compares with mlp.ts's lossAndGradients.
   */
  async lossAndGradients(points: readonly Point[]): Promise<{ loss: number; weights: Float32Array[]; biases: Float32Array[] }> {
    if (points.length === 0 || points.length > this.N) throw new Error(`gpu-mlp: a mini-batch has 1 to ${this.N} points, not ${points.length}`);
    this.device.write(this.xBatch, inputs(points));
    this.device.write(this.yBatch, labels(points));
    const ops = this.device.batch('training lab gradients');
    this.gradients(ops, points.length);
    const done = ops.submit();
    const counts = this.paramCounts();
    const [losses, ...grads] = await this.device.read([this.losses, ...this.gW, ...this.gb], [points.length, ...counts]);
    await done;
    return { loss: losses!.reduce((s, x) => s + x, 0) / points.length, weights: grads.slice(0, this.L), biases: grads.slice(this.L) };
  }

  /** Float counts of W_0 … W_{L−1}, then b_0 … b_{L−1}. */
  private paramCounts(): number[] {
    const layers = Array.from({ length: this.L }, (_, l) => l);
    return [...layers.map((l) => this.rows(l) * this.sizes[l]!), ...layers.map((l) => this.rows(l))];
  }

  /** Frees every buffer. */
  destroy(): void {
    for (const b of this.all) this.device.destroy(b);
    this.all.length = 0;
  }
}

/** Points' coordinates as rows [x, y] of a float32 matrix [T, 2]. */
function inputs(points: readonly Point[]): Float32Array {
  const out = new Float32Array(2 * points.length);
  points.forEach((p, t) => {
    out[2 * t] = p.x;
    out[2 * t + 1] = p.y;
  });
  return out;
}

function labels(points: readonly Point[]): Float32Array {
  return Float32Array.from(points, (p) => p.label);
}

/**
 * One mini-batch's loss and gradients of a network on a device, in the order the parity check compares them:
 * [loss, dW_0 …, db_0 …]. Allocates, computes, reads back and frees.
 * @example const [loss, ...grads] = await deviceGradients(kernels, { sizes: [2, 8, 1], activation: 'tanh', weights, biases, points })
 */
export async function deviceGradients<B>(
  device: MlpDevice<B>,
  call: { sizes: readonly number[]; activation: Mlp['activation']; weights: Float32Array[]; biases: Float32Array[]; points: readonly Point[] },
): Promise<Float32Array[]> {
  const mlp = new DeviceMlp(device, call.sizes, call.activation, call, call.points, 1);
  try {
    const { loss, weights, biases } = await mlp.lossAndGradients(call.points);
    return [Float32Array.of(loss), ...weights, ...biases];
  } finally {
    mlp.destroy();
  }
}
