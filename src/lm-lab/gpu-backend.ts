/**
 * The language-model lab's WebGPU backend: the recipe's training step (src/train/trainer.ts) with every linear
 * layer's three products — y = x·Wᵀ forward, dX = dY·W and dW = dYᵀ·X backward — and AdamW's update on the GPU,
 * through the training kernels (src/model/webgpu/training/: matmul-nt, matmul-nn-acc, matmul-tn-acc, adamw; each
 * checked against its CPU twin on /lab/training-kernels/). Everything between two products (norms, RoPE, attention,
 * routing, SwiGLU, the losses and their gradients) runs on the CPU in the same worker, by the same code as the CPU
 * backend: the window's forward and backward are generators (forward.ts, Tape.backwardSteps) that yield each product.
 *
 * The weights, their gradients and AdamW's moments live on the GPU. The batch's windows advance in lockstep: each
 * runs on the CPU up to its next products (forward.ts yields those that do not wait for each other together, and
 * the tape hands over consecutive linear backward steps together), the products of all windows go to the GPU as one
 * submission, one matmul per weight over the windows' rows stacked, and one readback brings what the CPU needs
 * (about 36 round trips a step for MiniSeek). The weight gradients stay on the GPU and add up there (in a fixed
 * order, so a run is reproducible on one GPU). At the step's end the GPU's weight gradients come
 * back once, for the global norm that clipping needs (summed on the CPU in the CPU optimiser's order), AdamW runs on
 * the GPU, and the new weights come back once for the CPU's share of the next step and for the page's guesses.
 */
import { gradOf, recordDeferred, Tape, type DeferredGrad, type DeferredGrads } from '../model/autodiff';
import type { MiniSeekConfig } from '../model/config';
import type { LinearProducts } from '../model/forward';
import { matrixDims, Tensor } from '../model/tensor';
import { inRegion, Region } from '../model/tensor-memory';
import { ADAMW_DEFAULTS, biasCorrections, decayFor, type AdamWTensorStep } from '../train/adamw';
import { updateBias } from '../train/load-balance';
import { learningRate, StepTotals, trainableParams, windowPassSteps, type TrainOptions, type WindowResult } from '../train/trainer';
import type { TrainBackend } from './engine';

/** One tensor's AdamW state on the device: weights, gradient and the two moments, `count` floats each. */
export interface AdamWBuffers<B> {
  readonly w: B;
  readonly g: B;
  readonly m: B;
  readonly v: B;
  readonly count: number;
}

/** The kernels a step records (TrainingBatch on WebGPU; argument orders are the CPU twins'). */
export interface LmOps<B> {
  matmulNT(x: B, w: B, y: B, T: number, n: number, m: number): this;
  matmulNNAcc(dy: B, w: B, dx: B, T: number, m: number, n: number): this;
  matmulTNAcc(dy: B, x: B, dw: B, T: number, m: number, n: number): this;
  adamw(t: AdamWBuffers<B>, step: AdamWTensorStep): this;
  clear(buffer: B): this;
  submit(): Promise<void>;
}

/** Where the products and the optimiser run: TrainingKernels on WebGPU, or float32 arrays in a unit test. */
export interface LmDevice<B> {
  alloc(count: number, label?: string): B;
  upload(data: Float32Array, label?: string): B;
  write(buffer: B, data: Float32Array): void;
  batch(label?: string): LmOps<B>;
  read(buffers: readonly B[], counts: readonly number[]): Promise<Float32Array[]>;
  destroy(buffer: B): void;
}

/** A linear layer's backward, left by its tape step for the GPU: dY came from the CPU ops above it. */
interface LinearGrad extends DeferredGrad {
  readonly x: Tensor;
  readonly w: Tensor;
  readonly dy: Float32Array;
  /** Where dX adds up (x's gradient), or undefined when x needs none. */
  readonly gx: Float32Array | undefined;
}

/**
 * Products to run together, by weight in the order first asked: the forward parts (x in, y out) and the backward
 * parts (dY and x in; dW onto the weight's gradient on the GPU, dX added onto gx), each part one window's rows.
 */
class Plan {
  readonly forwards = new Map<Tensor, { x: Float32Array; y: Float32Array; T: number }[]>();
  readonly backwards = new Map<Tensor, { x: Float32Array; dy: Float32Array; gx: Float32Array | undefined; T: number }[]>();
  private readonly targets = new Set<Float32Array>();

  forward(w: Tensor, x: Float32Array, y: Float32Array, T: number): void {
    const parts = this.forwards.get(w) ?? [];
    parts.push({ x, y, T });
    this.forwards.set(w, parts);
  }

  backward(w: Tensor, x: Float32Array, dy: Float32Array, gx: Float32Array | undefined, T: number): void {
    const parts = this.backwards.get(w) ?? [];
    parts.push({ x, dy, gx, T });
    this.backwards.set(w, parts);
    if (gx) this.targets.add(gx);
  }

  /** Whether a part of this plan adds to `grad` (a later step must not read it before the plan has run). */
  writes(grad: Float32Array): boolean {
    return this.targets.has(grad);
  }
}

/** The parts, one after another, in one array of `length` floats. */
function stack(parts: readonly Float32Array[], length: number): Float32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Splits `values` back into the parts, in order. */
function unstack(values: Float32Array, parts: readonly Float32Array[]): void {
  let at = 0;
  for (const p of parts) {
    p.set(values.subarray(at, at + p.length));
    at += p.length;
  }
}

/** One window of the batch: its tape, the region its tensors live in, and its steps. */
interface Lane {
  readonly tape: Tape;
  readonly region: Region;
  readonly steps: Generator<LinearProducts | DeferredGrads, WindowResult, Tensor[]>;
  /** What the lane's next resumption receives (the products it asked for; nothing after gradients). */
  answer?: Tensor[];
  result?: WindowResult;
}

export class GpuBackend<B = GPUBuffer> implements TrainBackend {
  readonly name = 'webgpu' as const;
  private readonly params: Tensor[];
  private readonly state = new Map<Tensor, AdamWBuffers<B>>();
  /** Regions reused step after step, one per window of the batch. */
  private readonly regions: Region[] = [];
  private updates = 0;

  /** Uploads the weights (and zero gradients and moments) to the GPU. */
  constructor(
    readonly model: { config: MiniSeekConfig; weights: Map<string, Tensor> },
    private readonly stream: Int32Array,
    private readonly gpu: LmDevice<B>,
  ) {
    this.params = trainableParams(model.weights);
    for (const p of this.params) {
      this.state.set(p, {
        w: gpu.upload(p.data, `lm lab ${p.name}`),
        g: gpu.alloc(p.size, `lm lab ${p.name} grad`),
        m: gpu.alloc(p.size, `lm lab ${p.name} m`),
        v: gpu.alloc(p.size, `lm lab ${p.name} v`),
        count: p.size,
      });
    }
  }

  async step(step: number, starts: readonly number[], options: TrainOptions): Promise<number> {
    const lanes: Lane[] = starts.map((start, i) => {
      const region = (this.regions[i] ??= new Region(true));
      region.reset();
      const tape = new Tape();
      return { tape, region, steps: windowPassSteps(this.model, this.stream, start, options, tape) };
    });
    const made: B[] = [];
    const onGpu = new Set<Tensor>();
    try {
      for (;;) {
        const calls: [Lane, LinearProducts | DeferredGrads][] = [];
        for (const lane of lanes) {
          if (lane.result) continue;
          const r = this.enter(lane, () => lane.steps.next(lane.answer!));
          if (r.done) lane.result = r.value;
          else calls.push([lane, r.value]);
        }
        if (calls.length === 0) break;
        await this.products(calls, made, onGpu);
      }
      const totals = new StepTotals();
      for (const lane of lanes) totals.add(lane.result!);
      await this.optimise(step, options, onGpu);
      for (const [layer, load] of totals.loads) {
        updateBias(this.model.weights.get(`model.layers.${layer}.mlp.gate.e_score_correction_bias`)!.data, load, options.biasGamma);
      }
      return totals.loss / options.batch;
    } catch (error) {
      // A failed step leaves the weights as the last finished step left them; its CPU gradients go.
      for (const p of this.params) p.grad = undefined;
      throw error;
    } finally {
      for (const b of made) this.gpu.destroy(b);
    }
  }

  /** Frees the GPU's copies (the device may be lost already; destroying is harmless then). */
  destroy(): void {
    for (const t of this.state.values()) for (const b of [t.w, t.g, t.m, t.v]) this.gpu.destroy(b);
    this.state.clear();
  }

  /** Runs `fn` with the lane's tape recording and its region active, as the CPU's windowPass runs its window. */
  private enter<T>(lane: Lane, fn: () => T): T {
    return inRegion(lane.region, () => lane.tape.run(fn));
  }

  /**
   * The lanes' products: those of one weight from all lanes as one product over their rows stacked (the windows'
   * q_a projections as one [8·48, 64] × [64, 32]ᵀ, say), all in one GPU submission with one readback of what the CPU
   * needs (the y's, the dX's). If a gradient step reads a dX an earlier one in the plan writes, the plan so far runs
   * first.
   */
  private async products(calls: readonly [Lane, LinearProducts | DeferredGrads][], made: B[], onGpu: Set<Tensor>): Promise<void> {
    let plan = new Plan();
    for (const [lane, request] of calls) {
      if (request.kind === 'linear') {
        lane.answer = request.calls.map((call) => {
          const { name, x, w } = call;
          const [T, n] = matrixDims(x);
          const [m, n2] = matrixDims(w);
          if (n !== n2) throw new Error(`linear "${name}": input "${x.name}" has ${n} columns, weight "${w.name}" expects ${n2} ([${m}, ${n2}])`);
          if (!this.state.has(w)) throw new Error(`linear "${name}": weight "${w.name}" is not one the lab trains`);
          onGpu.add(w);
          // y lives in the lane's region, and its backward step is recorded on the lane's tape, as nn-ops' linear does.
          const y = this.enter(lane, () => {
            const out = new Tensor(name, [T, m]);
            out.requiresGrad = x.requiresGrad || w.requiresGrad;
            recordDeferred([x, w], (): LinearGrad | undefined => {
              const dy = out.grad;
              if (!dy) return undefined;
              return { kind: 'deferred-grad', x, w, dy, gx: x.requiresGrad ? gradOf(x) : undefined };
            });
            return out;
          });
          plan.forward(w, x.data, y.data, T);
          return y;
        });
      } else {
        for (const grad of request.grads) {
          const { x, w, dy, gx } = grad as LinearGrad;
          if (plan.writes(dy)) {
            await this.run(plan, made);
            plan = new Plan();
          }
          plan.backward(w, x.data, dy, gx, x.shape[0]!);
        }
        lane.answer = [];
      }
    }
    await this.run(plan, made);
  }

  /** Records a plan's products, submits them, reads back and hands out the y's and dX's. */
  private async run(plan: Plan, made: B[]): Promise<void> {
    const gpu = this.gpu;
    const keep = (b: B) => (made.push(b), b);
    const batch = gpu.batch('lm lab products');
    const reads: { buffer: B; count: number; done: (values: Float32Array) => void }[] = [];
    for (const [w, parts] of plan.forwards) {
      const weight = this.state.get(w)!;
      const [m, n] = matrixDims(w);
      const rows = parts.reduce((s, p) => s + p.T, 0);
      const xBuffer = keep(gpu.upload(stack(parts.map((p) => p.x), rows * n), `lm lab ${w.name} x`));
      const yBuffer = keep(gpu.alloc(rows * m, `lm lab ${w.name} y`));
      batch.matmulNT(xBuffer, weight.w, yBuffer, rows, n, m);
      reads.push({ buffer: yBuffer, count: rows * m, done: (values) => unstack(values, parts.map((p) => p.y)) });
    }
    for (const [w, parts] of plan.backwards) {
      const weight = this.state.get(w)!;
      const [m, n] = matrixDims(w);
      const rows = parts.reduce((s, p) => s + p.T, 0);
      const dyBuffer = keep(gpu.upload(stack(parts.map((p) => p.dy), rows * m), `lm lab ${w.name} dy`));
      if (w.requiresGrad) {
        const xBuffer = keep(gpu.upload(stack(parts.map((p) => p.x), rows * n), `lm lab ${w.name} x`));
        batch.matmulTNAcc(dyBuffer, xBuffer, weight.g, rows, m, n);
      }
      if (parts.some((p) => p.gx)) {
        const dxBuffer = keep(gpu.alloc(rows * n, `lm lab ${w.name} dx`));
        batch.matmulNNAcc(dyBuffer, weight.w, dxBuffer, rows, m, n);
        reads.push({
          buffer: dxBuffer,
          count: rows * n,
          done: (values) => {
            let at = 0;
            for (const { gx, T } of parts) {
              if (gx) for (let i = 0; i < T * n; i++) gx[i]! += values[at + i]!;
              at += T * n;
            }
          },
        });
      }
    }
    const submitted = batch.submit();
    const values = reads.length ? await gpu.read(reads.map((r) => r.buffer), reads.map((r) => r.count)) : [];
    await submitted;
    reads.forEach((r, i) => r.done(values[i]!));
  }

  /**
   * The CPU optimiser's update (src/train/adamw.ts), on the GPU: gradients averaged over the batch, clipped to the
   * global norm, AdamW with decay on matrices only; parameters with no gradient this step are left alone, as there.
   */
  private async optimise(step: number, options: TrainOptions, onGpu: ReadonlySet<Tensor>): Promise<void> {
    const gpu = this.gpu;
    const { beta1, beta2, eps, weightDecay, clipNorm } = ADAMW_DEFAULTS;
    const fromGpu = this.params.filter((p) => onGpu.has(p));
    const gpuGrads = new Map<Tensor, Float32Array>();
    const read = await gpu.read(fromGpu.map((p) => this.state.get(p)!.g), fromGpu.map((p) => p.size));
    fromGpu.forEach((p, i) => gpuGrads.set(p, read[i]!));
    const B = options.batch;
    let sq = 0;
    const stepping: Tensor[] = [];
    for (const p of this.params) {
      if (gpuGrads.has(p) && p.grad) throw new Error(`"${p.name}" has a gradient on both the GPU and the CPU`);
      const g = gpuGrads.get(p) ?? p.grad;
      if (!g) continue;
      stepping.push(p);
      for (let i = 0; i < g.length; i++) {
        const gi = g[i]! / B;
        sq += gi * gi;
      }
    }
    const norm = Math.sqrt(sq);
    // The gradients on the GPU are the batch's sums: the kernel's clip factor takes the 1/B with it.
    const clip = (norm > clipNorm ? clipNorm / norm : 1) / B;
    this.updates++;
    const { c1, c2 } = biasCorrections(this.updates, beta1, beta2);
    const lr = learningRate(step, options);
    const batch = gpu.batch('lm lab adamw');
    for (const p of stepping) {
      const t = this.state.get(p)!;
      if (!onGpu.has(p)) gpu.write(t.g, p.grad!);
      batch.adamw(t, { lr, beta1, beta2, eps, decay: decayFor(p.shape, weightDecay), c1, c2, clip });
    }
    for (const p of fromGpu) batch.clear(this.state.get(p)!.g);
    const submitted = batch.submit();
    const weights = await gpu.read(stepping.map((p) => this.state.get(p)!.w), stepping.map((p) => p.size));
    await submitted;
    stepping.forEach((p, i) => {
      p.data.set(weights[i]!);
      p.grad = undefined;
    });
  }
}
