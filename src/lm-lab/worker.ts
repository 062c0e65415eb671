/**
 * The language-model lab's worker: every training step, the held-out loss and the next-word guesses run here, off
 * the main thread, so the page keeps scrolling while MiniSeek learns: its linear layers and AdamW on the GPU through
 * WebGPU where the browser offers it to workers, everything on the CPU otherwise. Built by Vite as an inline classic
 * worker and started from a blob: URL, which the offline copy (file://) allows and the CSP names (worker-src 'self'
 * blob:).
 */
import { useFastKernels } from '../model/kernels/active';
import { findTrainingGpu } from '../model/webgpu/training/training-gpu';
import { LmServer, type LmRequest } from './protocol';

/** The worker scope's two members used here (the project's types are the DOM's, not the webworker lib's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<LmRequest>) => void) | null;
  postMessage(message: unknown): void;
}
const server = new LmServer(findTrainingGpu);
const scope = self as unknown as WorkerScope;
// The WebAssembly kernels compile asynchronously: requests wait for them, in order.
const ready = useFastKernels().then((k) => void (server.kernels = k.reason ? `reference (${k.reason})` : k.name));
scope.onmessage = (event: MessageEvent<LmRequest>) => {
  void ready.then(() => server.handle(event.data)).then((reply) => scope.postMessage(reply));
};
