/** Traces as plain JSON (for island props and the build): Float32Arrays become number arrays, −∞ becomes null. */
import { Tensor } from '../model/tensor';

export interface SerialTensor {
  readonly shape: number[];
  readonly data: (number | null)[];
}

export interface SerialRun {
  readonly tokens: string[];
  readonly ids: number[];
  readonly unknown: string[];
  readonly trace: Record<string, SerialTensor>;
}

/** @example toSerial(tensor) // { shape: [2, 3], data: [ … ] } */
export function toSerial(t: Tensor): SerialTensor {
  return { shape: [...t.shape], data: Array.from(t.data, (x) => (Number.isFinite(x) ? x : null)) };
}

/** The inverse of toSerial (null stands for −∞, the only non-finite value a trace holds). */
export function fromSerial(name: string, s: SerialTensor): Tensor {
  return new Tensor(name, s.shape, Float32Array.from(s.data, (x) => (x === null ? -Infinity : x)));
}

/** A serial run's trace as tensors by name. */
export function traceFromSerial(run: SerialRun): Map<string, Tensor> {
  return new Map(Object.entries(run.trace).map(([name, s]) => [name, fromSerial(name, s)]));
}
