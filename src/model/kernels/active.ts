/**
 * Which kernels the CPU ops use. The reference runs until `useFastKernels()` has loaded the WebAssembly SIMD ones
 * (asynchronously: compiling WebAssembly is not allowed synchronously on a page's main thread for any real size),
 * so callers await it with the model; where WebAssembly SIMD is missing the reference stays, and the returned
 * reason says why (the backend badge shows it).
 */
import type { KernelName, Kernels } from './kernel-types';
import { referenceKernels } from './reference';

let current: Kernels = referenceKernels;
let loading: Promise<KernelStatus> | undefined;

export interface KernelStatus {
  readonly name: KernelName;
  /** Why the fast kernels are not in use; empty when they are. */
  readonly reason: string;
}

/** The kernels the ops call now. */
export function kernels(): Kernels {
  return current;
}

/**
 * Loads and switches to the WebAssembly SIMD kernels; resolves with the reference and a reason when they cannot run.
 * Safe to call many times (one load).
 * @example const { name, reason } = await useFastKernels() // { name: 'wasm-simd', reason: '' }
 */
export function useFastKernels(): Promise<KernelStatus> {
  loading ??= (async () => {
    try {
      const { loadWasmKernels } = await import('./wasm-kernels');
      current = await loadWasmKernels();
      return { name: current.name, reason: '' };
    } catch (error) {
      current = referenceKernels;
      return { name: current.name, reason: (error as Error).message };
    }
  })();
  return loading;
}

/** Back to the reference kernels (tests that compare the two; a forced fallback). */
export function useReferenceKernels(): void {
  current = referenceKernels;
  loading = undefined;
}

/** Uses `k` until `fn` returns (parity tests run one computation through both). */
export function withKernels<T>(k: Kernels, fn: () => T): T {
  const previous = current;
  current = k;
  try {
    return fn();
  } finally {
    current = previous;
  }
}
