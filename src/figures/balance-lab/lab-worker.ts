/**
 * The lab's worker: the sentence stream's forward passes and every bias step run here, off the main thread, so the
 * page keeps scrolling while the lab runs. Built by Vite as an inline classic worker and started from a blob: URL,
 * which the offline copy (file://) allows and the CSP names (worker-src 'self' blob:).
 */
import { useFastKernels } from '../../model/kernels/active';
import { serve, type LabRequest, type LabWorkerState } from './lab-protocol';

/** The worker scope's two members used here (the project's types are the DOM's, not the webworker lib's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<LabRequest>) => void) | null;
  postMessage(message: unknown): void;
}
const state: LabWorkerState = {};
const scope = self as unknown as WorkerScope;
// The WebAssembly kernels compile asynchronously: requests wait for them, in order.
let queue: Promise<unknown> = useFastKernels();
scope.onmessage = (event: MessageEvent<LabRequest>) => {
  queue = queue.then(() => scope.postMessage(serve(state, event.data)));
};
