/** MiniSeek's training loss as the chapter uses it: read from the training log at build time (Node only). */
import { readFileSync } from 'node:fs';
import { ADAMW_DEFAULTS } from '../../train/adamw';
import { TRAINING } from '../../train/recipe';
import { downsample } from './loss-chart';

export const TRAINING_LOG = 'public/models/miniseek/training-log.json';
/** How many buckets the figure's curve has. */
export const BUCKETS = 120;

/**
 * The log's per-step loss, the mean of its first and last 100 steps, how often the loss rose from one step to the
 * next (each step's loss is that step's own batch's), and the curve averaged into buckets (x counted from step 1).
 * @example readTrainingLoss().last100 // the mean loss over the run's last 100 steps
 */
export function readTrainingLoss(path = TRAINING_LOG) {
  const log = JSON.parse(readFileSync(path, 'utf8')) as { loss: number[] };
  const loss = log.loss;
  if (!Array.isArray(loss) || loss.length < 200) throw new Error(`${path}: expected a loss per step, got ${loss?.length ?? 'none'}`);
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const b = downsample(loss, BUCKETS);
  const rising = loss.flatMap((v, i) => (i > 0 && v > loss[i - 1]! ? [i] : []));
  const firstRise = rising[0];
  return {
    steps: loss.length,
    /** Consecutive pairs of steps, and in how many of them the loss rose. */
    pairs: loss.length - 1,
    rises: rising.length,
    /** The first rise, as steps counted from 1. */
    firstRise: firstRise === undefined ? undefined : { step: firstRise + 1, from: loss[firstRise - 1]!, to: loss[firstRise]! },
    /** Steps per bucket of the drawn curve. */
    bucketSize: b.x.length > 1 ? b.x[1]! - b.x[0]! : loss.length,
    first: loss[0]!,
    first100: mean(loss.slice(0, 100)),
    last100: mean(loss.slice(-100)),
    buckets: { x: b.x.map((x) => x + 1), y: b.y },
  };
}

/**
 * MiniSeek's parameters as its trainer treats them: all, those AdamW moves (every tensor but the routing biases,
 * which the bias rule sets), and of those the ones it decays (the matrices; the 1-D norm gains are not decayed).
 * @example parameterCounts(model.weights).trained
 */
export function parameterCounts(weights: ReadonlyMap<string, { readonly size: number; readonly shape: readonly number[] }>) {
  let total = 0;
  let biases = 0;
  let decayed = 0;
  for (const [name, t] of weights) {
    total += t.size;
    if (name.endsWith('e_score_correction_bias')) biases += t.size;
    else if (t.shape.length > 1) decayed += t.size;
  }
  return { total, biases, trained: total - biases, decayed };
}

/**
 * The trainer's AdamW as the chapter states it: the decay per step at the peak learning rate (MiniSeek's trainer, like
 * PyTorch's AdamW, multiplies each decayed entry by 1 − η·λ_wd), Adam's ε, and the balance loss's weight α.
 * @example adamwFacts().decayPerStep // 0.0004
 */
export function adamwFacts() {
  return {
    decayPerStep: TRAINING.options.lr * ADAMW_DEFAULTS.weightDecay,
    eps: ADAMW_DEFAULTS.eps,
    balanceAlpha: TRAINING.options.balanceAlpha,
  };
}
