/**
 * What the language-models figure draws, cut from one MiniSeek forward pass: the sentence as next-token examples,
 * each example's probability of the true next word, its cross-entropy, the mean (the loss) and the perplexity.
 */
import { Tensor } from '../../model/tensor';

/** The trace tensors the figure needs: the embedding rows, the last layer's normed output, and the logits. */
export function languageModelTraceNames(): string[] {
  return ['embed', 'final_norm', 'logits'];
}

/** One training example the sentence holds: the tokens up to `position`, and the word that follows them. */
export interface Example {
  /** The position of the last token read (0 = <bos>); the logits of this row score the next word. */
  readonly position: number;
  /** The id of the true next word, the token at position + 1. */
  readonly target: number;
  /** p(target | tokens 0..position), a softmax over the whole vocabulary, in float64. */
  readonly p: number;
  /** −ln p: this example's cross-entropy, in nats. */
  readonly nll: number;
  /** The target's logit z and the row's largest. */
  readonly logit: number;
  /** The model's favourite at this position (the argmax of the row) and its probability. */
  readonly best: number;
  readonly bestP: number;
  /** 1 when the true next word is the favourite, 2 when second, … */
  readonly rank: number;
  /** The entropy −Σ p ln p of this position's distribution, in nats: how spread its bets are, whatever the truth. */
  readonly entropy: number;
  /** False for a target the vocabulary lacks (<unk>): the model cannot name the word, so it is left out of the loss. */
  readonly counted: boolean;
}

export interface SentenceScore {
  /** One per position that has a next word in the sentence: T − 1 of them for T tokens (<bos> included). */
  readonly examples: readonly Example[];
  /** How many examples enter the mean (those whose target is a known word). */
  readonly counted: number;
  /** The mean of −ln p over the counted examples, in nats; NaN when none is counted. */
  readonly loss: number;
  /** e^loss: as surprised by the true words, on average, as a uniform choice among this many words (the true one
   *  among them) would be. NaN when none is counted. */
  readonly perplexity: number;
  /** e^(mean entropy) over the counted examples: how many words the model's own bets are spread over, on average.
   *  It equals the perplexity only for a calibrated model (on average). NaN when none is counted. */
  readonly spread: number;
}

/**
 * Softmax of one logit row in float64 (max subtracted first, so no exponential overflows).
 * @example softmax(Float32Array.of(0, Math.log(3))) // Float64Array [0.25, 0.75]
 */
export function softmax(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]!);
  const out = new Float64Array(row.length);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += out[i] = Math.exp(row[i]! - max);
  for (let i = 0; i < row.length; i++) out[i]! /= sum;
  return out;
}

/**
 * The sentence's next-token examples and their cross-entropy, from the logits [T, V] of its T tokens.
 * @example scoreSentence(logits, [1, 190, 112], 0).loss // mean of −ln p(“the” | <bos>) and −ln p(“keys” | <bos> the)
 */
export function scoreSentence(logits: Tensor, ids: readonly number[], unkId: number): SentenceScore {
  const [T] = logits.shape as [number, number];
  if (ids.length !== T) throw new Error(`language-models figure: ${ids.length} ids for ${T} rows of logits`);
  const examples: Example[] = [];
  for (let t = 0; t + 1 < T; t++) {
    const row = logits.row(t);
    const probs = softmax(row);
    const target = ids[t + 1]!;
    let best = 0;
    let rank = 1;
    for (let v = 0; v < probs.length; v++) {
      if (probs[v]! > probs[best]!) best = v;
      if (probs[v]! > probs[target]!) rank++;
    }
    const p = probs[target]!;
    let entropy = 0;
    for (let v = 0; v < probs.length; v++) if (probs[v]! > 0) entropy -= probs[v]! * Math.log(probs[v]!);
    examples.push({ position: t, target, p, nll: -Math.log(p), logit: row[target]!, best, bestP: probs[best]!, rank, entropy, counted: target !== unkId });
  }
  const used = examples.filter((e) => e.counted);
  const mean = (f: (e: Example) => number) => (used.length ? used.reduce((s, e) => s + f(e), 0) / used.length : NaN);
  const loss = mean((e) => e.nll);
  return { examples, counted: used.length, loss, perplexity: Math.exp(loss), spread: Math.exp(mean((e) => e.entropy)) };
}

/**
 * The k most likely words of a row, most likely first, with the true next word added at the end when it is not
 * among them (so a bar chart can always show it).
 * @example topWithTarget(Float64Array.of(0.1, 0.6, 0.3), 1, 2) // [{ id: 1, p: 0.6 }, { id: 2, p: 0.3 }]
 */
export function topWithTarget(probs: ArrayLike<number>, k: number, target?: number): { id: number; p: number }[] {
  const order = Array.from({ length: probs.length }, (_, id) => id).sort((a, b) => probs[b]! - probs[a]! || a - b);
  const top = order.slice(0, k).map((id) => ({ id, p: probs[id]! }));
  if (target !== undefined && !top.some((c) => c.id === target)) top.push({ id: target, p: probs[target]! });
  return top;
}

/**
 * Natural log to perplexity and back, for the prose and the figure's scale.
 * @example perplexityOf(Math.log(224)) // 224
 */
export function perplexityOf(lossNats: number): number {
  return Math.exp(lossNats);
}

/**
 * The context of an example as the figure prints it: its tokens, cut to the last `keep` with an ellipsis.
 * @example contextText(['<bos>', 'the', 'keys', 'to'], 3, 2) // '… keys to'
 */
export function contextText(tokens: readonly string[], position: number, keep = 4): string {
  const read = tokens.slice(0, position + 1);
  return read.length > keep ? `… ${read.slice(-keep).join(' ')}` : read.join(' ');
}

/**
 * Some columns of a matrix, in the order given: [rows, cols.length].
 * @example pickColumns(logits, [41, 178]).at(0, 1) === logits.at(0, 178)
 */
export function pickColumns(m: Tensor, cols: readonly number[]): Tensor {
  const [R, C] = m.shape as [number, number];
  const out = new Tensor(`${m.name}_columns`, [R, cols.length]);
  cols.forEach((c, j) => {
    if (!(c >= 0 && c < C)) throw new Error(`pickColumns: column ${c} is outside 0..${C - 1}`);
    for (let r = 0; r < R; r++) out.data[r * cols.length + j] = m.data[r * C + c]!;
  });
  return out;
}

/**
 * The vocabulary after its special tokens (<…>), split into words and punctuation marks.
 * @example vocabularySplit(['<unk>', '<bos>', 'the', 'keys', '.']) // { special: 2, words: 2, marks: 1 }
 */
export function vocabularySplit(vocab: readonly string[]): { special: number; words: number; marks: number } {
  let special = 0;
  let words = 0;
  for (const t of vocab) {
    if (/^<.*>$/.test(t)) special++;
    else if (/^\p{L}/u.test(t)) words++;
  }
  return { special, words, marks: vocab.length - special - words };
}
