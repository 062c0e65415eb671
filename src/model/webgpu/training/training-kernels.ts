/**
 * The WebGPU training kernels: nn.Linear's forward and its two backward matmuls, and AdamW's update of one tensor.
 * They are compiled once per device and recorded in batches: a batch is one command buffer with one compute pass,
 * its dispatches in the order they were added (each sees the previous ones' writes), one uniform buffer for all.
 *
 * CPU twins: referenceKernels.matmulNT / matmulNNAcc / matmulTNAcc (src/model/kernels/reference.ts; same argument
 * order here) and adamwTensor (src/train/adamw.ts). The backward matmuls add to their output, as the twins do.
 */
import { makeShaderDataDefinitions, makeStructuredView, type VariableDefinition } from 'webgpu-utils';
import type { AdamWTensorStep } from '../../../train/adamw';
import { BufferUsage, MapMode } from '../flags';
import adamw from './adamw.wgsl?raw';
import matmulNNAcc from './matmul-nn-acc.wgsl?raw';
import matmulNT from './matmul-nt.wgsl?raw';
import matmulTNAcc from './matmul-tn-acc.wgsl?raw';

export const TRAINING_SOURCES = { matmulNT, matmulNNAcc, matmulTNAcc, adamw } as const;
export type TrainingKernelName = keyof typeof TRAINING_SOURCES;
export const TRAINING_KERNEL_NAMES = Object.keys(TRAINING_SOURCES) as TrainingKernelName[];

/** The matmuls' square tile: TILE × TILE invocations per workgroup (their `override TILE`), 256 at 16. */
export const TILE = 16;
/** Invocations per workgroup of the elementwise AdamW kernel (its `override WG`). */
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

/** Workgroup counts of the AdamW kernel over `count` values: x up to 65535, the rest in y (the kernel's index). */
export function elementwiseGroups(count: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(count / WORKGROUP));
  return groups <= MAX_GROUPS ? [groups, 1, 1] : [MAX_GROUPS, Math.ceil(groups / MAX_GROUPS), 1];
}

interface Compiled {
  readonly pipeline: GPUComputePipeline;
  readonly params: VariableDefinition;
}

interface Dispatch {
  readonly kernel: TrainingKernelName;
  readonly params: Record<string, number>;
  /** Storage bindings 1…n, in the kernel's binding order. */
  readonly buffers: readonly GPUBuffer[];
  readonly workgroups: readonly [number, number, number];
}

/** One AdamW tensor on the GPU: its weights, gradient and two moments, `count` floats each. */
export interface GpuAdamWTensor {
  readonly w: GPUBuffer;
  readonly g: GPUBuffer;
  readonly m: GPUBuffer;
  readonly v: GPUBuffer;
  readonly count: number;
}

const compiled = new WeakMap<GPUDevice, Promise<TrainingKernels>>();

export class TrainingKernels {
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
    const buffer = this.device.createBuffer({ label, size: Math.max(4, data.byteLength), usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
    this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return buffer;
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
   * initial values), [w, m, v] for adamw, and for linearStep (one batch of four dispatches: a linear layer's
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
  | { kernel: 'linearStep'; x: Float32Array; w: Float32Array; dy: Float32Array; T: number; n: number; m: number; step: AdamWTensorStep };

/**
 * Dispatches recorded for one submission. Argument orders are the CPU twins'.
 * @example kernels.batch().matmulNT(x, w, y, T, n, m).matmulTNAcc(dy, x, dw, T, m, n).submit()
 */
export class TrainingBatch {
  private readonly dispatches: Dispatch[] = [];
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

  /** Dispatches recorded so far. */
  get size(): number {
    return this.dispatches.length;
  }

  /**
   * Writes the uniforms, encodes one compute pass and submits it. Resolves when the GPU has finished the work
   * (the uniform buffer is destroyed then); work submitted after it, such as a readback, runs after it anyway.
   */
  submit(): Promise<void> {
    if (this.submitted) throw new Error('this training batch was already submitted');
    this.submitted = true;
    if (this.dispatches.length === 0) return Promise.resolve();
    const device = this.device;
    const data = new ArrayBuffer(this.dispatches.length * UNIFORM_STRIDE);
    this.dispatches.forEach((d, i) => makeStructuredView(this.kernels.get(d.kernel)!.params, data, i * UNIFORM_STRIDE).set(d.params));
    const uniforms = device.createBuffer({ label: `${this.label} params`, size: data.byteLength, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    device.queue.writeBuffer(uniforms, 0, data);
    const encoder = device.createCommandEncoder({ label: this.label });
    const pass = encoder.beginComputePass({ label: this.label });
    this.dispatches.forEach((d, i) => {
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
    });
    pass.end();
    device.queue.submit([encoder.finish()]);
    return device.queue.onSubmittedWorkDone().finally(() => uniforms.destroy());
  }

  private add(kernel: TrainingKernelName, params: Record<string, number>, buffers: GPUBuffer[], workgroups: [number, number, number], outputs: number): this {
    if (this.submitted) throw new Error('this training batch was already submitted');
    // An empty output (T = 0 rows, say) has nothing to compute; a dispatch would still read its inputs' bindings.
    if (outputs > 0) this.dispatches.push({ kernel, params, buffers, workgroups });
    return this;
  }
}
