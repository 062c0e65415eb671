import { beforeAll, describe, expect, it, vi } from 'vitest';
import { elementwiseGroups, matmulGroups, reflectParams, TILE, TRAINING_KERNEL_NAMES, TRAINING_SOURCES, WORKGROUP } from './training-kernels';

// webgpu-utils reads WebGPU's shader-stage flags (values fixed by the spec), which Node does not define.
beforeAll(() => {
  if (!('GPUShaderStage' in globalThis)) vi.stubGlobal('GPUShaderStage', { VERTEX: 1, FRAGMENT: 2, COMPUTE: 4 });
});

describe('the training kernels’ WGSL', () => {
  it('reflects each kernel’s params uniform with the fields the batch writes', () => {
    const fields = (name: (typeof TRAINING_KERNEL_NAMES)[number]) => Object.keys((reflectParams(name).typeDefinition as unknown as { fields: object }).fields);
    expect(fields('matmulNT')).toEqual(['T', 'n', 'm']);
    expect(fields('matmulNNAcc')).toEqual(['T', 'm', 'n']);
    expect(fields('matmulTNAcc')).toEqual(['T', 'm', 'n']);
    expect(fields('adamw')).toEqual(['count', 'lr', 'beta1', 'beta2', 'eps', 'decay', 'c1', 'c2', 'clip']);
    expect(reflectParams('adamw').size).toBe(36);
    expect(fields('sgd')).toEqual(['count', 'lr']);
    expect(fields('biasAct')).toEqual(['T', 'n', 'act']);
    expect(fields('actBack')).toEqual(['T', 'n', 'act']);
    expect(fields('biasGrad')).toEqual(['T', 'n']);
    expect(fields('bceHead')).toEqual(['T']);
  });

  it('opens each kernel with its equation and layout, sizes workgroups by an override, and has one entry point', () => {
    for (const name of TRAINING_KERNEL_NAMES) {
      const code = TRAINING_SOURCES[name];
      const head = code.slice(0, code.indexOf('struct Params'));
      expect(head.startsWith('// ') && /\s\+?=\s/.test(head), name).toBe(true);
      expect(head, name).toMatch(/Layout:/);
      expect(code, name).toMatch(/override (TILE|WG): u32/);
      expect(code.match(/@compute/g), name).toHaveLength(1);
    }
  });

  it('dispatches one workgroup per TILE × TILE block of the output, and spreads long tensors over y', () => {
    expect(TILE * TILE).toBeLessThanOrEqual(256); // maxComputeInvocationsPerWorkgroup's default
    expect(matmulGroups(1, 1)).toEqual([1, 1, 1]);
    expect(matmulGroups(127, 33)).toEqual([3, 8, 1]);
    expect(matmulGroups(16, 17)).toEqual([2, 1, 1]);
    expect(elementwiseGroups(1)).toEqual([1, 1, 1]);
    expect(elementwiseGroups(65535 * WORKGROUP)).toEqual([65535, 1, 1]);
    const [x, y] = elementwiseGroups(65535 * WORKGROUP + 1);
    expect([x, y]).toEqual([65535, 2]);
  });
});
