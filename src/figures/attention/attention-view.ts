/** What the attention figure draws for one head of one layer, cut from a MiniSeek trace. */
import type { Tensor } from '../../model/tensor';
import { argmax } from '../format';
import { headBlock, headPlane } from '../trace-views';

export interface AttentionHead {
  readonly layer: number;
  readonly head: number;
  readonly heads: number;
}

/** The trace tensors the figure needs for a layer. */
export function attentionTraceNames(layer: number): string[] {
  return ['attn_norm', 'attn.q', 'attn.k', 'attn.v', 'attn.scores', 'attn.probs', 'attn.output'].map((n) => `layers.${layer}.${n}`);
}

export interface AttentionView {
  /** [T, D] the normed input h_t that the head reads. */
  readonly x: Tensor;
  /** [T, d_k] queries and keys of this head ([q^C; q^R] and [k^C; k^R]), [T, d_v] values. */
  readonly q: Tensor;
  readonly k: Tensor;
  readonly v: Tensor;
  /** [T, T] raw dot products q·k, before the 1/√d_k scale. */
  readonly dots: Tensor;
  /** [T, T] scaled scores as they enter the softmax (−∞ above the diagonal), and the weights. */
  readonly scores: Tensor;
  readonly weights: Tensor;
  /** [T, d_v] this head's output: the weighted sum of values. */
  readonly output: Tensor;
  readonly dK: number;
  /** The row the figure follows (the last token) and the earlier word it weighs most (never <bos>). */
  readonly row: number;
  readonly col: number;
}

/**
 * @example attentionView(trace, { layer: 2, head: 1, heads: 4 })
 */
export function attentionView(trace: ReadonlyMap<string, Tensor>, { layer, head, heads }: AttentionHead): AttentionView {
  const get = (n: string) => {
    const t = trace.get(`layers.${layer}.${n}`);
    if (!t) throw new Error(`attention figure: the trace lacks layers.${layer}.${n}`);
    return t;
  };
  const q = headBlock(get('attn.q'), heads, head);
  const k = headBlock(get('attn.k'), heads, head);
  const scores = headPlane(get('attn.scores'), head);
  const dK = q.shape[1]!;
  // The dot products are the scores without their scale; −∞ (masked) stays −∞.
  const dots = scores.clone(`dots[head ${head}]`);
  for (let i = 0; i < dots.size; i++) dots.data[i] = dots.data[i]! * Math.sqrt(dK);
  const weights = headPlane(get('attn.probs'), head);
  const T = q.shape[0]!;
  const row = T - 1;
  const col = T > 1 ? 1 + argmax(weights.row(row).subarray(1)) : 0;
  return { x: get('attn_norm'), q, k, v: headBlock(get('attn.v'), heads, head), dots, scores, weights, output: headBlock(get('attn.output'), heads, head), dK, row, col };
}
