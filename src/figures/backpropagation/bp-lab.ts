/**
 * The lab's training run, replayed in Node for the chapter's prose: the same data, network and seeded SGD as the
 * lab's CPU trainer (src/foundations/lab-engine.ts builds its run from the same three calls), in float64. The lab in
 * the page trains on WebGPU in float32 when the browser has it (src/foundations/gpu-mlp.ts): the same data, starting
 * weights and batch order, other code, so its last digits can differ from these.
 */
import { makeDataset } from '../../foundations/datasets';
import { accuracy, bce, createMlp, forwardMlp, type Activation, type Mlp } from '../../foundations/mlp';
import { SgdTrainer, type SgdSettings } from '../../foundations/sgd';
import type { DatasetName, Point } from '../../foundations/datasets';

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
  /** losses[k]: the loss over all the data after k steps (losses[0] = start, losses[steps] = end). */
  readonly losses: readonly number[];
  /** The highest of those losses and the step it came after. */
  readonly peak: { readonly loss: number; readonly step: number };
  readonly accuracy: number;
  /** Points on the wrong side after the last step, counted (not 1 − accuracy, which float rounding blurs). */
  readonly wrong: number;
  readonly points: number;
  /** Points whose gradient was computed, over all steps. */
  readonly pointsSeen: number;
}

/** The mean binary cross-entropy over all the points: the lab's loss curve, forward passes only. */
function meanLoss(net: Mlp, data: readonly Point[]): number {
  let s = 0;
  for (const p of data) s += bce(forwardMlp(net, p.x, p.y).logit, p.label);
  return s / data.length;
}

/**
 * @example labRun(DEFAULT_LAB_CONFIG, { lr: 0.3, batch: 16 }, 300).end
 */
export function labRun(config: LabRunConfig, settings: SgdSettings, steps: number): LabRun {
  const data = makeDataset(config.dataset, { points: config.points, noise: config.noise, seed: config.seed });
  const net = createMlp({ hidden: config.hidden, activation: config.activation, seed: config.seed });
  const trainer = new SgdTrainer(net, data, settings, config.seed);
  const losses = [meanLoss(net, data)];
  for (let i = 0; i < steps; i++) {
    trainer.step();
    losses.push(meanLoss(net, data));
  }
  const peakStep = losses.reduce((best, l, k) => (l > losses[best]! ? k : best), 0);
  const acc = accuracy(net, data);
  const wrong = data.filter((p) => (forwardMlp(net, p.x, p.y).p >= 0.5 ? 1 : 0) !== p.label).length;
  return {
    start: losses[0]!,
    end: losses[steps]!,
    losses,
    peak: { loss: losses[peakStep]!, step: peakStep },
    accuracy: acc,
    wrong,
    points: data.length,
    pointsSeen: pointsSeen(data.length, settings.batch, steps),
  };
}

/**
 * Points whose gradient `steps` steps compute: each epoch's batches are of `batch` points but the last, which takes
 * what is left (sgd.ts's MiniBatches).
 * @example pointsSeen(200, 16, 13) // 200: twelve batches of 16 and one of 8
 */
export function pointsSeen(n: number, batch: number, steps: number): number {
  const perEpoch = Math.ceil(n / batch);
  const whole = Math.floor(steps / perEpoch);
  return whole * n + Math.min(n, (steps % perEpoch) * batch);
}

/**
 * The lowest and highest loss over all the data after each of a run's last `last` steps: how much it still jumps.
 * @example lossRange(run, 1500) // { min, max }
 */
export function lossRange(run: LabRun, last: number): { readonly min: number; readonly max: number } {
  const tail = run.losses.slice(-last);
  return { min: Math.min(...tail), max: Math.max(...tail) };
}

export interface EqualCostRun {
  readonly batch: number;
  readonly steps: number;
  readonly run: LabRun;
}

/**
 * Runs at equal cost: every batch size gets the steps of `epochs` passes over the data, so every run computes the
 * gradient of epochs × points points (one pass is ⌈points / batch⌉ steps, the last batch of each smaller).
 * @example equalCost(DEFAULT_LAB_CONFIG, 0.3, 24, [200, 16, 1]).map((r) => r.steps) // [24, 312, 4800]
 */
export function equalCost(config: LabRunConfig, lr: number, epochs: number, batches: readonly number[]): EqualCostRun[] {
  return batches.map((batch) => {
    const steps = epochs * Math.ceil(config.points / batch);
    return { batch, steps, run: labRun(config, { lr, batch }, steps) };
  });
}
