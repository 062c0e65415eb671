/**
 * Traces as plain JSON, for island props and the build. A tensor's numbers travel as the base64 of its
 * little-endian float32 bytes: exact (−∞ and NaN included), and about a fifth of the size of a JSON number list,
 * which Astro's prop serialisation would also wrap number by number.
 */
import { Tensor } from '../model/tensor';

export interface SerialTensor {
  readonly shape: number[];
  /** base64 of the float32 values, little-endian. */
  readonly data: string;
}

export interface SerialRun {
  readonly tokens: string[];
  readonly ids: number[];
  readonly unknown: string[];
  readonly trace: Record<string, SerialTensor>;
}

/** Little-endian bytes of a Float32Array (every platform the course runs on is little-endian; checked here). */
const LITTLE_ENDIAN = new Uint8Array(Float32Array.of(1).buffer)[3] === 0x3f;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** @example toSerial(tensor) // { shape: [2, 3], data: 'AACAPwAAAEA…' } */
export function toSerial(t: Tensor): SerialTensor {
  if (!LITTLE_ENDIAN) throw new Error('trace serialisation expects a little-endian platform');
  const copy = t.data.slice();
  return { shape: [...t.shape], data: toBase64(new Uint8Array(copy.buffer)) };
}

/** The inverse of toSerial; a length that does not match the shape is an error naming the tensor. */
export function fromSerial(name: string, s: SerialTensor): Tensor {
  if (!LITTLE_ENDIAN) throw new Error('trace serialisation expects a little-endian platform');
  const bytes = fromBase64(s.data);
  const size = s.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== size * 4) throw new Error(`trace ${name}: ${bytes.length} bytes for shape [${s.shape.join(', ')}], expected ${size * 4}`);
  return new Tensor(name, s.shape, new Float32Array(bytes.buffer));
}

/** A serial run's trace as tensors by name. */
export function traceFromSerial(run: SerialRun): Map<string, Tensor> {
  return new Map(Object.entries(run.trace).map(([name, s]) => [name, fromSerial(name, s)]));
}
