import { describe, expect, it } from 'vitest';
import { MINISEEK_DEFAULTS, parseConfig } from '../model/config';
import { seededRandom } from '../model/random';
import type { Tensor } from '../model/tensor';
import { initWeights } from '../model/weights';
import { useFastKernels } from '../model/kernels/active';
import { trainParallel, workerOfWindow } from './parallel-trainer';
import { train, type TrainOptions } from './trainer';

const config = parseConfig({ ...MINISEEK_DEFAULTS, vocab_size: 12, bos_token_id: 1, eos_token_id: 2, pad_token_id: 0, hidden_size: 32, initializer_range: 0.1 });
const rand = seededRandom(5);
const stream = Int32Array.from({ length: 2000 }, (_, i) => (rand() < 0.1 ? 3 + Math.floor(rand() * 9) : 3 + (i % 5)));
const options: TrainOptions = { steps: 3, batch: 4, seqLen: 16, lr: 1e-2, warmupSteps: 2, finalLrRatio: 0.1, biasGamma: 0.01, balanceAlpha: 1e-4, seed: 9 };

const bits = (t: Tensor) => Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.size));
const sameBits = (a: Map<string, Tensor>, b: Map<string, Tensor>) => [...a].every(([name, t]) => bits(t).join() === bits(b.get(name)!).join());

describe('trainParallel', () => {
  it('gives the same weights to the bit for any worker count, and the serial trainer\'s up to float rounding', async () => {
    const runs = await Promise.all(
      [2, 2, 1, 3].map(async (workers) => {
        const weights = initWeights(config, 1);
        const run = await trainParallel(config, weights, stream, options, { workers });
        return { weights, logs: run.logs };
      }),
    );
    const [first, ...others] = runs;
    for (const other of others) {
      expect(sameBits(other.weights, first!.weights)).toBe(true);
      expect(other.logs).toEqual(first!.logs);
    }
    // The weights did move, and the routing bias with them.
    const init = initWeights(config, 1);
    expect(sameBits(first!.weights, init)).toBe(false);
    expect(Array.from(first!.weights.get('model.layers.1.mlp.gate.e_score_correction_bias')!.data).some((x) => x !== 0)).toBe(true);

    // The workers run the WebAssembly kernels; so must the serial trainer here, for its first loss to match to the bit.
    expect((await useFastKernels()).name).toBe('wasm-simd');
    const serialWeights = initWeights(config, 1);
    const serial = train(config, serialWeights, stream, options);
    // Step 0 reads the same windows with the same weights: its losses and loads are identical; the gradient sum is
    // rounded in another order, so the norm agrees to float precision.
    expect(first!.logs[0]!.loss).toBe(serial[0]!.loss);
    expect(first!.logs[0]!.load).toEqual(serial[0]!.load);
    expect(first!.logs[0]!.gradNorm).toBeCloseTo(serial[0]!.gradNorm, 5);
    // After 3 steps at lr 1e-2 the weights differ by at most 3.9e-7 (measured); the bound leaves room for AdamW's
    // normalisation to magnify a rounding difference in a near-zero gradient.
    for (const [name, t] of serialWeights) {
      const p = first!.weights.get(name)!;
      let worst = 0;
      for (let i = 0; i < t.size; i++) worst = Math.max(worst, Math.abs(p.data[i]! - t.data[i]!));
      expect(worst, name).toBeLessThan(1e-4);
    }
  }, 60_000);

  it('fails with the worker\'s message when a worker throws, and does not hang', async () => {
    const bad = Int32Array.from(stream, (id, i) => (i % 10 === 5 ? 99 : id)); // 99 is outside the 12-token vocabulary
    await expect(trainParallel(config, initWeights(config, 1), bad, options, { workers: 2 })).rejects.toThrow(/training worker \d: embedding .*token id 99/);
  }, 60_000);

  it('rejects a worker count that is not a positive integer', async () => {
    await expect(trainParallel(config, initWeights(config, 1), stream, options, { workers: 0 })).rejects.toThrow(/workers/);
  });
});

describe('workerOfWindow', () => {
  it('gives each worker a contiguous share of the batch', () => {
    expect(Array.from({ length: 8 }, (_, b) => workerOfWindow(b, 2, 8))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from({ length: 8 }, (_, b) => workerOfWindow(b, 3, 8))).toEqual([0, 0, 0, 1, 1, 1, 2, 2]);
  });
});
