/** Which backend produced the page's numbers, shared by every island so each badge says the same thing. */
import type { KernelName } from '../model/kernels/kernel-types';

export type BackendKind = 'webgpu' | 'cpu';

class BackendState {
  /** The backend the next forward pass will use. */
  kind = $state<BackendKind>('cpu');
  /** Why the page is on the CPU, in one line for the badge ('' when on the GPU, or when the reader asked for the CPU). */
  reason = $state('');
  /** The full error behind the reason (a GPU compiler's message runs to many lines), for a disclosure; '' if none. */
  details = $state('');
  /** Where the last CPU forward pass ran: in the page's worker, or on the main thread where no worker could run. */
  cpuThread = $state<'worker' | 'main' | ''>('');
  /** Which kernels the last CPU forward pass used: the WebAssembly SIMD ones, or plain JavaScript where they cannot run. */
  cpuKernel = $state<KernelName | ''>('');
  /** Why the CPU runs plain JavaScript ('' when it runs WebAssembly SIMD). */
  cpuKernelReason = $state('');
  /** Loading, ready, or failed (the model files could not be read). */
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  /** A message for the reader when status is 'failed'. */
  error = $state('');
}

/** The page's one backend state (module scope, never `window`). */
export const backendState = new BackendState();

/**
 * Why the CPU computes as it does, for a badge after "Computed on the CPU": the reason the GPU is not used, and
 * the one the WebAssembly kernels are not (then it runs plain JavaScript). '' for the GPU or nothing to say.
 * @example cpuWhy('cpu') // ": WebGPU found no adapter (in plain JavaScript: this browser's WebAssembly has no SIMD)"
 */
export function cpuWhy(kind: BackendKind): string {
  if (kind !== 'cpu') return '';
  const gpu = backendState.reason ? `: ${backendState.reason}` : '';
  const plain = backendState.cpuKernelReason ? `plain JavaScript: ${backendState.cpuKernelReason}` : 'plain JavaScript';
  return backendState.cpuKernel === 'reference' ? `${gpu} (in ${plain})` : gpu;
}

/** The badge's words for a backend. */
export function backendLabel(kind: BackendKind): string {
  return kind === 'webgpu' ? 'GPU (WebGPU)' : 'CPU';
}
