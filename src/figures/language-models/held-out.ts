/**
 * The language-models chapter's reference numbers, computed at build time in Node: the shipped checkpoint's loss on
 * held-out text (the text README's next-token accuracy is measured on) and its training curve from the checkpoint's
 * training log. Node only (it reads files): the island receives the results as props.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forward, type MiniSeek } from '../../model/forward';
import { DEFAULT_MODEL_DIR } from '../../model/model-dir';
import type { WordTokenizer } from '../../model/tokenizer';
import { tokenStream } from '../../train/dataset';
import { EVAL_SEEDS } from '../../train/evaluate';
import type { TrainingLog } from '../../train/training-log';
import { softmax } from './lm-view';

export interface HeldOut {
  /** Mean −ln p of the true next token over the held-out stream, in nats. */
  readonly loss: number;
  readonly perplexity: number;
  /** How many next-token predictions the mean is over, and how many generated sentences they come from. */
  readonly tokens: number;
  readonly sentences: number;
  /** Share of those where the model's favourite is the true next token (README's "next-token accuracy"). */
  readonly accuracy: number;
}

/**
 * Cross-entropy on the held-out text of src/train/evaluate.ts (its seed and sentence count), cut into windows that
 * each start without context. With evaluate's 64-token windows its accuracy is README's next-token accuracy (a test
 * checks); the chapter uses the training window (48 tokens), so that the loss compares with the training curve's:
 * MiniSeek never trained on positions past 48, and with 64-token windows their predictions raise the mean.
 * @example heldOutLoss(model, tokenizer, { window: 48 }).perplexity // ≈ 8
 */
export function heldOutLoss(model: MiniSeek, tokenizer: WordTokenizer, { sentences = 600, window = 64 } = {}): HeldOut {
  const stream = tokenStream(tokenizer, { seed: EVAL_SEEDS.text, sentences });
  let total = 0;
  let tokens = 0;
  let correct = 0;
  for (let start = 0; start + 1 < stream.length; start += window) {
    const ids = Array.from(stream.subarray(start, Math.min(start + window, stream.length - 1)));
    const { logits } = forward(model, ids);
    for (let t = 0; t < ids.length; t++) {
      const probs = softmax(logits.row(t));
      const target = stream[start + t + 1]!;
      let best = 0;
      for (let v = 1; v < probs.length; v++) if (probs[v]! > probs[best]!) best = v;
      if (best === target) correct++;
      total -= Math.log(probs[target]!);
      tokens++;
    }
  }
  return { loss: total / tokens, perplexity: Math.exp(total / tokens), tokens, sentences, accuracy: correct / tokens };
}

let cached: { key: MiniSeek; window: number; value: HeldOut } | undefined;

/** heldOutLoss once per build for the shipped model (the MDX and the figure's wrapper both ask). */
export function heldOutOnce(model: MiniSeek, tokenizer: WordTokenizer, window: number): HeldOut {
  if (cached?.key !== model || cached.window !== window) cached = { key: model, window, value: heldOutLoss(model, tokenizer, { window }) };
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
