/**
 * The training lab's worker: every SGD step runs here, off the main thread, so the page keeps scrolling while the
 * network learns: on the GPU through WebGPU where the browser offers it to workers, else on the CPU. Built by Vite
 * as an inline classic worker and started from a blob: URL, which the offline copy (file://) allows and the CSP
 * names (worker-src 'self' blob:).
 */
import { requestDevice } from '../live/gpu-device';
import { oneLine } from '../live/one-line';
import { TrainingKernels } from '../model/webgpu/training/training-kernels';
import { LabServer, type GpuAccess, type LabRequest } from './lab-protocol';

/** The worker scope's two members used here (the project's types are the DOM's, not the webworker lib's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<LabRequest>) => void) | null;
  postMessage(message: unknown): void;
}

/** WebGPU in this worker: a device, its training kernels compiled, and the guard that turns GPU errors into failures. */
async function findGpu(): Promise<GpuAccess<GPUBuffer> | { reason: string }> {
  const result = await requestDevice();
  if (!result.device) return { reason: result.reason };
  const device = result.device;
  const lost = device.lost.then((info) => `the GPU device was lost (${oneLine(info.message || info.reason || 'no reason given')})`);
  let kernels: TrainingKernels;
  try {
    kernels = await TrainingKernels.forDevice(device);
  } catch (error) {
    device.destroy();
    return { reason: `the GPU could not compile the training kernels (${oneLine((error as Error).message)})` };
  }
  let gone: string | undefined;
  void lost.then((reason) => (gone = reason));
  return {
    device: kernels,
    adapter: result.adapterInfo,
    lost,
    lose: () => device.destroy(),
    async guard<T>(work: () => Promise<T>): Promise<T> {
      if (gone) throw new Error(gone);
      const scopes = ['validation', 'out-of-memory', 'internal'] as const;
      for (const scope of scopes) device.pushErrorScope(scope);
      let failed: unknown;
      let result: T | undefined;
      try {
        result = await Promise.race([work(), lost.then((reason) => Promise.reject(new Error(reason)))]);
      } catch (error) {
        failed = error;
      }
      // A lost device has no scopes left to pop.
      const errors = (await Promise.all(scopes.map(() => device.popErrorScope().catch(() => null)))).filter((e) => e !== null);
      if (gone) throw new Error(gone);
      if (failed !== undefined) throw failed;
      if (errors.length) throw new Error(`the GPU reported an error (${oneLine(errors[0]!.message)})`);
      return result as T;
    },
  };
}

const server = new LabServer(findGpu);
const scope = self as unknown as WorkerScope;
scope.onmessage = (event: MessageEvent<LabRequest>) => void server.handle(event.data).then((reply) => scope.postMessage(reply));
