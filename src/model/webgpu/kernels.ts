/**
 * The WGSL kernels of the WebGPU backend, their uniform layouts (reflected by webgpu-utils) and cached pipelines.
 * Each kernel's CPU twin is the op of the same purpose in src/model (linear ↔ nn-ops.linear, …).
 */
import { makeShaderDataDefinitions, makeStructuredView, type VariableDefinition } from 'webgpu-utils';
import attention from './kernels/attention.wgsl?raw';
import columns from './kernels/columns.wgsl?raw';
import elementwise from './kernels/elementwise.wgsl?raw';
import embedding from './kernels/embedding.wgsl?raw';
import linear from './kernels/linear.wgsl?raw';
import moeCombine from './kernels/moe-combine.wgsl?raw';
import rmsnorm from './kernels/rmsnorm.wgsl?raw';
import rope from './kernels/rope.wgsl?raw';
import router from './kernels/router.wgsl?raw';

export const KERNEL_SOURCES = { attention, columns, elementwise, embedding, linear, moeCombine, rmsnorm, rope, router } as const;
export type KernelName = keyof typeof KERNEL_SOURCES;

/** Invocations per workgroup (the kernels' `override WG`). */
export const WORKGROUP = 64;

export interface Kernel {
  readonly name: KernelName;
  readonly pipeline: GPUComputePipeline;
  /** The `params` uniform's layout, reflected from the WGSL. */
  readonly params: VariableDefinition;
}

/**
 * Compiles every kernel once per device. A WGSL or pipeline error rejects, so the caller can fall back to the CPU.
 * @example const kernels = await compileKernels(device)
 */
export async function compileKernels(device: GPUDevice): Promise<Map<KernelName, Kernel>> {
  const entries = await Promise.all(
    (Object.keys(KERNEL_SOURCES) as KernelName[]).map(async (name) => {
      const code = KERNEL_SOURCES[name];
      const module = device.createShaderModule({ label: `miniseek ${name}`, code });
      const pipeline = await device.createComputePipelineAsync({
        label: `miniseek ${name}`,
        layout: 'auto',
        compute: { module, entryPoint: 'main', constants: { WG: WORKGROUP } },
      });
      const params = makeShaderDataDefinitions(code).uniforms.params;
      if (!params) throw new Error(`kernel ${name}: no "params" uniform`);
      return [name, { name, pipeline, params }] as const;
    }),
  );
  return new Map(entries);
}

/** Writes one dispatch's uniform values at `offset` of the frame's uniform data, by field name. */
export function writeParams(kernel: Kernel, data: ArrayBuffer, offset: number, values: Record<string, number>): void {
  makeStructuredView(kernel.params, data, offset).set(values);
}
