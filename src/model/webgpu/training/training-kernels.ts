/**
 * The WebGPU training kernels: nn.Linear's forward and its two backward matmuls, AdamW's and plain SGD's update of
 * one tensor, and the elementwise steps of the training lab's MLP (bias and activation forward, activation backward,
 * bias gradient, the binary cross-entropy head). They are compiled once per device and recorded in batches: a batch
 * is one command buffer, its dispatches in the order they were added (each sees the previous ones' writes), one
 * uniform buffer for all; the dispatches run in compute passes, cut where the batch clears or copies a buffer.
 *
 * CPU twins: referenceKernels.matmulNT / matmulNNAcc / matmulTNAcc (src/model/kernels/reference.ts; same argument
 * order here), adamwTensor (src/train/adamw.ts), sgdUpdate (src/foundations/sgd.ts) and biasActivation,
 * activationBackward, biasGradient, bceHead (src/foundations/mlp-batch.ts). Kernels whose output is a gradient add
 * to it, as the twins do.
 */
import { makeShaderDataDefinitions, makeStructuredView, type VariableDefinition } from 'webgpu-utils';
import type { MlpDevice, MlpOps } from '../../../foundations/mlp-batch';
import type { AdamWTensorStep } from '../../../train/adamw';
import { BufferUsage, MapMode } from '../flags';
import actBack from './act-back.wgsl?raw';
import adamw from './adamw.wgsl?raw';
import bceHead from './bce-head.wgsl?raw';
import biasAct from './bias-act.wgsl?raw';
import biasGrad from './bias-grad.wgsl?raw';
import matmulNNAcc from './matmul-nn-acc.wgsl?raw';
import matmulNT from './matmul-nt.wgsl?raw';
import matmulTNAcc from './matmul-tn-acc.wgsl?raw';
import sgd from './sgd.wgsl?raw';

export const TRAINING_SOURCES = { matmulNT, matmulNNAcc, matmulTNAcc, adamw, sgd, biasAct, actBack, biasGrad, bceHead } as const;
export type TrainingKernelName = keyof typeof TRAINING_SOURCES;
export const TRAINING_KERNEL_NAMES = Object.keys(TRAINING_SOURCES) as TrainingKernelName[];

/** The matmuls' square tile: TILE × TILE invocations per workgroup (their `override TILE`), 256 at 16. */
export const TILE = 16;
/** Invocations per workgroup of the elementwise kernels (their `override WG`). */
export const WORKGROUP = 64;
/** Workgroups per dispatch dimension every adapter allows (maxComputeWorkgroupsPerDimension's default). */
const MAX_GROUPS = 65535;
/** Uniform offsets must be multiples of minUniformBufferOffsetAlignment (256 on every adapter in practice). */
const UNIFORM_STRIDE = 256;

/** The pipeline-overridable constants each kernel is compiled with. */
const CONSTANTS: Record<TrainingKernelName, Record<string, number>> = {
  matmulNT: { TILE },
  matmulNNAcc: { TILE },
  matmulTNAcc: { TILE },
  adamw: { WG: WORKGROUP },
  sgd: { WG: WORKGROUP },
  biasAct: { WG: WORKGROUP },
  actBack: { WG: WORKGROUP },
  biasGrad: { WG: WORKGROUP },
  bceHead: { WG: WORKGROUP },
};

/** Each kernel's `params` uniform, reflected from its WGSL. */
export function reflectParams(name: TrainingKernelName): VariableDefinition {
  const params = makeShaderDataDefinitions(TRAINING_SOURCES[name]).uniforms.params;
  if (!params) throw new Error(`training kernel ${name}: no "params" uniform`);
  return params;
}

/** Workgroup counts of a matmul whose output is rows × cols. */
export function matmulGroups(rows: number, cols: number): [number, number, number] {
  return [Math.max(1, Math.ceil(cols / TILE)), Math.max(1, Math.ceil(rows / TILE)), 1];
}

/** Workgroup counts of an elementwise kernel over `count` values: x up to 65535, the rest in y (the kernel's index). */
export function elementwiseGroups(count: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(count / WORKGROUP));
  return groups <= MAX_GROUPS ? [groups, 1, 1] : [MAX_GROUPS, Math.ceil(groups / MAX_GROUPS), 1];
}

interface Compiled {
  readonly pipeline: GPUComputePipeline;
  readonly params: VariableDefinition;
}

interface Dispatch {
  readonly op: 'dispatch';
  readonly kernel: TrainingKernelName;
  readonly params: Record<string, number>;
  /** Storage bindings 1…n, in the kernel's binding order. */
  readonly buffers: readonly GPUBuffer[];
  readonly workgroups: readonly [number, number, number];
}

/** A command between dispatches: set a buffer to 0, or copy floats from one buffer into another at a float offset. */
type Command = Dispatch | { readonly op: 'clear'; readonly buffer: GPUBuffer } | { readonly op: 'copy'; readonly src: GPUBuffer; readonly dst: GPUBuffer; readonly at: number; readonly count: number };

/** One AdamW tensor on the GPU: its weights, gradient and two moments, `count` floats each. */
export interface GpuAdamWTensor {
  readonly w: GPUBuffer;
  readonly g: GPUBuffer;
  readonly m: GPUBuffer;
  readonly v: GPUBuffer;
  readonly count: number;
}

const compiled = new WeakMap<GPUDevice, Promise<TrainingKernels>>();

export class TrainingKernels implements MlpDevice<GPUBuffer> {
  private constructor(
    readonly device: GPUDevice,
    private readonly kernels: ReadonlyMap<TrainingKernelName, Compiled>,
  ) {}

  /**
   * The device's kernels, compiled on the first call and shared after. A WGSL or pipeline error rejects (and is
   * not cached), so the caller can fall back to the CPU.
   * @example const kernels = await TrainingKernels.forDevice(device)
   */
  static forDevice(device: GPUDevice): Promise<TrainingKernels> {
    let kernels = compiled.get(device);
    if (!kernels) {
      kernels = TrainingKernels.compile(device);
      compiled.set(device, kernels);
      kernels.catch(() => compiled.delete(device));
    }
    return kernels;
  }

  private static async compile(device: GPUDevice): Promise<TrainingKernels> {
    const entries = await Promise.all(
      TRAINING_KERNEL_NAMES.map(async (name) => {
        const module = device.createShaderModule({ label: `miniseek training ${name}`, code: TRAINING_SOURCES[name] });
        const pipeline = await device.createComputePipelineAsync({
          label: `miniseek training ${name}`,
          layout: 'auto',
          compute: { module, entryPoint: 'main', constants: CONSTANTS[name] },
        });
        return [name, { pipeline, params: reflectParams(name) }] as const;
      }),
    );
    return new TrainingKernels(device, new Map(entries));
  }

  /** A new, empty batch of dispatches. */
  batch(label = 'miniseek training'): TrainingBatch {
    return new TrainingBatch(this.device, this.kernels, label);
  }

  /** A storage buffer holding `data` (usable as any kernel's input or output, and copyable both ways). */
  upload(data: Float32Array, label = 'miniseek training data'): GPUBuffer {
    const buffer = this.alloc(data.length, label);
    this.write(buffer, data);
    return buffer;
  }

  /** A storage buffer of `count` floats, all 0 (WebGPU zeroes new buffers). */
  alloc(count: number, label = 'miniseek training data'): GPUBuffer {
    return this.device.createBuffer({ label, size: Math.max(4, count * 4), usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
  }

  /** Overwrites the start of `buffer` with `data`; the queue orders it before every batch submitted after this call. */
  write(buffer: GPUBuffer, data: Float32Array): void {
    if (data.byteLength > 0) this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  destroy(buffer: GPUBuffer): void {
    buffer.destroy();
  }

  /** Copies buffers back to the CPU through one staging buffer and one mapAsync; `counts[i]` floats of buffers[i]. */
  async read(buffers: readonly GPUBuffer[], counts: readonly number[]): Promise<Float32Array[]> {
    const total = counts.reduce((a, b) => a + b, 0);
    const staging = this.device.createBuffer({ label: 'miniseek training readback', size: Math.max(4, total * 4), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    try {
      const encoder = this.device.createCommandEncoder({ label: 'miniseek training readback' });
      let offset = 0;
      buffers.forEach((b, i) => {
        if (counts[i]! > 0) encoder.copyBufferToBuffer(b, 0, staging, offset * 4, counts[i]! * 4);
        offset += counts[i]!;
      });
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(MapMode.READ);
      const all = new Float32Array(staging.getMappedRange().slice(0));
      staging.unmap();
      let at = 0;
      return counts.map((n) => all.slice(at, (at += n)));
    } finally {
      staging.destroy();
    }
  }

  /**
   * Runs one kernel on CPU arrays (uploads, one dispatch, one readback, every buffer destroyed): the parity check's
   * path. Returns the kernel's outputs: [y] for matmulNT, [dx] / [dw] for the accumulating matmuls (from the given
   * initial values), [w, m, v] for adamw, [w] for sgd, [z, a] for biasAct, [da] for actBack, [db] for biasGrad,
   * [loss, d] for bceHead, and for linearStep (one batch of four dispatches: a linear layer's
   * forward, both gradients from zero, then AdamW on W from zero moments with dW as its gradient) [y, dx, dw, w, m, v].
   */
  async runArrays(call: ArrayCall): Promise<Float32Array[]> {
    const made: GPUBuffer[] = [];
    const up = (data: Float32Array, label: string) => {
      const b = this.upload(data, `miniseek training ${label}`);
      made.push(b);
      return b;
    };
    try {
      const batch = this.batch(`miniseek training ${call.kernel}`);
      let outputs: GPUBuffer[];
      let counts: number[];
      if (call.kernel === 'linearStep') {
        const { T, n, m } = call;
        const [x, y, dy, dx] = [up(call.x, 'x'), up(new Float32Array(T * m), 'y'), up(call.dy, 'dy'), up(new Float32Array(T * n), 'dx')];
        const t = { w: up(call.w, 'w'), g: up(new Float32Array(m * n), 'dw'), m: up(new Float32Array(m * n), 'm'), v: up(new Float32Array(m * n), 'v'), count: m * n };
        batch.matmulNT(x, t.w, y, T, n, m).matmulNNAcc(dy, t.w, dx, T, m, n).matmulTNAcc(dy, x, t.g, T, m, n).adamw(t, call.step);
        outputs = [y, dx, t.g, t.w, t.m, t.v];
        counts = [T * m, T * n, m * n, m * n, m * n, m * n];
      } else if (call.kernel === 'adamw') {
        const t = { w: up(call.w, 'w'), g: up(call.g, 'g'), m: up(call.m, 'm'), v: up(call.v, 'v'), count: call.w.length };
        batch.adamw(t, call.step);
        outputs = [t.w, t.m, t.v];
        counts = [t.count, t.count, t.count];
      } else if (call.kernel === 'sgd') {
        const w = up(call.w, 'w');
        batch.sgd(w, up(call.g, 'g'), call.w.length, call.lr);
        outputs = [w];
        counts = [call.w.length];
      } else if (call.kernel === 'biasAct') {
        const { T, n } = call;
        const [z, a] = [up(call.z, 'z'), up(new Float32Array(T * n), 'a')];
        batch.biasAct(z, up(call.b, 'b'), a, T, n, call.act);
        outputs = [z, a];
        counts = [T * n, T * n];
      } else if (call.kernel === 'actBack') {
        const { T, n } = call;
        const da = up(call.da, 'da');
        batch.actBack(da, up(call.z, 'z'), T, n, call.act);
        outputs = [da];
        counts = [T * n];
      } else if (call.kernel === 'biasGrad') {
        const db = up(call.db, 'db');
        batch.biasGrad(up(call.d, 'd'), db, call.T, call.n);
        outputs = [db];
        counts = [call.n];
      } else if (call.kernel === 'bceHead') {
        const { T } = call;
        const [loss, d] = [up(new Float32Array(T), 'loss'), up(new Float32Array(T), 'd')];
        batch.bceHead(up(call.z, 'z'), up(call.y, 'y'), loss, d, T);
        outputs = [loss, d];
        counts = [T, T];
      } else if (call.kernel === 'matmulNT') {
        const { T, n, m } = call;
        const y = up(new Float32Array(T * m), 'y');
        batch.matmulNT(up(call.x, 'x'), up(call.w, 'w'), y, T, n, m);
        outputs = [y];
        counts = [T * m];
      } else if (call.kernel === 'matmulNNAcc') {
        const { T, m, n } = call;
        const dx = up(call.dx, 'dx');
        batch.matmulNNAcc(up(call.dy, 'dy'), up(call.w, 'w'), dx, T, m, n);
        outputs = [dx];
        counts = [T * n];
      } else {
        const { T, m, n } = call;
        const dw = up(call.dw, 'dw');
        batch.matmulTNAcc(up(call.dy, 'dy'), up(call.x, 'x'), dw, T, m, n);
        outputs = [dw];
        counts = [m * n];
      }
      const done = batch.submit();
      const out = await this.read(outputs, counts);
      await done;
      return out;
    } finally {
      for (const b of made) b.destroy();
    }
  }
}

/** One kernel's inputs as CPU arrays, for TrainingKernels.runArrays. */
export type ArrayCall =
  | { kernel: 'matmulNT'; x: Float32Array; w: Float32Array; T: number; n: number; m: number }
  | { kernel: 'matmulNNAcc'; dy: Float32Array; w: Float32Array; dx: Float32Array; T: number; m: number; n: number }
  | { kernel: 'matmulTNAcc'; dy: Float32Array; x: Float32Array; dw: Float32Array; T: number; m: number; n: number }
  | { kernel: 'adamw'; w: Float32Array; g: Float32Array; m: Float32Array; v: Float32Array; step: AdamWTensorStep }
  | { kernel: 'linearStep'; x: Float32Array; w: Float32Array; dy: Float32Array; T: number; n: number; m: number; step: AdamWTensorStep }
  | { kernel: 'sgd'; w: Float32Array; g: Float32Array; lr: number }
  | { kernel: 'biasAct'; z: Float32Array; b: Float32Array; T: number; n: number; act: number }
  | { kernel: 'actBack'; da: Float32Array; z: Float32Array; T: number; n: number; act: number }
  | { kernel: 'biasGrad'; d: Float32Array; db: Float32Array; T: number; n: number }
  | { kernel: 'bceHead'; z: Float32Array; y: Float32Array; T: number };

/**
 * Dispatches recorded for one submission. Argument orders are the CPU twins'.
 * @example kernels.batch().matmulNT(x, w, y, T, n, m).matmulTNAcc(dy, x, dw, T, m, n).submit()
 */
export class TrainingBatch implements MlpOps<GPUBuffer> {
  private readonly commands: Command[] = [];
  private submitted = false;

  constructor(
    private readonly device: GPUDevice,
    private readonly kernels: ReadonlyMap<TrainingKernelName, Compiled>,
    private readonly label: string,
  ) {}

  /** y[T, m] = x[T, n] · w[m, n]ᵀ (overwrites y). */
  matmulNT(x: GPUBuffer, w: GPUBuffer, y: GPUBuffer, T: number, n: number, m: number): this {
    return this.add('matmulNT', { T, n, m }, [x, w, y], matmulGroups(T, m), T * m);
  }

  /** dx[T, n] += dy[T, m] · w[m, n]. */
  matmulNNAcc(dy: GPUBuffer, w: GPUBuffer, dx: GPUBuffer, T: number, m: number, n: number): this {
    return this.add('matmulNNAcc', { T, m, n }, [dy, w, dx], matmulGroups(T, n), T * n);
  }

  /** dw[m, n] += dy[T, m]ᵀ · x[T, n]. */
  matmulTNAcc(dy: GPUBuffer, x: GPUBuffer, dw: GPUBuffer, T: number, m: number, n: number): this {
    return this.add('matmulTNAcc', { T, m, n }, [dy, x, dw], matmulGroups(m, n), m * n);
  }

  /** AdamW's update of one tensor in place (w, m, v; g is read). `step.decay` is 0 for 1-D tensors (decayFor). */
  adamw(t: GpuAdamWTensor, step: AdamWTensorStep): this {
    const { lr, beta1, beta2, eps, decay, c1, c2, clip } = step;
    return this.add('adamw', { count: t.count, lr, beta1, beta2, eps, decay, c1, c2, clip }, [t.g, t.w, t.m, t.v], elementwiseGroups(t.count), t.count);
  }

  /** w[count] −= lr · g (plain SGD, in place). */
  sgd(w: GPUBuffer, g: GPUBuffer, count: number, lr: number): this {
    return this.add('sgd', { count, lr }, [g, w], elementwiseGroups(count), count);
  }

  /** z[T, n] += b (per column), then a = f(z) with f by ACT_CODES (src/foundations/mlp-batch.ts). */
  biasAct(z: GPUBuffer, b: GPUBuffer, a: GPUBuffer, T: number, n: number, act: number): this {
    return this.add('biasAct', { T, n, act }, [b, z, a], elementwiseGroups(T * n), T * n);
  }

  /** da[T, n] *= f′(z), f by ACT_CODES. */
  actBack(da: GPUBuffer, z: GPUBuffer, T: number, n: number, act: number): this {
    return this.add('actBack', { T, n, act }, [z, da], elementwiseGroups(T * n), T * n);
  }

  /** db[n] += the column sums of d[T, n]. */
  biasGrad(d: GPUBuffer, db: GPUBuffer, T: number, n: number): this {
    return this.add('biasGrad', { T, n }, [d, db], elementwiseGroups(n), n);
  }

  /** loss[t] = BCE(z[t], y[t]) and d[t] = (σ(z[t]) − y[t]) / T, for t < T. */
  bceHead(z: GPUBuffer, y: GPUBuffer, loss: GPUBuffer, d: GPUBuffer, T: number): this {
    return this.add('bceHead', { T }, [z, y, loss, d], elementwiseGroups(T), T);
  }

  /** Sets all of `buffer` to 0 (between compute passes: the pass before ends, a new one starts after). */
  clear(buffer: GPUBuffer): this {
    this.open();
    this.commands.push({ op: 'clear', buffer });
    return this;
  }

  /** Copies `count` floats from the start of `src` into `dst` at float offset `at`. */
  copy(src: GPUBuffer, dst: GPUBuffer, at: number, count: number): this {
    this.open();
    if (count > 0) this.commands.push({ op: 'copy', src, dst, at, count });
    return this;
  }

  /** Dispatches recorded so far. */
  get size(): number {
    return this.dispatches().length;
  }

  private dispatches(): Dispatch[] {
    return this.commands.filter((c): c is Dispatch => c.op === 'dispatch');
  }

  private open(): void {
    if (this.submitted) throw new Error('this training batch was already submitted');
  }

  /**
   * Writes the uniforms, encodes the dispatches (one compute pass between two clears or copies) and submits them. Resolves when the GPU has finished the work
   * (the uniform buffer is destroyed then); work submitted after it, such as a readback, runs after it anyway.
   */
  submit(): Promise<void> {
    if (this.submitted) throw new Error('this training batch was already submitted');
    this.submitted = true;
    if (this.commands.length === 0) return Promise.resolve();
    const device = this.device;
    const dispatches = this.dispatches();
    const data = new ArrayBuffer(Math.max(1, dispatches.length) * UNIFORM_STRIDE);
    dispatches.forEach((d, i) => makeStructuredView(this.kernels.get(d.kernel)!.params, data, i * UNIFORM_STRIDE).set(d.params));
    const uniforms = device.createBuffer({ label: `${this.label} params`, size: data.byteLength, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    device.queue.writeBuffer(uniforms, 0, data);
    const encoder = device.createCommandEncoder({ label: this.label });
    let pass: GPUComputePassEncoder | null = null;
    let i = -1;
    for (const c of this.commands) {
      if (c.op !== 'dispatch') {
        pass?.end();
        pass = null;
        if (c.op === 'clear') encoder.clearBuffer(c.buffer);
        else encoder.copyBufferToBuffer(c.src, 0, c.dst, c.at * 4, c.count * 4);
        continue;
      }
      const d = c;
      i++;
      pass ??= encoder.beginComputePass({ label: this.label });
      const kernel = this.kernels.get(d.kernel)!;
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(
        0,
        device.createBindGroup({
          label: `${this.label} ${d.kernel} #${i}`,
          layout: kernel.pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: uniforms, offset: i * UNIFORM_STRIDE, size: kernel.params.size } },
            ...d.buffers.map((buffer, b) => ({ binding: b + 1, resource: { buffer } })),
          ],
        }),
      );
      pass.dispatchWorkgroups(...d.workgroups);
    }
    pass?.end();
    device.queue.submit([encoder.finish()]);
    return device.queue.onSubmittedWorkDone().finally(() => uniforms.destroy());
  }

  private add(kernel: TrainingKernelName, params: Record<string, number>, buffers: GPUBuffer[], workgroups: [number, number, number], outputs: number): this {
    if (this.submitted) throw new Error('this training batch was already submitted');
    // An empty output (T = 0 rows, say) has nothing to compute; a dispatch would still read its inputs' bindings.
    if (outputs > 0) this.commands.push({ op: 'dispatch', kernel, params, buffers, workgroups });
    return this;
  }
}
