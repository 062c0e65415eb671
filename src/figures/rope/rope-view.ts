/**
 * What the RoPE chapter's figure shows, from MiniSeek's traced tensors (issue #14): one 2-D pair of a query before
 * and after its rotation, the rotary and content parts of a head's scores, the same scores for the sentence shifted
 * by a few words or read backwards, and the two layouts of the pairs. Everything is layer 1 (trace index 0), where
 * the vectors before rotation depend on the token alone, so the rotation is the only thing that knows positions.
 */
import { rope, ropeTables } from '../../model/attention-ops';
import { Tensor, matrixDims } from '../../model/tensor';
import { headBlock } from '../trace-views';

/** The layer every step of the chapter reads (trace index; "layer 1" in the prose). */
export const ROPE_LAYER = 0;
/** The words put in front of the reader's sentence to shift it (all in MiniSeek's vocabulary). */
export const SHIFT_PREFIX = 'anna saw that';
export const SHIFT = SHIFT_PREFIX.split(' ').length;

const L = `layers.${ROPE_LAYER}.attn`;
export const ROPE_TRACE = {
  qRaw: `${L}.q_rope_raw`,
  q: `${L}.q_rope`,
  kRaw: `${L}.k_rope_raw`,
  k: `${L}.k_rope`,
  qNope: `${L}.q_nope`,
  kNope: `${L}.k_nope`,
} as const;

/**
 * Token labels for this chapter, where positions count from 0: a repeated word carries its position in brackets
 * (the other chapters' labels count tokens from 1).
 * @example positionLabels(['<bos>', 'the', 'keys', 'the']) // ['<bos>', 'the (1)', 'keys', 'the (3)']
 */
export function positionLabels(tokens: readonly string[]): string[] {
  const counts = new Map<string, number>();
  tokens.forEach((t) => counts.set(t, (counts.get(t) ?? 0) + 1));
  return tokens.map((t, m) => ((counts.get(t) ?? 0) > 1 ? `${t} (${m})` : t));
}

/** The trace tensors the figure draws (for the page's run and for the shifted and reversed runs alike). */
export function ropeTraceNames(): string[] {
  return Object.values(ROPE_TRACE);
}

export interface RopeView {
  /** Tokens, <bos> first: token t sits at position t. */
  readonly T: number;
  readonly heads: number;
  /** d_rope, the rotary dimensions of a query or key. */
  readonly d: number;
  /** Per head: q^R before RoPE [T, d] in the checkpoint's interleaved layout, and after it, de-interleaved. */
  readonly qRaw: readonly Tensor[];
  readonly q: readonly Tensor[];
  /** The shared key k^R before and after RoPE, [T, d]. */
  readonly kRaw: Tensor;
  readonly k: Tensor;
  /** Per head: q^C and k^C, the content parts that RoPE never touches, [T, d_nope]. */
  readonly qNope: readonly Tensor[];
  readonly kNope: readonly Tensor[];
}

/** @example ropeView(trace, 4) */
export function ropeView(trace: ReadonlyMap<string, Tensor>, heads: number): RopeView {
  const get = (name: string) => {
    const t = trace.get(name);
    if (!t) throw new Error(`RoPE figure: the trace has no "${name}"`);
    return t;
  };
  const k = get(ROPE_TRACE.k);
  const [T, d] = matrixDims(k);
  const perHead = (t: Tensor) => Array.from({ length: heads }, (_, h) => headBlock(t, heads, h));
  return {
    T,
    heads,
    d,
    qRaw: perHead(get(ROPE_TRACE.qRaw)),
    q: perHead(get(ROPE_TRACE.q)),
    kRaw: get(ROPE_TRACE.kRaw),
    k,
    qNope: perHead(get(ROPE_TRACE.qNope)),
    kNope: perHead(get(ROPE_TRACE.kNope)),
  };
}

/**
 * Pair i of a row before RoPE: (x[2i], x[2i+1]) in the interleaved layout MiniSeek's checkpoint uses (the
 * reference's rope_interleave), (x[i], x[i + d/2]) in the half-split one.
 */
export function pairBefore(raw: Tensor, row: number, i: number, interleave: boolean): [number, number] {
  const d = raw.shape[1]!;
  return interleave ? [raw.at(row, 2 * i), raw.at(row, 2 * i + 1)] : [raw.at(row, i), raw.at(row, i + d / 2)];
}

/** Pair i of a row after RoPE: the engine writes every rotated pair as (y[i], y[i + d/2]), whatever the layout in. */
export function pairAfter(rotated: Tensor, row: number, i: number): [number, number] {
  const d = rotated.shape[1]!;
  return [rotated.at(row, i), rotated.at(row, i + d / 2)];
}

/** θ_i = base^(−2i/d) as the engine computes it (float32, like the reference's inv_freq). */
export function engineTheta(i: number, d: number, base: number): number {
  return Math.fround(1 / base ** ((2 * i) / d));
}

/** The angle the engine turns pair i by at position m: m·θ_i, rounded to float32 as its tables are. */
export function engineAngle(m: number, i: number, d: number, base: number): number {
  return Math.fround(m * engineTheta(i, d, base));
}

function dot(a: Tensor, r: number, b: Tensor, s: number): number {
  const n = a.shape[1]!;
  let sum = 0;
  for (let m = 0; m < n; m++) sum += a.data[r * n + m]! * b.data[s * n + m]!;
  return sum;
}

/** q^R_{t,h} · k^R_j: the rotary part of head h's score for query t and key j (before the 1/√d_k scale). */
export function rotaryScore(v: RopeView, head: number, t: number, j: number): number {
  return dot(v.q[head]!, t, v.k, j);
}

/** q^C_{t,h} · k^C_{j,h}: the content part, which no rotation touches. */
export function contentScore(v: RopeView, head: number, t: number, j: number): number {
  return dot(v.qNope[head]!, t, v.kNope[head]!, j);
}

/** Every (t, j) value of `score` as a [T, T] tensor, future keys included (the mask is another story). */
export function scoreTable(name: string, v: RopeView, head: number, score: (v: RopeView, h: number, t: number, j: number) => number): Tensor {
  const out = new Tensor(name, [v.T, v.T]);
  for (let t = 0; t < v.T; t++) for (let j = 0; j < v.T; j++) out.data[t * v.T + j] = score(v, head, t, j);
  return out;
}

/** The reader's sentence with SHIFT_PREFIX in front; undefined if it would not fit in the model's positions. */
export function shiftedSentence(words: readonly string[], maxTokens: number): string | undefined {
  return words.length + SHIFT + 1 <= maxTokens ? `${SHIFT_PREFIX} ${words.join(' ')}` : undefined;
}

/** The same words in reverse order: the same bag of words, every position changed. */
export function reversedSentence(words: readonly string[]): string {
  return [...words].reverse().join(' ');
}

export interface ShiftRow {
  /** The key's token index in the reader's sentence. */
  readonly key: number;
  readonly plain: number;
  readonly shifted: number;
}

export interface ShiftComparison {
  readonly rows: readonly ShiftRow[];
  /** Largest |plain − shifted| over every head and every pair j ≤ t, not only the rows shown. */
  readonly maxDiff: number;
  /**
   * Largest change of one rotated k^R number of the query's word between the two sentences (it moved by `shift`):
   * not small. 0 for <bos> (t = 0), which stays at position 0 in both.
   */
  readonly keyChange: number;
}

/**
 * The relative property on the model's own vectors: query t against every key j ≤ t, in the reader's sentence and
 * in the sentence shifted by `shift` positions (token t is token t + shift there).
 */
export function shiftComparison(plain: RopeView, shifted: RopeView, shift: number, head: number, t: number): ShiftComparison {
  const rows: ShiftRow[] = [];
  for (let j = 1; j <= t; j++) rows.push({ key: j, plain: rotaryScore(plain, head, t, j), shifted: rotaryScore(shifted, head, t + shift, j + shift) });
  let maxDiff = 0;
  for (let h = 0; h < plain.heads; h++) {
    for (let a = 1; a < plain.T; a++) {
      for (let b = 1; b <= a; b++) maxDiff = Math.max(maxDiff, Math.abs(rotaryScore(plain, h, a, b) - rotaryScore(shifted, h, a + shift, b + shift)));
    }
  }
  let keyChange = 0;
  if (t > 0) for (let m = 0; m < plain.d; m++) keyChange = Math.max(keyChange, Math.abs(plain.k.at(t, m) - shifted.k.at(t + shift, m)));
  return { rows, maxDiff, keyChange };
}

export interface ReversalComparison {
  /** Token index in the reversed sentence of each token of the reader's (<bos> stays first). */
  readonly partner: (t: number) => number;
  /** Largest change of a content score q^C·k^C between the same two words, over every head and pair: 0. */
  readonly contentMaxDiff: number;
  /** Largest change of a rotary score between the same two words: the positions moved, so it changed. */
  readonly rotaryMaxDiff: number;
}

/** The same two words in the sentence and in its reverse: the content score does not notice, the rotary one does. */
export function reversalComparison(plain: RopeView, reversed: RopeView): ReversalComparison {
  if (reversed.T !== plain.T) throw new Error(`RoPE figure: the reversed sentence has ${reversed.T} tokens, not ${plain.T}`);
  const partner = (t: number) => (t === 0 ? 0 : plain.T - t);
  let contentMaxDiff = 0;
  let rotaryMaxDiff = 0;
  for (let h = 0; h < plain.heads; h++) {
    for (let t = 0; t < plain.T; t++) {
      for (let j = 0; j < plain.T; j++) {
        contentMaxDiff = Math.max(contentMaxDiff, Math.abs(contentScore(plain, h, t, j) - contentScore(reversed, h, partner(t), partner(j))));
        rotaryMaxDiff = Math.max(rotaryMaxDiff, Math.abs(rotaryScore(plain, h, t, j) - rotaryScore(reversed, h, partner(t), partner(j))));
      }
    }
  }
  return { partner, contentMaxDiff, rotaryMaxDiff };
}

export interface LayoutComparison {
  /** The model's own score: both vectors rotated in the interleaved layout the checkpoint was trained with. */
  readonly interleaved: number;
  /** Both vectors' dimensions reordered (x0, x2, x4, …, x1, x3, …) and rotated in the half-split layout. */
  readonly halfSplit: number;
  /** The checkpoint's vectors read as if they were half-split, without reordering: pairs the wrong numbers. */
  readonly mismatched: number;
}

/** One head's rotary score for query t and key j, computed in both layouts and in a mismatched reading. */
export function layoutComparison(v: RopeView, head: number, t: number, j: number, base: number): LayoutComparison {
  const { d } = v;
  const tables = ropeTables(v.T, d, base);
  const at = (x: Tensor, row: number, order: (m: number) => number) => {
    const out = new Tensor(x.name, [1, d]);
    for (let m = 0; m < d; m++) out.data[m] = x.at(row, order(m));
    return out;
  };
  const rotate = (x: Tensor, position: number, interleave: boolean) => {
    // A one-row tensor rotated at `position`: the tables' row for that position, as the engine would use it.
    const half = d / 2;
    const one = { cos: tables.cos.slice(position * half, (position + 1) * half), sin: tables.sin.slice(position * half, (position + 1) * half) };
    return rope('rotated', x, 1, d, one, interleave);
  };
  const same = (m: number) => m;
  // Half-split slot m < d/2 holds interleaved x[2m]; slot d/2 + m holds x[2m + 1]: the same pairs, regrouped.
  const regroup = (m: number) => (m < d / 2 ? 2 * m : 2 * (m - d / 2) + 1);
  const score = (order: (m: number) => number, interleave: boolean) =>
    dot(rotate(at(v.qRaw[head]!, t, order), t, interleave), 0, rotate(at(v.kRaw, j, order), j, interleave), 0);
  return { interleaved: score(same, true), halfSplit: score(regroup, false), mismatched: score(same, false) };
}

/**
 * Vaswani et al.'s sinusoidal position vectors (arXiv 1706.03762 §3.5) for positions 0..T−1 at width D:
 * PE(pos, 2i) = sin(pos / 10000^(2i/D)), PE(pos, 2i+1) = cos(pos / 10000^(2i/D)). Added to the embeddings in the
 * original Transformer; MiniSeek, like DeepSeek, adds nothing and rotates instead.
 */
export function sinusoidalPositions(T: number, D: number): Tensor {
  const out = new Tensor('sinusoidal positions', [T, D]);
  for (let pos = 0; pos < T; pos++) {
    for (let i = 0; 2 * i < D; i++) {
      const angle = pos / 10000 ** ((2 * i) / D);
      out.data[pos * D + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < D) out.data[pos * D + 2 * i + 1] = Math.cos(angle);
    }
  }
  return out;
}
