import { beforeAll, describe, expect, it } from 'vitest';
import { useFastKernels } from '../model/kernels/active';
import { referenceKernels } from '../model/kernels/reference';
import type { TrainingGpu } from '../model/webgpu/training/training-gpu';
import { normwiseError } from '../model/webgpu/training/training-parity';
import { adamwTensor } from '../train/adamw';
import { DEFAULT_LM_SETTINGS, LmEngine } from './engine';
import type { LmDevice, LmOps } from './gpu-backend';
import { LmServer } from './protocol';

beforeAll(async () => {
  await useFastKernels();
});

/**
 * The GPU's kernels on float32 arrays (each kernel's CPU twin, run as it is recorded), so the backend's lockstep
 * windows, deferred gradients and GPU-side optimiser are checked here without a GPU; the kernels themselves are
 * checked against the same twins on a real (or SwiftShader) GPU by /lab/training-kernels/.
 */
class ArrayDevice implements LmDevice<Float32Array> {
  reads = 0;
  /** Makes the nth read from now on reject, as a lost device does. */
  failAt = Infinity;
  alloc(count: number): Float32Array {
    return new Float32Array(count);
  }
  upload(data: Float32Array): Float32Array {
    return data.slice();
  }
  write(buffer: Float32Array, data: Float32Array): void {
    buffer.set(data);
  }
  batch(): LmOps<Float32Array> {
    const k = referenceKernels;
    const ops: LmOps<Float32Array> = {
      matmulNT: (x, w, y, T, n, m) => (k.matmulNT(x, w, y, T, n, m), ops),
      matmulNNAcc: (dy, w, dx, T, m, n) => (k.matmulNNAcc(dy, w, dx, T, m, n), ops),
      matmulTNAcc: (dy, x, dw, T, m, n) => (k.matmulTNAcc(dy, x, dw, T, m, n), ops),
      adamw: (t, step) => (adamwTensor(t.w, t.g, t.m, t.v, step), ops),
      clear: (b) => (b.fill(0), ops),
      submit: () => Promise.resolve(),
    };
    return ops;
  }
  async read(buffers: readonly Float32Array[], counts: readonly number[]): Promise<Float32Array[]> {
    if (++this.reads >= this.failAt) throw new Error('the GPU device was lost (test)');
    return buffers.map((b, i) => b.slice(0, counts[i]));
  }
  destroy(): void {}
}

const SENTENCE = 'the keys to the';
const losses = (e: LmEngine) => e.snapshot(SENTENCE).history.map(([, l]) => l);

describe('the language-model lab on the GPU backend (its kernels as float32 twins)', () => {
  it('follows the CPU backend step for step: the same losses and weights to float32 rounding', async () => {
    const cpu = new LmEngine({ size: 'small', seed: 1 }, DEFAULT_LM_SETTINGS);
    const gpu = new LmEngine({ size: 'small', seed: 1 }, DEFAULT_LM_SETTINGS, undefined, new ArrayDevice());
    expect(gpu.backend.name).toBe('webgpu');
    await cpu.run(5);
    await gpu.run(5);
    const [a, b] = [losses(gpu), losses(cpu)];
    expect(a).toHaveLength(6);
    // The backends sum in different orders (the CPU's SIMD kernels, the twins' float64 loops), nothing more.
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!) / b[i]!).toBeLessThan(1e-5);
    for (const [name, t] of gpu.backend.model.weights) {
      expect(normwiseError(t.data, cpu.backend.model.weights.get(name)!.data).error, name).toBeLessThan(1e-4);
    }
    expect(gpu.snapshot(SENTENCE).guesses.top.map((g) => g.word)).toEqual(cpu.snapshot(SENTENCE).guesses.top.map((g) => g.word));
  }, 60_000);

  it('is reproducible: two runs give the same losses bit for bit, whatever the batch', async () => {
    for (const batch of [1, 3]) {
      const settings = { ...DEFAULT_LM_SETTINGS, batch };
      const a = new LmEngine({ size: 'small', seed: 2 }, settings, undefined, new ArrayDevice());
      const b = new LmEngine({ size: 'small', seed: 2 }, settings, undefined, new ArrayDevice());
      await a.run(3);
      await b.run(1);
      await b.run(2);
      expect(losses(b)).toEqual(losses(a));
    }
  }, 60_000);

  it('a step that fails leaves the weights of the step before, and the CPU retakes it on the same windows', async () => {
    const device = new ArrayDevice();
    const failing = new LmEngine({ size: 'small', seed: 1 }, DEFAULT_LM_SETTINGS, undefined, device);
    await failing.run(2);
    const before = new Map([...failing.backend.model.weights].map(([n, t]) => [n, t.data.slice()]));
    device.failAt = device.reads + 3; // a read in the middle of step 3's windows
    await expect(failing.run(1)).rejects.toThrow(/lost/);
    expect(failing.step).toBe(2);
    for (const [name, t] of failing.backend.model.weights) expect(t.data, name).toEqual(before.get(name));
    failing.useCpu();
    expect(failing.backend.name).toBe('cpu');
    await failing.run(2);
    expect(failing.step).toBe(4);
    // The same windows as a run that never failed: its step 3 loss (on the GPU twin) agrees to rounding.
    const whole = new LmEngine({ size: 'small', seed: 1 }, DEFAULT_LM_SETTINGS, undefined, new ArrayDevice());
    await whole.run(3);
    expect(Math.abs(losses(failing)[3]! - losses(whole)[3]!) / losses(whole)[3]!).toBeLessThan(1e-5);
  }, 60_000);

  it('the server trains on the GPU it is given, says which, and goes on on the CPU when the GPU is lost', async () => {
    const device = new ArrayDevice();
    let lost: string | undefined;
    const gpu = {
      kernels: device,
      adapter: 'float32 twins',
      lost: new Promise<string>(() => {}),
      lostReason: () => lost,
      guard: <T>(work: () => Promise<T>) => work(),
      lose: () => (lost = 'the GPU device was lost (test)'),
    } as unknown as TrainingGpu;
    const server = new LmServer(async () => gpu);
    const config = { size: 'small', seed: 1 } as const;
    const reset = await server.handle({ kind: 'reset', id: 1, config, settings: DEFAULT_LM_SETTINGS, sentence: SENTENCE });
    expect(reset).toMatchObject({ kind: 'snapshot', snapshot: { backend: 'webgpu' }, backend: { kind: 'webgpu', adapter: 'float32 twins' } });
    expect(await server.handle({ kind: 'train', id: 2, steps: 2, settings: DEFAULT_LM_SETTINGS, sentence: SENTENCE })).toMatchObject({ snapshot: { step: 2, backend: 'webgpu' } });
    device.failAt = device.reads + 1;
    await server.handle({ kind: 'lose-gpu', id: 3 });
    const after = await server.handle({ kind: 'train', id: 4, steps: 3, settings: DEFAULT_LM_SETTINGS, sentence: SENTENCE });
    expect(after).toMatchObject({ kind: 'snapshot', snapshot: { step: 5, backend: 'cpu' }, backend: { kind: 'cpu', reason: /lost \(test\); the lab went on from step 2 on the CPU/ } });
    // The reader's choice of the CPU is honoured, and said.
    const chosen = await server.handle({ kind: 'reset', id: 5, config: { ...config, device: 'cpu' }, settings: DEFAULT_LM_SETTINGS, sentence: SENTENCE });
    expect(chosen).toMatchObject({ snapshot: { backend: 'cpu' }, backend: { kind: 'cpu', reason: 'the CPU was chosen' } });
  }, 60_000);
});
