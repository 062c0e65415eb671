/**
 * What the page and its CPU worker say to each other. The worker holds its own copy of MiniSeek and runs the
 * forward pass off the main thread, so a 127-word sentence on a machine without WebGPU never freezes the page.
 * Tensors cross as plain (name, shape, Float32Array) records, their buffers transferred rather than copied.
 */
import { loadCheckpoint, type CheckpointFiles, type LoadedModel } from '../model/checkpoint';
import { forward } from '../model/forward';
import { kernels, type KernelStatus } from '../model/kernels/active';
import { Tensor } from '../model/tensor';

export type CpuRequest =
  | { readonly kind: 'load'; readonly id: number; readonly files: CheckpointFiles }
  | { readonly kind: 'run'; readonly id: number; readonly ids: readonly number[]; readonly trace: readonly string[] };

export interface PackedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export type CpuReply =
  | { readonly kind: 'loaded'; readonly id: number; readonly kernel: KernelStatus }
  | { readonly kind: 'result'; readonly id: number; readonly logits: PackedTensor; readonly trace: readonly PackedTensor[] }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

/**
 * A copy of the tensor that owns its buffer, so the buffer can be transferred: a traced tensor may be a view into
 * a larger array, or the model's own weights, which a transfer would take away from the worker.
 * @example pack(logits) // { name: 'logits', shape: [8, 224], data }
 */
export function pack(t: Tensor): PackedTensor {
  return { name: t.name, shape: [...t.shape], data: t.data.slice() };
}

/** @example unpack(reply.logits).shape // [8, 224] */
export function unpack(p: PackedTensor): Tensor {
  return new Tensor(p.name, p.shape, p.data);
}

/**
 * The worker's side: answers one request, keeping the loaded model between calls. Pure apart from `state`, so a
 * unit test can drive it without a Worker. Returns the reply and the buffers to transfer with it.
 * @example const { reply } = serve(state, { kind: 'run', id: 2, ids: [1, 5], trace: [] })
 */
export function serve(state: { loaded?: LoadedModel; kernel?: KernelStatus }, request: CpuRequest): { reply: CpuReply; transfer: ArrayBuffer[] } {
  try {
    if (request.kind === 'load') {
      state.loaded = loadCheckpoint(request.files, 'MiniSeek');
      const kernel = state.kernel ?? { name: kernels().name, reason: '' };
      return { reply: { kind: 'loaded', id: request.id, kernel }, transfer: [] };
    }
    if (!state.loaded) throw new Error('the CPU worker has no model loaded');
    const out = forward(state.loaded.model, request.ids, { trace: request.trace });
    const trace = [...out.trace.values()].map(pack);
    const logits = pack(out.logits);
    const transfer = [logits, ...trace].map((t) => t.data.buffer as ArrayBuffer);
    return { reply: { kind: 'result', id: request.id, logits, trace }, transfer };
  } catch (error) {
    return { reply: { kind: 'error', id: request.id, message: (error as Error).message }, transfer: [] };
  }
}
