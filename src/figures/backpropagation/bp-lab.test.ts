import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../foundations/datasets';
import { DEFAULT_LAB_CONFIG as cfg, DEFAULT_SGD } from '../../foundations/lab-engine';
import { accuracy, createMlp, lossAndGradients } from '../../foundations/mlp';
import { SgdTrainer } from '../../foundations/sgd';
import { equalCost, labRun, lossRange, pointsSeen } from './bp-lab';

const data = makeDataset(cfg.dataset, { points: cfg.points, noise: cfg.noise, seed: cfg.seed });

describe('labRun', () => {
  it('records the loss over all the data after every step, as the trainer leaves the network', () => {
    const run = labRun(cfg, DEFAULT_SGD, 20);
    const net = createMlp({ hidden: cfg.hidden, activation: cfg.activation, seed: cfg.seed });
    const trainer = new SgdTrainer(net, data, DEFAULT_SGD, cfg.seed);
    expect(run.losses).toHaveLength(21);
    expect(run.start).toBeCloseTo(lossAndGradients(net, data).loss, 12);
    for (let k = 1; k <= 20; k++) {
      trainer.step();
      expect(run.losses[k]).toBeCloseTo(lossAndGradients(net, data).loss, 12);
    }
    expect(run.end).toBe(run.losses[20]);
    expect(run.accuracy).toBe(accuracy(net, data));
    expect(run.wrong).toBe(Math.round((1 - accuracy(net, data)) * data.length));
  });

  it('finds the peak of the curve', () => {
    const run = labRun(cfg, { lr: 3, batch: 16 }, 300);
    expect(run.peak.loss).toBe(Math.max(...run.losses));
    expect(run.losses[run.peak.step]).toBe(run.peak.loss);
  });
});

describe('pointsSeen', () => {
  it('counts the short last batch of each epoch', () => {
    expect(pointsSeen(200, 16, 13)).toBe(200);
    expect(pointsSeen(200, 16, 12)).toBe(192);
    expect(pointsSeen(200, 16, 300)).toBe(23 * 200 + 16);
    expect(pointsSeen(200, 1, 4800)).toBe(4800);
    expect(pointsSeen(200, 200, 24)).toBe(4800);
  });
});

describe('equalCost', () => {
  it('gives each batch size the steps of the same number of epochs', () => {
    const runs = equalCost(cfg, DEFAULT_SGD.lr, 2, [200, 16, 1]);
    expect(runs.map((r) => r.steps)).toEqual([2, 26, 400]);
    for (const r of runs) expect(r.run.pointsSeen).toBe(400);
  });
});

describe('lossRange', () => {
  it('is the lowest and highest of the last losses', () => {
    const run = labRun(cfg, DEFAULT_SGD, 10);
    expect(lossRange(run, 3)).toEqual({ min: Math.min(...run.losses.slice(-3)), max: Math.max(...run.losses.slice(-3)) });
  });
});
