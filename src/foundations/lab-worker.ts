/**
 * The training lab's worker: every SGD step runs here, off the main thread, so the page keeps scrolling while the
 * network learns: on the GPU through WebGPU where the browser offers it to workers, else on the CPU. Built by Vite
 * as an inline classic worker and started from a blob: URL, which the offline copy (file://) allows and the CSP
 * names (worker-src 'self' blob:).
 */
import { findTrainingGpu } from '../model/webgpu/training/training-gpu';
import { LabServer, type GpuAccess, type LabRequest } from './lab-protocol';

/** The worker scope's two members used here (the project's types are the DOM's, not the webworker lib's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<LabRequest>) => void) | null;
  postMessage(message: unknown): void;
}

/** WebGPU in this worker (training-gpu.ts), as the lab's server takes it: the kernels are its MLP's device. */
async function findGpu(): Promise<GpuAccess<GPUBuffer> | { reason: string }> {
  const gpu = await findTrainingGpu();
  return 'kernels' in gpu ? { device: gpu.kernels, adapter: gpu.adapter, lost: gpu.lost, guard: gpu.guard, lose: gpu.lose } : gpu;
}

const server = new LabServer(findGpu);
const scope = self as unknown as WorkerScope;
scope.onmessage = (event: MessageEvent<LabRequest>) => void server.handle(event.data).then((reply) => scope.postMessage(reply));
