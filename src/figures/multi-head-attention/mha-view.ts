/** What the multi-head figure draws for one layer of MiniSeek: every head's q, k, v and pattern, cut from a trace. */
import { Tensor } from '../../model/tensor';
import { argmax } from '../format';
import { headBlock, headPlane } from '../trace-views';

const PER_LAYER = ['attn.q', 'attn.k', 'attn.v', 'attn.k_nope', 'attn.probs', 'attn.output', 'attn.head_out', 'attn.out'] as const;

/**
 * The trace tensors the figure needs, for every layer (so the layer chooser never waits for the model).
 * @example mhaTraceNames(3).length // 24
 */
export function mhaTraceNames(layers: number): string[] {
  return Array.from({ length: layers }, (_, l) => PER_LAYER.map((n) => `layers.${l}.${n}`)).flat();
}

/** Where one head's last token looks, and what its resting weight on <bos> brings back. */
export interface HeadLookBack {
  readonly head: number;
  /** The weight the last token puts on <bos> (position 0). */
  readonly bosShare: number;
  /**
   * How many words back the last token looks among the real words: Σ_{j≥1} a_j (T−1−j) / Σ_{j≥1} a_j, the weights
   * on the sentence renormalised after taking out <bos>, so that a head resting on <bos> does not look "close".
   * 0 for a one-word sentence or a head that puts everything on <bos>.
   */
  readonly distance: number;
  /** The earlier position (never <bos>) it weighs most, that weight (a share of the whole row), and its share of
   * the weight the real words get (the whole row without <bos>), the definition `distance` uses. */
  readonly favourite: number;
  readonly favouriteWeight: number;
  readonly favouriteAmongWords: number;
  /** Length of <bos>'s value vector, and the longest value vector of a real word (in this head). */
  readonly bosValueNorm: number;
  readonly maxWordValueNorm: number;
  /** Length of the <bos> term a_0 v_0 of the head's output, and of the sum of every other term. */
  readonly bosTermNorm: number;
  readonly wordTermsNorm: number;
}

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

/**
 * @example lookBack(headPlane(probs, 1), headBlock(v, 4, 1), 1) // { head: 1, bosShare: 0.01, distance: 4.1, … }
 */
export function lookBack(plane: Tensor, values: Tensor, head: number): HeadLookBack {
  const T = plane.shape[0]!;
  const dv = values.shape[1]!;
  const row = plane.row(T - 1);
  let words = 0;
  let weighted = 0;
  for (let j = 1; j < T; j++) {
    words += row[j]!;
    weighted += row[j]! * (T - 1 - j);
  }
  const favourite = T > 1 ? 1 + argmax(row.subarray(1)) : 0;
  const wordTerms = new Float64Array(dv);
  let maxWordValueNorm = 0;
  for (let j = 1; j < T; j++) {
    const v = values.row(j);
    maxWordValueNorm = Math.max(maxWordValueNorm, norm(v));
    for (let d = 0; d < dv; d++) wordTerms[d]! += row[j]! * v[d]!;
  }
  const bosValueNorm = norm(values.row(0));
  return {
    head,
    bosShare: row[0]!,
    distance: words > 0 ? weighted / words : 0,
    favourite,
    favouriteWeight: row[favourite]!,
    favouriteAmongWords: words > 0 ? row[favourite]! / words : 0,
    bosValueNorm,
    maxWordValueNorm,
    bosTermNorm: row[0]! * bosValueNorm,
    wordTermsNorm: norm(wordTerms),
  };
}

/**
 * The head whose last token looks furthest back (largest `distance`).
 * @example furthestHead(looks) // 1
 */
export function furthestHead(looks: readonly HeadLookBack[]): number {
  return argmax(looks.map((l) => l.distance));
}

/**
 * Another head that does the same job as `head` on this sentence: both put at least `minWeight` of their last
 * token's row on the same favourite word (the other head with the most, if several). Undefined when `head` itself
 * rests on no word that much (it may be resting on <bos>). The prose names the twin so that "furthest back" is not
 * read as "the only head that looks there".
 * @example similarHead(view.looks, 1) // the look of head 0, which also rests 0.86 on "keys"
 */
export function similarHead(looks: readonly HeadLookBack[], head: number, minWeight = 0.5): HeadLookBack | undefined {
  const target = looks[head];
  if (!target || target.favouriteWeight < minWeight) return undefined;
  return looks
    .filter((l) => l.head !== head && l.favourite === target.favourite && l.favouriteWeight >= minWeight)
    .sort((a, b) => b.favouriteWeight - a.favouriteWeight)[0];
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
  /** Per head, [T, D]: its own share of the output, head_i W^O_i; the shares sum to `out`. */
  readonly shares: readonly Tensor[];
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
  const v = each((h) => headBlock(get('attn.v'), heads, h));
  const looks = probs.map((p, h) => lookBack(p, v[h]!, h));
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
    shares: each((h) => headPlane(get('attn.head_out'), h)),
    cacheKeys: get('attn.k_nope'),
    cacheValues: get('attn.v'),
    dK: q[0]!.shape[1]!,
    dV: v[0]!.shape[1]!,
  };
}

/**
 * The heads the chapter's prose names, chosen from the numbers: the one that looks furthest back, the one that stays
 * closest, and the one that rests most on <bos>.
 * @example headRoles(view.looks) // { furthest: 1, closest: 2, resting: 3 }
 */
export function headRoles(looks: readonly HeadLookBack[]): { furthest: number; closest: number; resting: number } {
  return {
    furthest: furthestHead(looks),
    closest: argmax(looks.map((l) => -l.distance)),
    resting: argmax(looks.map((l) => l.bosShare)),
  };
}

/**
 * What a head's weight on <bos> brings back, in words, from its numbers (heads counted from 1 as on the page).
 * @example bosContribution(look) // 'head 4 puts 0.44 of its weight on <bos>; …'
 */
export function bosContribution(look: HeadLookBack): string {
  const f = (x: number) => x.toFixed(2);
  const longest = look.bosValueNorm > look.maxWordValueNorm;
  const value = longest
    ? `<bos>’s value vector is the longest in this head (length ${f(look.bosValueNorm)}, against at most ${f(look.maxWordValueNorm)} for a word)`
    : `<bos>’s value vector has length ${f(look.bosValueNorm)} (the longest word’s: ${f(look.maxWordValueNorm)})`;
  const weight = look.bosTermNorm >= 0.5 * look.wordTermsNorm ? 'This is not a way of adding nothing' : 'Here it adds little';
  return `${weight}: ${value}, so the <bos> term of the head’s output has length ${f(look.bosTermNorm)}, against ${f(look.wordTermsNorm)} for all the real words together`;
}
