/** What the multi-head figure draws for one layer of MiniSeek: every head's q, k, v and pattern, cut from a trace. */
import { Tensor } from '../../model/tensor';
import { argmax } from '../format';
import { headBlock, headPlane } from '../trace-views';

const PER_LAYER = ['attn.q', 'attn.k', 'attn.v', 'attn.k_nope', 'attn.probs', 'attn.output', 'attn.out'] as const;

/**
 * The trace tensors the figure needs, for every layer (so the layer chooser never waits for the model).
 * @example mhaTraceNames(3).length // 21
 */
export function mhaTraceNames(layers: number): string[] {
  return Array.from({ length: layers }, (_, l) => PER_LAYER.map((n) => `layers.${l}.${n}`)).flat();
}

/** Where one head's last token looks: the question the next word depends on. */
export interface HeadLookBack {
  readonly head: number;
  /**
   * How many words back the last token looks, averaged under its attention weights, leaving out the weight
   * parked on <bos> (position 0), which many heads use as a resting place rather than as a word to read.
   */
  readonly distance: number;
  /** The weight the last token parks on <bos>. */
  readonly bosShare: number;
  /** The earlier position (never <bos>) it weighs most, and that weight. */
  readonly favourite: number;
  readonly favouriteWeight: number;
}

/**
 * @example lookBack(headPlane(probs, 1), 1) // { head: 1, distance: 3.04, bosShare: 0.00, favourite: 2, … }
 */
export function lookBack(plane: Tensor, head: number): HeadLookBack {
  const T = plane.shape[0]!;
  const row = plane.row(T - 1);
  let distance = 0;
  for (let j = 1; j < T; j++) distance += row[j]! * (T - 1 - j);
  const favourite = T > 1 ? 1 + argmax(row.subarray(1)) : 0;
  return { head, distance, bosShare: row[0]!, favourite, favouriteWeight: row[favourite]! };
}

/**
 * The head whose last token looks furthest back (largest `distance`).
 * @example furthestHead(looks) // 1
 */
export function furthestHead(looks: readonly HeadLookBack[]): number {
  return argmax(looks.map((l) => l.distance));
}

export interface MhaView {
  readonly layer: number;
  readonly heads: number;
  readonly T: number;
  /** Per head: [T, d_k] queries and keys ([q^C; q^R], [k^C; k^R]), [T, d_v] values, [T, T] attention weights. */
  readonly q: readonly Tensor[];
  readonly k: readonly Tensor[];
  readonly v: readonly Tensor[];
  readonly probs: readonly Tensor[];
  readonly looks: readonly HeadLookBack[];
  readonly furthest: number;
  /** [T, H·d_v] the heads' outputs side by side, and [T, D] after W^O. */
  readonly concat: Tensor;
  readonly out: Tensor;
  /** [T, H·d_nope] the content keys and [T, H·d_v] the values: what a standard MHA cache keeps for this layer. */
  readonly cacheKeys: Tensor;
  readonly cacheValues: Tensor;
  readonly dK: number;
  readonly dV: number;
}

/**
 * @example mhaView(trace, { layer: 2, heads: 4 }).probs.length // 4
 */
export function mhaView(trace: ReadonlyMap<string, Tensor>, { layer, heads }: { layer: number; heads: number }): MhaView {
  const get = (n: string) => {
    const t = trace.get(`layers.${layer}.${n}`);
    if (!t) throw new Error(`multi-head figure: the trace lacks layers.${layer}.${n}`);
    return t;
  };
  const each = <R>(f: (h: number) => R): R[] => Array.from({ length: heads }, (_, h) => f(h));
  const q = each((h) => headBlock(get('attn.q'), heads, h));
  const probs = each((h) => headPlane(get('attn.probs'), h));
  const looks = probs.map((p, h) => lookBack(p, h));
  const v = each((h) => headBlock(get('attn.v'), heads, h));
  return {
    layer,
    heads,
    T: q[0]!.shape[0]!,
    q,
    k: each((h) => headBlock(get('attn.k'), heads, h)),
    v,
    probs,
    looks,
    furthest: furthestHead(looks),
    concat: get('attn.output'),
    out: get('attn.out'),
    cacheKeys: get('attn.k_nope'),
    cacheValues: get('attn.v'),
    dK: q[0]!.shape[1]!,
    dV: v[0]!.shape[1]!,
  };
}
