/**
 * The held-out score of a model: mean next-token cross-entropy (and how often its favourite is right) over the
 * held-out text that `evaluate` (./evaluate.ts) measures accuracy on, i.e. the token stream of EVAL_SEEDS.text.
 * One function for everything that shows a held-out loss: the language-models chapter (the shipped checkpoint) and
 * the language-model lab (its reference line at build time, and the reader's model in the worker), so that the
 * same checkpoint never shows two "held-out" numbers.
 */
import { forward, type MiniSeek } from '../model/forward';
import type { WordTokenizer } from '../model/tokenizer';
import { tokenStream } from './dataset';
import { EVAL_SEEDS } from './evaluate';
import { TRAINING } from './recipe';

/**
 * The split: evaluate's 600 held-out sentences (about 6,500 predictions), cut into windows of the TRAINING length,
 * each starting without context. MiniSeek never trained on positions past 48; evaluate's 64-token windows would
 * score predictions it never learned to make and raise the loss, so that it would not compare with the training
 * curve (with window 64 the accuracy is README's next-token accuracy; a test checks).
 */
export const HELD_OUT = { sentences: 600, window: TRAINING.options.seqLen } as const;

export interface HeldOutScore {
  /** Mean −ln p of the true next token, in nats. */
  readonly loss: number;
  readonly perplexity: number;
  /** How many next-token predictions the mean is over, and how many generated sentences they come from. */
  readonly tokens: number;
  readonly sentences: number;
  /** Share of the predictions whose favourite is the true next token. */
  readonly accuracy: number;
}

const streams = new Map<WordTokenizer, Map<number, Int32Array>>();

/** The held-out token stream of `sentences` sentences (cached per tokenizer: the lab scores every 100 steps). */
export function heldOutStream(tokenizer: WordTokenizer, sentences: number = HELD_OUT.sentences): Int32Array {
  let byCount = streams.get(tokenizer);
  if (!byCount) streams.set(tokenizer, (byCount = new Map()));
  let s = byCount.get(sentences);
  if (!s) byCount.set(sentences, (s = tokenStream(tokenizer, { seed: EVAL_SEEDS.text, sentences })));
  return s;
}

/**
 * Scores `model` on the held-out stream.
 * @example heldOutScore(model, tokenizer).perplexity // ≈ 8 for the shipped checkpoint
 */
export function heldOutScore(
  model: MiniSeek,
  tokenizer: WordTokenizer,
  { sentences = HELD_OUT.sentences, window = HELD_OUT.window }: { sentences?: number; window?: number } = {},
): HeldOutScore {
  if (!Number.isInteger(window) || window < 1) throw new Error(`held-out: the window must be a positive integer, got ${window}`);
  const stream = heldOutStream(tokenizer, sentences);
  let total = 0;
  let tokens = 0;
  let correct = 0;
  for (let start = 0; start + 1 < stream.length; start += window) {
    const ids = Array.from(stream.subarray(start, Math.min(start + window, stream.length - 1)));
    const { logits } = forward(model, ids);
    for (let t = 0; t < ids.length; t++) {
      const row = logits.row(t);
      const target = stream[start + t + 1]!;
      let best = 0;
      for (let v = 1; v < row.length; v++) if (row[v]! > row[best]!) best = v;
      if (best === target) correct++;
      total -= logSoftmaxAt(row, target);
      tokens++;
    }
  }
  return { loss: total / tokens, perplexity: Math.exp(total / tokens), tokens, sentences, accuracy: correct / tokens };
}

/** log softmax(row)[target], in float64 (max subtracted first, so no exponential overflows). */
export function logSoftmaxAt(row: ArrayLike<number>, target: number): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! - max);
  return row[target]! - max - Math.log(sum);
}
