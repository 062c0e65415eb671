/**
 * The CPU worker: MiniSeek's forward pass off the main thread (see cpu-protocol.ts). Built by Vite as an inline
 * classic worker, so it starts from a blob: URL on the hosted site and in the offline copy opened from file://,
 * where a worker script file could not be loaded.
 */
import { useFastKernels, type KernelStatus } from '../model/kernels/active';
import { serve, type CpuRequest } from './cpu-protocol';

/** The worker scope's two members used here (the project's types are the DOM's, not the webworker lib's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<CpuRequest>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}
const state: { kernel?: KernelStatus } = {};
const scope = self as unknown as WorkerScope;
// The WebAssembly kernels compile asynchronously: every request waits for them (and for the one before it).
let queue: Promise<void> = useFastKernels().then((kernel) => void (state.kernel = kernel));
scope.onmessage = (event: MessageEvent<CpuRequest>) => {
  queue = queue.then(() => {
    const { reply, transfer } = serve(state, event.data);
    scope.postMessage(reply, transfer);
  });
};
