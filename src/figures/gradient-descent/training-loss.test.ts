import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { initWeights } from '../../model/weights';
import { trainableParams } from '../../train/trainer';
import { decayFor, ADAMW_DEFAULTS } from '../../train/adamw';
import { parameterCounts, readTrainingLoss } from './training-loss';

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
});
