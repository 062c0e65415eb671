/** What the MLA figure draws for one head of one layer, cut from a MiniSeek trace and from the absorbed form beside it. */
import type { AbsorbedAttention } from '../../model/mla-absorbed';
import type { Tensor } from '../../model/tensor';
import { headBlock, headPlane } from '../trace-views';

export interface MlaHead {
  readonly layer: number;
  readonly head: number;
  readonly heads: number;
}

const TRACED = ['attn_norm', 'attn.q_a', 'attn.c_q', 'attn.q_nope', 'attn.q_rope', 'attn.c_kv', 'attn.k_rope', 'attn.k_nope', 'attn.v', 'attn.k', 'attn.probs', 'attn.output', 'attn.out'];

/**
 * The trace tensors the figure needs for a layer.
 * @example mlaTraceNames(2)[0] // 'layers.2.attn_norm'
 */
export function mlaTraceNames(layer: number): string[] {
  return TRACED.map((n) => `layers.${layer}.${n}`);
}

export interface MlaView {
  /** [T, D] h_t, the normed input attention reads. */
  readonly h: Tensor;
  /** [T, d_c] c^KV_t after its RMSNorm: what the cache stores (eq. 1). */
  readonly cKv: Tensor;
  /** [T, d_nope] and [T, d_v]: this head's k^C and v^C, expanded from c^KV (eqs. 2, 5). */
  readonly kNope: Tensor;
  readonly v: Tensor;
  /** [T, d_rope] k^R_t after RoPE, one for all heads (eq. 3), and this head's full key [k^C; k^R] (eq. 4). */
  readonly kRope: Tensor;
  readonly k: Tensor;
  /** [T, d_cq] W^DQ h_t before its RMSNorm, and c^Q_t after it (eq. 6). */
  readonly qA: Tensor;
  readonly cQ: Tensor;
  /** [T, d_nope] and [T, d_rope]: this head's q^C and q^R (eqs. 7–8). */
  readonly qNope: Tensor;
  readonly qRope: Tensor;
  /** [T, T] this head's attention weights, and [T, d_v] its output o_{t,i} (eq. 10). */
  readonly probs: Tensor;
  readonly output: Tensor;
  /** [T, D] u_t, all heads through W^O (eq. 11). */
  readonly out: Tensor;
  /** The row the figure follows: the last token. */
  readonly row: number;
}

/**
 * @example mlaView(trace, { layer: 2, head: 1, heads: 4 }).cKv.shape // [T, 16]
 */
export function mlaView(trace: ReadonlyMap<string, Tensor>, { layer, head, heads }: MlaHead): MlaView {
  const get = (n: string) => {
    const t = trace.get(`layers.${layer}.${n}`);
    if (!t) throw new Error(`MLA figure: the trace lacks layers.${layer}.${n}`);
    return t;
  };
  const block = (n: string) => headBlock(get(n), heads, head);
  const h = get('attn_norm');
  return {
    h,
    cKv: get('attn.c_kv'),
    kNope: block('attn.k_nope'),
    v: block('attn.v'),
    kRope: get('attn.k_rope'),
    k: block('attn.k'),
    qA: get('attn.q_a'),
    cQ: get('attn.c_q'),
    qNope: block('attn.q_nope'),
    qRope: block('attn.q_rope'),
    probs: headPlane(get('attn.probs'), head),
    output: block('attn.output'),
    out: get('attn.out'),
    row: h.shape[0]! - 1,
  };
}

export interface AbsorbedView {
  /** [T, d_c] this head's query carried into latent space, W^UKᵀ q^C. */
  readonly queryLatent: Tensor;
  /** [T, d_v] this head's output from the absorbed form, and [T, D] the layer's u_t from it. */
  readonly output: Tensor;
  readonly out: Tensor;
  /** Largest |explicit − absorbed| over this head's outputs, over u_t, and over the head's weights. */
  readonly maxDiffOutput: number;
  readonly maxDiffOut: number;
  readonly maxDiffProbs: number;
}

/**
 * The absorbed form's numbers for the figure's head, compared with the explicit trace.
 * @example absorbedView(absorbedAttention(c, weights, 2, view.h), view, { layer: 2, head: 1, heads: 4 }).maxDiffOutput // < 1e-5
 */
export function absorbedView(absorbed: Pick<AbsorbedAttention, 'queryLatent' | 'probs' | 'output' | 'out'>, explicit: MlaView, { head, heads }: MlaHead): AbsorbedView {
  const output = headBlock(absorbed.output, heads, head);
  return {
    queryLatent: headBlock(absorbed.queryLatent, heads, head),
    output,
    out: absorbed.out,
    maxDiffOutput: maxAbsDiff(output, explicit.output),
    maxDiffOut: maxAbsDiff(absorbed.out, explicit.out),
    maxDiffProbs: maxAbsDiff(headPlane(absorbed.probs, head), explicit.probs),
  };
}

/**
 * The largest |a − b| over two tensors of one shape (−∞ against −∞ counts as equal).
 * @example maxAbsDiff(a, a) // 0
 */
export function maxAbsDiff(a: Tensor, b: Tensor): number {
  if (a.size !== b.size) throw new Error(`MLA figure: "${a.name}" has ${a.size} values but "${b.name}" has ${b.size}`);
  let max = 0;
  for (let i = 0; i < a.size; i++) {
    const x = a.data[i]!;
    const y = b.data[i]!;
    if (x === y) continue;
    max = Math.max(max, Math.abs(x - y));
  }
  return max;
}

/** The tensors of the absorbed form the figure keeps (to serialise the build's first state). */
export const ABSORBED_KEYS = ['queryLatent', 'probs', 'output', 'out'] as const;

export interface ContentScores {
  /** q^C_t · k^C_j for the followed row t and every key j ≤ t: the content scores with the keys built. */
  readonly explicit: Float32Array;
  /** (q^C_t W^UKᵀ) · c^KV_j: the same from the latent query and the cached latents, no key built. */
  readonly absorbed: Float32Array;
  readonly maxDiff: number;
}

/**
 * The content part of one head's scores for the followed row, both ways (no scale, no RoPE part).
 * @example contentScores(view, absorbed.queryLatent).maxDiff // < 1e-5
 */
export function contentScores(view: MlaView, queryLatent: Tensor): ContentScores {
  const t = view.row;
  const dn = view.qNope.shape[1]!;
  const dc = view.cKv.shape[1]!;
  const explicit = new Float32Array(t + 1);
  const absorbed = new Float32Array(t + 1);
  let maxDiff = 0;
  for (let j = 0; j <= t; j++) {
    let e = 0;
    let a = 0;
    for (let m = 0; m < dn; m++) e += view.qNope.at(t, m) * view.kNope.at(j, m);
    for (let m = 0; m < dc; m++) a += queryLatent.at(t, m) * view.cKv.at(j, m);
    explicit[j] = e;
    absorbed[j] = a;
    maxDiff = Math.max(maxDiff, Math.abs(e - a));
  }
  return { explicit, absorbed, maxDiff };
}

/**
 * One query–key score split into its two matches (eq. 10): the content part q^C·k^C and the rotary part q^R·k^R.
 * Their sum over √(d_h + d_h^R) is the score the softmax sees.
 * @example scoreParts(view, view.row, 2) // { content: 6.3, rotary: 44.8 }
 */
export function scoreParts(view: MlaView, row: number, col: number): { content: number; rotary: number } {
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  return { content: dot(view.qNope.row(row), view.kNope.row(col)), rotary: dot(view.qRope.row(row), view.kRope.row(col)) };
}
