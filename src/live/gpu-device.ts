/** Asks the browser for a WebGPU device. No WebGPU is a normal state: the answer then says why, and the CPU runs. */

export type DeviceResult = { device: GPUDevice; adapterInfo: string } | { device: null; reason: string };

/** Storage buffers one kernel binds at most (attention.wgsl: q^C, q^R, k^C, k^R, v, scores, probs, output). */
const STORAGE_BUFFERS_NEEDED = 8;

/**
 * @example const result = await requestDevice(); if (result.device) { … } else console.info(result.reason)
 */
export async function requestDevice(gpu: GPU | undefined = globalThis.navigator?.gpu): Promise<DeviceResult> {
  if (!gpu) return { device: null, reason: 'this browser has no WebGPU' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return { device: null, reason: `WebGPU found no adapter (${(error as Error).message})` };
  }
  if (!adapter) return { device: null, reason: 'WebGPU found no adapter' };
  if (adapter.limits.maxStorageBuffersPerShaderStage < STORAGE_BUFFERS_NEEDED) {
    return { device: null, reason: `the GPU allows ${adapter.limits.maxStorageBuffersPerShaderStage} storage buffers per shader, MiniSeek needs ${STORAGE_BUFFERS_NEEDED}` };
  }
  try {
    const device = await adapter.requestDevice({
      label: 'miniseek',
      requiredLimits: { maxStorageBuffersPerShaderStage: STORAGE_BUFFERS_NEEDED },
    });
    const info = adapter.info;
    return { device, adapterInfo: [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter' };
  } catch (error) {
    return { device: null, reason: `the GPU device request failed (${(error as Error).message})` };
  }
}
