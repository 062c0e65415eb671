/** Which backend produced the page's numbers, shared by every island so each badge says the same thing. */

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
  /** Loading, ready, or failed (the model files could not be read). */
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  /** A message for the reader when status is 'failed'. */
  error = $state('');
}

/** The page's one backend state (module scope, never `window`). */
export const backendState = new BackendState();

/** The badge's words for a backend. */
export function backendLabel(kind: BackendKind): string {
  return kind === 'webgpu' ? 'GPU (WebGPU)' : 'CPU';
}
