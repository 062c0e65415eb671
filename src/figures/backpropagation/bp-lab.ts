/**
 * The lab's training run, replayed in Node for the chapter's prose: the same data, network and seeded SGD as the
 * lab's CPU trainer (src/foundations/lab-engine.ts builds its run from the same three calls).
 */
import { makeDataset } from '../../foundations/datasets';
import { accuracy, createMlp, lossAndGradients, type Activation } from '../../foundations/mlp';
import { SgdTrainer, type SgdSettings } from '../../foundations/sgd';
import type { DatasetName } from '../../foundations/datasets';

export interface LabRunConfig {
  readonly dataset: DatasetName;
  readonly points: number;
  readonly noise: number;
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly seed: number;
}

export interface LabRun {
  /** Loss over all the data before the first step and after the last. */
  readonly start: number;
  readonly end: number;
  readonly accuracy: number;
  /** Points whose gradient was computed, over all steps. */
  readonly pointsSeen: number;
}

/**
 * @example labRun(DEFAULT_LAB_CONFIG, { lr: 0.3, batch: 16 }, 300).end
 */
export function labRun(config: LabRunConfig, settings: SgdSettings, steps: number): LabRun {
  const data = makeDataset(config.dataset, { points: config.points, noise: config.noise, seed: config.seed });
  const net = createMlp({ hidden: config.hidden, activation: config.activation, seed: config.seed });
  const trainer = new SgdTrainer(net, data, settings, config.seed);
  const start = lossAndGradients(net, data).loss;
  for (let i = 0; i < steps; i++) trainer.step();
  return { start, end: lossAndGradients(net, data).loss, accuracy: accuracy(net, data), pointsSeen: steps * Math.min(settings.batch, data.length) };
}
