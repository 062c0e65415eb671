/**
 * The model's weights in one SharedArrayBuffer, and per-window gradient buffers beside them, so the data-parallel
 * trainer's worker threads read the current weights and write their gradients without a copy through messages.
 */
import { Tensor } from '../model/tensor';

/** Where one tensor lives in the shared weight buffer. */
export interface TensorSlot {
  readonly name: string;
  readonly shape: readonly number[];
  /** A parameter AdamW moves (false for the routing bias buffers). */
  readonly trainable: boolean;
  /** Offset in floats into the weight buffer. */
  readonly offset: number;
  /** Offset in floats into a window's gradient buffer; -1 when not trainable. */
  readonly gradOffset: number;
}

/** The weight buffer and its layout; structured-clonable, so it is what a worker receives. */
export interface SharedWeights {
  readonly slots: readonly TensorSlot[];
  readonly buffer: SharedArrayBuffer;
  /** Floats in one window's gradient buffer: every trainable tensor, in the weights' order. */
  readonly gradSize: number;
}

/**
 * Copies `weights` into a new shared buffer (in the map's order).
 * @example const shared = shareWeights(initWeights(config, 1)); weightViews(shared) // tensors over shared memory
 */
export function shareWeights(weights: ReadonlyMap<string, Tensor>): SharedWeights {
  const slots: TensorSlot[] = [];
  let offset = 0;
  let gradOffset = 0;
  for (const t of weights.values()) {
    slots.push({ name: t.name, shape: t.shape, trainable: t.requiresGrad, offset, gradOffset: t.requiresGrad ? gradOffset : -1 });
    offset += t.size;
    if (t.requiresGrad) gradOffset += t.size;
  }
  const buffer = new SharedArrayBuffer(offset * Float32Array.BYTES_PER_ELEMENT);
  const all = new Float32Array(buffer);
  for (const [i, t] of [...weights.values()].entries()) all.set(t.data, slots[i]!.offset);
  return { slots, buffer, gradSize: gradOffset };
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Tensors whose data are views of the shared buffer (writes through them are seen by every thread). */
export function weightViews(shared: SharedWeights): Map<string, Tensor> {
  const views = new Map<string, Tensor>();
  for (const s of shared.slots) {
    const t = new Tensor(s.name, s.shape, new Float32Array(shared.buffer, s.offset * Float32Array.BYTES_PER_ELEMENT, sizeOf(s.shape)));
    t.requiresGrad = s.trainable;
    views.set(s.name, t);
  }
  return views;
}

/** One window's gradient buffer, as one view per trainable tensor (in slot order). */
export function gradientViews(shared: SharedWeights, buffer: SharedArrayBuffer): Float32Array[] {
  return shared.slots
    .filter((s) => s.trainable)
    .map((s) => new Float32Array(buffer, s.gradOffset * Float32Array.BYTES_PER_ELEMENT, sizeOf(s.shape)));
}

/** A zeroed gradient buffer for one window. */
export function gradientBuffer(shared: SharedWeights): SharedArrayBuffer {
  return new SharedArrayBuffer(shared.gradSize * Float32Array.BYTES_PER_ELEMENT);
}
