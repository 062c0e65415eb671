/**
 * The held-out loss: mean next-token cross-entropy over the held-out text that `evaluate` (src/train/evaluate.ts)
 * scores its accuracy on: the token stream of the evaluation seed EVAL_SEEDS.text, read in windows of 64 tokens as
 * `evaluate` reads it. The language-model lab computes it for the shipped checkpoint (its reference line, at build
 * time) and for the model the reader trains, with this one function on the same split.
 */
import { forward, type MiniSeek } from '../model/forward';
import type { WordTokenizer } from '../model/tokenizer';
import { tokenStream } from '../train/dataset';
import { EVAL_SEEDS } from '../train/evaluate';

/** The split: the first 200 held-out sentences (about 2,000 tokens), windows of 64 tokens, as `evaluate` reads them. */
export const HELD_OUT = { sentences: 200, window: 64 } as const;

const streams = new Map<WordTokenizer, Int32Array>();

/** The held-out token stream (cached per tokenizer). */
export function heldOutStream(tokenizer: WordTokenizer, sentences: number = HELD_OUT.sentences): Int32Array {
  if (sentences !== HELD_OUT.sentences) return tokenStream(tokenizer, { seed: EVAL_SEEDS.text, sentences });
  let s = streams.get(tokenizer);
  if (!s) streams.set(tokenizer, (s = tokenStream(tokenizer, { seed: EVAL_SEEDS.text, sentences })));
  return s;
}

/**
 * Mean cross-entropy (nats per token) of `model` predicting each next token of the held-out stream.
 * @example heldOutLoss(buildModel().model, tokenizer) // ≈ 2 for the shipped checkpoint
 */
export function heldOutLoss(model: MiniSeek, tokenizer: WordTokenizer, { sentences = HELD_OUT.sentences, window = HELD_OUT.window } = {}): number {
  const stream = heldOutStream(tokenizer, sentences);
  let total = 0;
  let count = 0;
  for (let start = 0; start + 1 < stream.length; start += window) {
    const ids = Array.from(stream.subarray(start, Math.min(start + window, stream.length - 1)));
    const { logits } = forward(model, ids);
    for (let t = 0; t < ids.length; t++) {
      total += -logSoftmaxAt(logits.row(t), stream[start + t + 1]!);
      count++;
    }
  }
  return total / count;
}

/** log softmax(row)[target], in float64. */
export function logSoftmaxAt(row: ArrayLike<number>, target: number): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! - max);
  return row[target]! - max - Math.log(sum);
}
