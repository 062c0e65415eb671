/**
 * The language-models chapter's reference numbers, computed at build time in Node: the shipped checkpoint's held-out
 * score (src/train/held-out.ts, the function the language-model lab's reference line uses too) and its training curve
 * from the checkpoint's training log. Node only (it reads files): the island receives the results as props.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSentences } from '../../corpus/corpus';
import { forward, type MiniSeek } from '../../model/forward';
import { DEFAULT_MODEL_DIR } from '../../model/model-dir';
import type { WordTokenizer } from '../../model/tokenizer';
import { tokenStream } from '../../train/dataset';
import { EVAL_SEEDS } from '../../train/evaluate';
import { HELD_OUT, heldOutScore, heldOutStream, logSoftmaxAt, type HeldOutScore } from '../../train/held-out';
import type { TrainingLog } from '../../train/training-log';
import { trainingIndex, type TrainingIndex } from '../balance-lab/held-out';

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
  /** The learning-rate schedule (src/train/trainer.ts learningRate): a linear warm-up over `warmupSteps`, then a
   *  cosine decay to `finalLrRatio` × the peak by the last step. */
  readonly warmupSteps: number;
  readonly finalLrRatio: number;
  /** α of the sequence-wise expert-balance loss the run added to the cross-entropy. */
  readonly balanceAlpha: number;
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
    warmupSteps: log.options['warmupSteps'] ?? NaN,
    finalLrRatio: log.options['finalLrRatio'] ?? NaN,
    balanceAlpha: log.options['balanceAlpha'] ?? NaN,
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

/** Mean −ln p over one kind of held-out target, and how many there are. */
export interface TargetGroup {
  readonly tokens: number;
  /** Mean −ln p of the true next token, in nats (NaN for an empty group). */
  readonly loss: number;
}

export interface HeldOutDetail {
  /** Every prediction heldOutScore averages (its loss is heldOutScore's). */
  readonly all: TargetGroup;
  /** Predictions whose true next token is a word of the vocabulary. */
  readonly words: TargetGroup;
  /** … a punctuation mark (, . ?): nearly free, a sentence's end is easy to see coming. */
  readonly punctuation: TargetGroup;
  /** … <bos> after <eos>: a new document always starts there, so it costs about nothing. */
  readonly bos: TargetGroup;
  /** … <eos>: where a document ends. */
  readonly eos: TargetGroup;
  /** Share of the predictions that are punctuation or <bos> (the near-free ones). */
  readonly easyShare: number;
  /** e^(mean entropy of the model's distributions): how many words its own bets are spread over, on average. */
  readonly spread: number;
}

/** A vocabulary entry that is a punctuation mark: neither a word (letters) nor a special token (<…>). */
export const isPunctuation = (token: string): boolean => !/^[\p{L}<]/u.test(token);

/**
 * The held-out score taken apart by the kind of true next token, over exactly heldOutScore's windows (a test checks
 * that the parts add up to its loss), with the mean entropy of the model's distributions beside it.
 * @example heldOutDetail(model, tokenizer).words.loss // the held-out loss on word targets only
 */
export function heldOutDetail(
  model: MiniSeek,
  tokenizer: WordTokenizer,
  { sentences = HELD_OUT.sentences, window = HELD_OUT.window }: { sentences?: number; window?: number } = {},
): HeldOutDetail {
  const stream = heldOutStream(tokenizer, sentences);
  const sums = { all: [0, 0], words: [0, 0], punctuation: [0, 0], bos: [0, 0], eos: [0, 0] } as Record<keyof Omit<HeldOutDetail, 'easyShare' | 'spread'>, [number, number]>;
  let entropy = 0;
  for (let start = 0; start + 1 < stream.length; start += window) {
    const ids = Array.from(stream.subarray(start, Math.min(start + window, stream.length - 1)));
    const { logits } = forward(model, ids);
    for (let t = 0; t < ids.length; t++) {
      const row = logits.row(t);
      const target = stream[start + t + 1]!;
      const nll = -logSoftmaxAt(row, target);
      const kind = target === tokenizer.bosId ? 'bos' : target === tokenizer.eosId ? 'eos' : isPunctuation(tokenizer.tokenOf(target)) ? 'punctuation' : 'words';
      for (const k of ['all', kind] as const) {
        sums[k][0] += nll;
        sums[k][1]++;
      }
      entropy += entropyOf(row);
    }
  }
  const group = ([total, n]: [number, number]): TargetGroup => ({ tokens: n, loss: n ? total / n : NaN });
  const all = group(sums.all);
  return {
    all,
    words: group(sums.words),
    punctuation: group(sums.punctuation),
    bos: group(sums.bos),
    eos: group(sums.eos),
    easyShare: (sums.punctuation[1] + sums.bos[1]) / sums.all[1],
    spread: Math.exp(entropy / sums.all[1]),
  };
}

/** The entropy −Σ p ln p of softmax(row), in nats (float64, max subtracted first). */
export function entropyOf(row: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < row.length; i++) {
    const e = Math.exp(row[i]! - max);
    sum += e;
    weighted += e * (row[i]! - max);
  }
  // H = ln Σe − Σ e·(z − max) / Σe
  return Math.log(sum) - weighted / sum;
}

let detailCached: { key: MiniSeek; window: number; value: HeldOutDetail } | undefined;

/** heldOutDetail once per build for the shipped model. */
export function heldOutDetailOnce(model: MiniSeek, tokenizer: WordTokenizer, window: number): HeldOutDetail {
  if (detailCached?.key !== model || detailCached.window !== window) detailCached = { key: model, window, value: heldOutDetail(model, tokenizer, { window }) };
  return detailCached.value;
}

export interface HeldOutOverlap {
  readonly sentences: number;
  /** Held-out sentences that occur word for word in the training text. */
  readonly seen: number;
  /** Tokens (words and punctuation marks) of all the held-out sentences, and of the seen ones. */
  readonly tokens: number;
  readonly seenTokens: number;
}

/**
 * How much of the held-out text the training text already contains: the generator repeats itself, and a seed
 * training never used does not keep it from writing a sentence training had.
 * @example heldOutOverlap().seen // held-out sentences found word for word in the training text
 */
export function heldOutOverlap(sentences: number = HELD_OUT.sentences, index: TrainingIndex = trainingIndex()): HeldOutOverlap {
  let seen = 0;
  let tokens = 0;
  let seenTokens = 0;
  for (const s of generateSentences({ seed: EVAL_SEEDS.text, sentences })) {
    const n = s.trim().split(/\s+/).length;
    tokens += n;
    if (index.has(s)) {
      seen++;
      seenTokens += n;
    }
  }
  return { sentences, seen, tokens, seenTokens };
}

/**
 * How much of its training stream the run read: its predictions (steps × batch × seqLen) over the stream's
 * predictions (its length − 1). Below 1, the run saw less than one pass, so most of its batches were text it had
 * not trained on yet. The stream is rebuilt from the seed and size the log records.
 * @example trainingPasses(readTrainingLog(), tokenizer).passes // ≈ 0.7
 */
export function trainingPasses(log: Pick<TrainingLog, 'loss' | 'options'>, tokenizer: WordTokenizer): { predictions: number; streamTokens: number; passes: number } {
  const seed = log.options['corpusSeed'];
  const sentences = log.options['corpusSentences'];
  if (seed === undefined || sentences === undefined) throw new Error('training log: no corpusSeed / corpusSentences in its options');
  const streamTokens = tokenStream(tokenizer, { seed, sentences }).length;
  const predictions = log.loss.length * (log.options['batch'] ?? NaN) * (log.options['seqLen'] ?? NaN);
  return { predictions, streamTokens, passes: predictions / (streamTokens - 1) };
}
