import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { initWeights } from '../../model/weights';
import { trainableParams } from '../../train/trainer';
import { adamwTensor, biasCorrections, decayFor, ADAMW_DEFAULTS } from '../../train/adamw';
import { TRAINING } from '../../train/recipe';
import { adamwFacts, parameterCounts, readTrainingLoss } from './training-loss';

describe('MiniSeek’s training as the chapter states it', () => {
  it('counts the parameters AdamW moves and decays as the trainer does', () => {
    const weights = initWeights(loadModelDir().model.config, 1);
    const counts = parameterCounts(weights);
    const trained = trainableParams(weights);
    expect(counts.trained).toBe(trained.reduce((s, t) => s + t.size, 0));
    expect(counts.decayed).toBe(trained.filter((t) => decayFor(t.shape, ADAMW_DEFAULTS.weightDecay) > 0).reduce((s, t) => s + t.size, 0));
    expect(counts.total).toBe([...weights.values()].reduce((s, t) => s + t.size, 0));
  });

  it('reads a falling loss from the shipped training log', () => {
    const loss = readTrainingLoss();
    expect(loss.steps).toBeGreaterThan(1000);
    expect(loss.last100).toBeLessThan(loss.first100 - 1);
    expect(loss.buckets.x[0]).toBeGreaterThanOrEqual(1);
    expect(loss.buckets.y.length).toBeLessThanOrEqual(120);
  });

  it('counts the steps at which the batch loss rose (the chapter words the share: "about as often as it fell" from 40 %)', () => {
    const loss = readTrainingLoss();
    expect(loss.pairs).toBe(loss.steps - 1);
    expect(loss.rises).toBeGreaterThan(0);
    expect(loss.rises).toBeLessThan(loss.pairs);
    expect(loss.firstRise!.to).toBeGreaterThan(loss.firstRise!.from);
    expect(loss.bucketSize * loss.buckets.y.length).toBeGreaterThanOrEqual(loss.steps);
    expect(loss.bucketSize * (loss.buckets.y.length - 1)).toBeLessThan(loss.steps);
  });

  it('decays a matrix entry by η·λ_wd per step, as the trainer does', () => {
    const { decayPerStep, eps, balanceAlpha } = adamwFacts();
    expect(eps).toBe(ADAMW_DEFAULTS.eps);
    expect(balanceAlpha).toBe(TRAINING.options.balanceAlpha);
    // With a zero gradient the only change is the decay: w ← w (1 − η λ_wd).
    const w = new Float32Array([1]);
    adamwTensor(w, new Float32Array([0]), new Float32Array(1), new Float32Array(1), {
      ...ADAMW_DEFAULTS, lr: TRAINING.options.lr, decay: ADAMW_DEFAULTS.weightDecay, ...biasCorrections(1, ADAMW_DEFAULTS.beta1, ADAMW_DEFAULTS.beta2), clip: 1,
    });
    expect(1 - w[0]!).toBeCloseTo(decayPerStep, 7);
  });

  it('moves a weight with a steady gradient by about η per step whatever its size, and never much more', () => {
    const lr = 1e-3;
    const step = (grads: number[]) => {
      const w = new Float32Array(1);
      const m = new Float32Array(1);
      const v = new Float32Array(1);
      const moves: number[] = [];
      grads.forEach((g, t) => {
        const before = w[0]!;
        adamwTensor(w, new Float32Array([g]), m, v, { ...ADAMW_DEFAULTS, lr, decay: 0, ...biasCorrections(t + 1, ADAMW_DEFAULTS.beta1, ADAMW_DEFAULTS.beta2), clip: 1 });
        moves.push(Math.abs(w[0]! - before));
      });
      return moves;
    };
    for (const g of [1e-4, 1, 100]) for (const move of step(Array(50).fill(g))) expect(move / lr).toBeCloseTo(1, 3);
    // Gradients that change size and sign: still never much more than η.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const noisy = Array.from({ length: 500 }, () => random() * 10 ** (3 * random()));
    expect(Math.max(...step(noisy)) / lr).toBeLessThan(1.5);
  });
});
