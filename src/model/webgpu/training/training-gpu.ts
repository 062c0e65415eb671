/**
 * WebGPU for a training worker: a device, the training kernels compiled for it, and a guard that turns GPU errors
 * and the device's loss into failures the worker can fall back from. The two labs' workers (the 2-D training lab's
 * and the language-model lab's) share it.
 */
import { requestDevice } from '../../../live/gpu-device';
import { oneLine } from '../../../live/one-line';
import { TrainingKernels } from './training-kernels';

export interface TrainingGpu {
  readonly kernels: TrainingKernels;
  /** The adapter's name, for the lab's badge. */
  readonly adapter: string;
  /** Resolves, with a sentence saying why, when the device is lost. */
  readonly lost: Promise<string>;
  /** Why the device was lost, once it has been. */
  lostReason(): string | undefined;
  /** Runs GPU work; rejects if it fails, if the GPU reports an error meanwhile, or if the device is lost. */
  guard<T>(work: () => Promise<T>): Promise<T>;
  /** Destroys the device (what a test does to make a lab lose its GPU). */
  lose(): void;
}

/** @example const gpu = await findTrainingGpu(); if ('kernels' in gpu) … else console.log(gpu.reason) */
export async function findTrainingGpu(): Promise<TrainingGpu | { reason: string }> {
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
    kernels,
    adapter: result.adapterInfo,
    lost,
    lostReason: () => gone,
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
