/**
 * The CPU worker: MiniSeek's forward pass off the main thread (see cpu-protocol.ts). Built by Vite as an inline
 * classic worker, so it starts from a blob: URL on the hosted site and in the offline copy opened from file://,
 * where a worker script file could not be loaded.
 */
import { serve, type CpuRequest } from './cpu-protocol';

/** The worker scope's two members used here (the project's types are the DOM's, not the webworker lib's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<CpuRequest>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}
const state = {};
const scope = self as unknown as WorkerScope;
scope.onmessage = (event: MessageEvent<CpuRequest>) => {
  const { reply, transfer } = serve(state, event.data);
  scope.postMessage(reply, transfer);
};
