import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../foundations/datasets';
import { lossAndGradients } from '../../foundations/mlp';
import { SgdTrainer } from '../../foundations/sgd';
import { compareBatches, epochBatches, flatten } from './bp-batches';
import { createTinyNet, paramRefs } from './bp-view';

const points = makeDataset('circle', { points: 200, noise: 0.05, seed: 1 });

describe('epochBatches', () => {
  it('cuts a permutation of the data into batches, the last one smaller', () => {
    const batches = epochBatches(200, 16, 1);
    expect(batches).toHaveLength(13);
    expect(batches.at(-1)).toHaveLength(8);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(batches.flat()).not.toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('is the order the SGD trainer walks in its first epoch', () => {
    const net = createTinyNet('tanh', 1);
    const batches = epochBatches(200, 16, 7);
    const trainer = new SgdTrainer(createTinyNet('tanh', 1), points, { lr: 1e-12, batch: 16 }, 7);
    // With a vanishing step the weights do not move, so each step's loss is the loss of its batch at the start.
    for (const b of batches.slice(0, 4)) expect(trainer.step().loss).toBeCloseTo(lossAndGradients(net, b.map((i) => points[i]!)).loss, 9);
  });
});

describe('compareBatches', () => {
  const net = createTinyNet('tanh', 1);
  const cmp = compareBatches(net, points, epochBatches(200, 16, 1));

  it('flattens in the order of paramRefs', () => {
    expect(flatten(lossAndGradients(net, points).grads)).toHaveLength(paramRefs(net).length);
  });

  it('has batch gradients that average, weighted by size, to the full gradient', () => {
    expect(cmp.averageGap).toBeLessThan(1e-12);
  });

  it('has batch gradients that point roughly, not exactly, the full gradient’s way', () => {
    for (const b of cmp.batches) {
      expect(b.cosine).toBeLessThan(1 - 1e-6);
      expect(b.cosine).toBeGreaterThan(-1);
    }
    const mean = cmp.batches.reduce((s, b) => s + b.cosine, 0) / cmp.batches.length;
    expect(mean).toBeGreaterThan(0);
  });
});
