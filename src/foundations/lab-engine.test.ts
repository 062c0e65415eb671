import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_CONFIG, DEFAULT_SGD, GpuLabEngine, LabEngine } from './lab-engine';
import { Float32Device } from './mlp-batch';
import type { Activation } from './mlp';
import type { DatasetName } from './datasets';

describe('LabEngine on the CPU', () => {
  it('gives the same curves, fields and weights, byte for byte, as before the lab could train on a GPU', () => {
    // The fingerprint was taken from the CPU lab before the WebGPU trainer was added (issue #17); a change in the
    // CPU path's arithmetic, its shuffles or its seeding changes it.
    const h = createHash('sha256');
    const runs: [DatasetName, Activation, number[], number, number][] = [
      ['circle', 'tanh', [8, 8], 0.3, 16],
      ['xor', 'relu', [16, 16], 1, 4],
      ['spiral', 'silu', [8, 8, 8], 0.1, 64],
      ['gaussians', 'sigmoid', [4], 3, 200],
    ];
    for (const [dataset, activation, hidden, lr, batch] of runs) {
      const e = new LabEngine({ ...DEFAULT_LAB_CONFIG, dataset, activation, hidden }, { lr, batch });
      for (let i = 0; i < 5; i++) {
        e.run(40);
        const s = e.snapshot(i === 0);
        h.update(new Float64Array(s.history.flat()));
        h.update(s.grid);
        h.update(String([s.step, s.epoch, s.batchLoss, s.loss, s.accuracy]));
      }
      for (const w of e.net.weights) h.update(w);
    }
    expect(h.digest('hex')).toBe('b40e43f2570d6a3f84d09eb45a3ba69e84884f3c1bcb0a0fada5c0715d98004b');
  });
});

describe('GpuLabEngine (on float32 CPU arrays standing in for the GPU)', () => {
  it('follows the CPU lab: the same step-0 network, epochs, and losses within 1e-4 relative for 400 steps', async () => {
    const cpu = new LabEngine(DEFAULT_LAB_CONFIG, DEFAULT_SGD);
    const gpu = await GpuLabEngine.create(DEFAULT_LAB_CONFIG, DEFAULT_SGD, new Float32Device());
    expect(gpu.snapshot(true).points).toEqual(cpu.snapshot(true).points);
    expect(Math.abs(gpu.snapshot().loss - cpu.snapshot().loss) / cpu.snapshot().loss).toBeLessThan(1e-6);
    for (let i = 0; i < 2; i++) {
      cpu.run(200);
      await gpu.run(200);
    }
    const [a, b] = [gpu.snapshot(), cpu.snapshot()];
    expect([a.step, a.epoch]).toEqual([b.step, b.epoch]);
    expect(a.history.map(([s]) => s)).toEqual(b.history.map(([s]) => s));
    const worst = Math.max(...a.history.map(([, l], i) => Math.abs(l - b.history[i]![1]) / b.history[i]![1]));
    expect(worst).toBeLessThan(1e-4);
    expect(Math.abs(a.batchLoss - b.batchLoss)).toBeLessThan(1e-4);
    expect(a.accuracy).toBeCloseTo(b.accuracy, 2);
  });

  it('hands over to the CPU where the device fails, taking the unfinished steps on the same mini-batches', async () => {
    const reference = new LabEngine(DEFAULT_LAB_CONFIG, DEFAULT_SGD);
    reference.run(30);
    const device = new Float32Device();
    const gpu = await GpuLabEngine.create(DEFAULT_LAB_CONFIG, DEFAULT_SGD, device);
    await gpu.run(20);
    device.read = () => Promise.reject(new Error('device lost'));
    await expect(gpu.run(10)).rejects.toThrow('device lost');
    expect(gpu.snapshot().step).toBe(20);
    const cpu = gpu.onCpu();
    const [a, b] = [cpu.snapshot(), reference.snapshot()];
    expect([a.step, a.epoch]).toEqual([30, b.epoch]);
    expect(a.history).toHaveLength(31);
    expect(Math.abs(a.loss - b.loss) / b.loss).toBeLessThan(1e-5);
  });
});
