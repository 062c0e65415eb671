import { describe, expect, it } from 'vitest';
import { normwiseError } from '../model/webgpu/training/training-parity';
import { makeDataset } from './datasets';
import { deviceGradients, DeviceMlp } from './gpu-mlp';
import { DEFAULT_LAB_CONFIG, LabEngine } from './lab-engine';
import { Float32Device } from './mlp-batch';
import { ACTIVATIONS, createMlp, lossAndGradients } from './mlp';
import { MiniBatches } from './sgd';

describe('DeviceMlp, the lab’s GPU trainer, run on float32 CPU arrays', () => {
  const data = makeDataset('circle', { points: 200, noise: 0.05, seed: 1 });

  it('computes mlp.ts’s loss and gradients to float32 rounding, for every activation and depth', async () => {
    for (const activation of ACTIVATIONS) {
      for (const hidden of [[4], [8, 8], [16, 16, 16]]) {
        const net = createMlp({ hidden, activation, seed: 3 });
        // Weights as the device holds them (float32), so both sides start from the same numbers.
        const rounded = { ...net, weights: net.weights.map((w) => Float64Array.from(Float32Array.from(w))) };
        const batch = data.slice(5, 5 + 16);
        const want = lossAndGradients(rounded, batch);
        const [loss, ...grads] = await deviceGradients(new Float32Device(), { sizes: net.sizes, activation, weights: net.weights.map((w) => Float32Array.from(w)), biases: net.biases.map((b) => Float32Array.from(b)), points: batch });
        expect(Math.abs(loss![0]! - want.loss) / want.loss, `${activation} ${hidden}`).toBeLessThan(1e-6);
        const L = net.weights.length;
        for (let l = 0; l < L; l++) {
          expect(normwiseError(grads[l]!, want.grads.weights[l]!).error, `${activation} ${hidden} dW${l}`).toBeLessThan(1e-5);
          expect(normwiseError(grads[L + l]!, want.grads.biases[l]!).error, `${activation} ${hidden} db${l}`).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('trains along the float64 CPU curve: the same batches, the losses within 1e-4 relative for 200 steps', async () => {
    const cpu = new LabEngine(DEFAULT_LAB_CONFIG, { lr: 0.3, batch: 16 });
    const start = createMlp({ hidden: DEFAULT_LAB_CONFIG.hidden, activation: DEFAULT_LAB_CONFIG.activation, seed: DEFAULT_LAB_CONFIG.seed });
    const gpu = new DeviceMlp(new Float32Device(), start.sizes, start.activation, start, cpu.data, 200);
    const batches = new MiniBatches(cpu.data.length, DEFAULT_LAB_CONFIG.seed);
    const run = await gpu.run(Array.from({ length: 200 }, () => batches.next(16)), 0.3);
    cpu.run(200);
    const curve = cpu.snapshot().history.slice(1).map(([, l]) => l);
    const worst = Math.max(...curve.map((l, k) => Math.abs(run.fullLosses[k]! - l) / l));
    expect(worst).toBeLessThan(1e-4);
    expect(run.fullLosses.at(-1)!).toBeLessThan(0.5 * curve[0]!);
    expect(run.weights[0]).toHaveLength(16);
    expect(Math.abs(run.weights[0]![0]! - cpu.net.weights[0]![0]!)).toBeLessThan(1e-3);
  });

  it('refuses an empty mini-batch and more steps than its results hold', async () => {
    const net = createMlp({ hidden: [4], activation: 'relu', seed: 1 });
    const gpu = new DeviceMlp(new Float32Device(), net.sizes, net.activation, net, data, 2);
    await expect(gpu.run([[1], [2], [3]], 0.1)).rejects.toThrow(/at most 2 steps/);
    await expect(gpu.run([[]], 0.1)).rejects.toThrow(/1 to 200 points/);
  });
});
