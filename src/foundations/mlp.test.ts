import { describe, expect, it } from 'vitest';
import { DATASETS, makeDataset } from './datasets';
import { ACTIVATIONS, accuracy, createMlp, decisionGrid, forwardMlp, lossAndGradients, numericGradient } from './mlp';
import { SgdTrainer } from './sgd';

describe('the Foundations MLP', () => {
  it('makes every dataset with the points asked for, both classes, inside the square, the same for a seed', () => {
    for (const name of DATASETS) {
      const a = makeDataset(name, { points: 101, noise: 0.1, seed: 3 });
      expect(a).toHaveLength(101);
      expect(new Set(a.map((p) => p.label))).toEqual(new Set([0, 1]));
      for (const p of a) expect(Math.max(Math.abs(p.x), Math.abs(p.y))).toBeLessThanOrEqual(1);
      expect(makeDataset(name, { points: 101, noise: 0.1, seed: 3 })).toEqual(a);
      expect(makeDataset(name, { points: 101, noise: 0.1, seed: 4 })).not.toEqual(a);
    }
    expect(() => makeDataset('circle', { points: 1, noise: 0, seed: 1 })).toThrow(/points/);
  });

  it.each(ACTIVATIONS)('backpropagation agrees with central differences on every weight and bias (%s)', (activation) => {
    const net = createMlp({ hidden: [5, 4], activation, seed: 11 });
    const batch = makeDataset('spiral', { points: 12, noise: 0.05, seed: 2 });
    const { grads } = lossAndGradients(net, batch);
    for (const kind of ['weight', 'bias'] as const) {
      (kind === 'weight' ? grads.weights : grads.biases).forEach((g, layer) => {
        g.forEach((analytic, index) => {
          const numeric = numericGradient(net, batch, { layer, kind, index });
          expect(Math.abs(numeric - analytic), `${kind} ${index} of layer ${layer}`).toBeLessThan(1e-7 + 1e-5 * Math.abs(numeric));
        });
      });
    }
  });

  it('learns the circle: the loss falls by more than half and over 90 % of the points end on the right side', () => {
    const data = makeDataset('circle', { points: 200, noise: 0.05, seed: 1 });
    const net = createMlp({ hidden: [8, 8], activation: 'tanh', seed: 1 });
    const before = lossAndGradients(net, data).loss;
    const trainer = new SgdTrainer(net, data, { lr: 0.3, batch: 16 }, 1);
    let last = { step: 0, epoch: 0, loss: NaN };
    for (let i = 0; i < 600; i++) last = trainer.step();
    expect(last.step).toBe(600);
    expect(last.epoch).toBe(Math.ceil(600 / Math.ceil(200 / 16)));
    expect(lossAndGradients(net, data).loss).toBeLessThan(0.5 * before);
    expect(accuracy(net, data)).toBeGreaterThan(0.9);
    // The boundary grid agrees with the forward pass at its corners.
    const grid = decisionGrid(net, 9);
    expect(grid[0]).toBeCloseTo(forwardMlp(net, -1, 1).p, 12);
    expect(grid[80]).toBeCloseTo(forwardMlp(net, 1, -1).p, 12);
  });

  it('trains the same way twice from the same seeds, and differently from another data order', () => {
    const data = makeDataset('xor', { points: 64, noise: 0, seed: 5 });
    const run = (seed: number) => {
      const net = createMlp({ hidden: [6], activation: 'relu', seed: 2 });
      const trainer = new SgdTrainer(net, data, { lr: 0.1, batch: 8 }, seed);
      return Array.from({ length: 20 }, () => trainer.step().loss);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });

  it('refuses settings that cannot train', () => {
    const data = makeDataset('gaussians', { points: 10, noise: 0, seed: 1 });
    const net = createMlp({ hidden: [2], activation: 'sigmoid', seed: 1 });
    expect(() => new SgdTrainer(net, data, { lr: 0, batch: 4 }, 1)).toThrow(/learning rate/);
    expect(() => new SgdTrainer(net, data, { lr: 0.1, batch: 0 }, 1)).toThrow(/batch size/);
    expect(() => new SgdTrainer(net, [], { lr: 0.1, batch: 4 }, 1)).toThrow(/no data/);
    expect(() => createMlp({ hidden: [0], activation: 'relu', seed: 1 })).toThrow(/positive integers/);
  });
});
