/**
 * The language-models chapter's reference numbers, computed at build time in Node: the shipped checkpoint's held-out
 * score (src/train/held-out.ts, the function the language-model lab's reference line uses too) and its training curve
 * from the checkpoint's training log. Node only (it reads files): the island receives the results as props.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MiniSeek } from '../../model/forward';
import { DEFAULT_MODEL_DIR } from '../../model/model-dir';
import type { WordTokenizer } from '../../model/tokenizer';
import { heldOutScore, type HeldOutScore } from '../../train/held-out';
import type { TrainingLog } from '../../train/training-log';

let cached: { key: MiniSeek; window: number; value: HeldOutScore } | undefined;

/** heldOutScore (src/train/held-out.ts) once per build for the shipped model (the MDX and the figure's wrapper both ask). */
export function heldOutOnce(model: MiniSeek, tokenizer: WordTokenizer, window: number): HeldOutScore {
  if (cached?.key !== model || cached.window !== window) cached = { key: model, window, value: heldOutScore(model, tokenizer, { window }) };
  return cached.value;
}

export interface TrainingCurve {
  /** Steps in the run. */
  readonly steps: number;
  /** Windows per step and tokens per window: every step scores batch × seqLen next-token predictions. */
  readonly batch: number;
  readonly seqLen: number;
  /** The loss of the first step's batch, before any update had been made. */
  readonly first: number;
  /** The mean loss of the last `tail` steps (one batch is noisy, so the end of the run is averaged). */
  readonly last: number;
  readonly tail: number;
  /** The curve for drawing: the mean loss of each run of `every` steps, in order. */
  readonly points: readonly number[];
  readonly every: number;
}

/**
 * The checkpoint's training curve, reduced for the figure.
 * @example trainingCurve(readTrainingLog()).first // 5.5237
 */
export function trainingCurve(log: Pick<TrainingLog, 'loss' | 'options'>, { every = 20, tail = 100 } = {}): TrainingCurve {
  const loss = log.loss;
  if (loss.length === 0) throw new Error('training log: no steps');
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const points: number[] = [];
  for (let i = 0; i < loss.length; i += every) points.push(mean(loss.slice(i, i + every)));
  return {
    steps: loss.length,
    batch: log.options['batch'] ?? NaN,
    seqLen: log.options['seqLen'] ?? NaN,
    first: loss[0]!,
    last: mean(loss.slice(-tail)),
    tail: Math.min(tail, loss.length),
    points,
    every,
  };
}

/** The shipped checkpoint's training log (public/models/miniseek/training-log.json). */
export function readTrainingLog(dir: string = DEFAULT_MODEL_DIR): TrainingLog {
  const path = join(dir, 'training-log.json');
  const log = JSON.parse(readFileSync(path, 'utf8')) as TrainingLog;
  if (!Array.isArray(log.loss) || typeof log.options !== 'object') throw new Error(`${path}: expected { loss: number[], options: {…} }`);
  return log;
}
