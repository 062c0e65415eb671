/**
 * The training lab's worker: every SGD step runs here, off the main thread, so the page keeps scrolling while the
 * network learns. Built by Vite as an inline classic worker and started from a blob: URL, which the offline copy
 * (file://) allows and the CSP names (worker-src 'self' blob:).
 */
import { serve, type LabRequest, type LabState } from './lab-protocol';

/** The worker scope's two members used here (the project's types are the DOM's, not the webworker lib's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<LabRequest>) => void) | null;
  postMessage(message: unknown): void;
}
const state: LabState = {};
const scope = self as unknown as WorkerScope;
scope.onmessage = (event: MessageEvent<LabRequest>) => scope.postMessage(serve(state, event.data));
