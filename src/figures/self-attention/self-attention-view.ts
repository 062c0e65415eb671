/** What the self-attention figure draws for one head: the mask as it is applied, the pattern, one token's gathering. */
import { Tensor } from '../../model/tensor';
import { headBlock, headPlane } from '../trace-views';

export interface HeadChoice {
  readonly layer: number;
  readonly head: number;
  readonly heads: number;
}

const PARTS = ['attn_norm', 'attn.q', 'attn.k', 'attn.v', 'attn.scores', 'attn.probs', 'attn.output'] as const;

/**
 * The trace tensors the figure needs: every layer's, so the reader can switch layers without a new forward pass.
 * @example selfAttentionTraceNames(3).length // 21
 */
export function selfAttentionTraceNames(layers: number): string[] {
  return Array.from({ length: layers }, (_, l) => PARTS.map((p) => `layers.${l}.${p}`)).flat();
}

export interface SelfAttentionView {
  /** [T, D] the normed input H: the one sequence every projection reads. */
  readonly x: Tensor;
  /** [T, d_k] queries and keys of this head, [T, d_v] its values. */
  readonly q: Tensor;
  readonly k: Tensor;
  readonly v: Tensor;
  /** [T, T] q_i·k_j for every pair, the future included: computed here from the traced q and k. */
  readonly dots: Tensor;
  /** [T, T] the same table after the mask: −∞ where j > i. */
  readonly masked: Tensor;
  /** [T, T] the trace's scores: masked and divided by √d_k, as they enter the softmax. */
  readonly scores: Tensor;
  /** [T, T] the trace's attention weights (softmax of each score row). */
  readonly weights: Tensor;
  /** [T, d_v] the trace's output of this head: row i is Σ_j a_ij v_j. */
  readonly output: Tensor;
  readonly dK: number;
}

/**
 * @example selfAttentionView(trace, { layer: 2, head: 1, heads: 4 }).masked.at(0, 1) // -Infinity
 */
export function selfAttentionView(trace: ReadonlyMap<string, Tensor>, { layer, head, heads }: HeadChoice): SelfAttentionView {
  const get = (n: string) => {
    const t = trace.get(`layers.${layer}.${n}`);
    if (!t) throw new Error(`self-attention figure: the trace lacks layers.${layer}.${n}`);
    return t;
  };
  const q = headBlock(get('attn.q'), heads, head);
  const k = headBlock(get('attn.k'), heads, head);
  const [T, dK] = q.shape as [number, number];
  const dots = new Tensor(`q·k [layer ${layer}, head ${head}]`, [T, T]);
  for (let i = 0; i < T; i++) {
    const qi = q.row(i);
    for (let j = 0; j < T; j++) {
      const kj = k.row(j);
      let s = 0;
      for (let m = 0; m < dK; m++) s += qi[m]! * kj[m]!;
      dots.data[i * T + j] = s;
    }
  }
  const masked = dots.clone(`q·k + M [layer ${layer}, head ${head}]`);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) masked.data[i * T + j] = -Infinity;
  return {
    x: get('attn_norm'),
    q,
    k,
    v: headBlock(get('attn.v'), heads, head),
    dots,
    masked,
    scores: headPlane(get('attn.scores'), head),
    weights: headPlane(get('attn.probs'), head),
    output: headBlock(get('attn.output'), heads, head),
    dK,
  };
}

export interface Gathering {
  /** [i+1, d_v] row j is a_ij·v_j: what token i takes from each token it may see. */
  readonly parts: Tensor;
  /** [1, d_v] the sum of the parts, computed here: equals row i of the traced output. */
  readonly sum: Tensor;
  /** a_i0 … a_ii, the weights of the row. */
  readonly weights: Float32Array;
  /** [1, i+1] the same weights as a one-row matrix, for drawing. */
  readonly weightRow: Tensor;
}

/**
 * Token i's output taken apart into its contributions a_ij v_j (j ≤ i; the rest have weight 0).
 * @example gathering(view, 3).parts.shape // [4, 16]
 */
export function gathering(view: SelfAttentionView, i: number): Gathering {
  const dV = view.v.shape[1]!;
  const weights = view.weights.row(i).slice(0, i + 1);
  const parts = new Tensor(`a·v [row ${i}]`, [i + 1, dV]);
  const sum = new Tensor(`o [row ${i}]`, [1, dV]);
  for (let j = 0; j <= i; j++) {
    const vj = view.v.row(j);
    for (let m = 0; m < dV; m++) {
      const x = weights[j]! * vj[m]!;
      parts.data[j * dV + m] = x;
      sum.data[m]! += x;
    }
  }
  return { parts, sum, weights, weightRow: new Tensor(`a [row ${i}]`, [1, i + 1], weights.slice()) };
}

/**
 * The share of token i's attention that would go to later tokens if the mask were left out: the softmax of the
 * unmasked row q_i·k_j/√d_k, summed over j > i. What the mask prevents, in one number.
 * @example unmaskedFutureShare(view, 2) // 0.4 (say)
 */
export function unmaskedFutureShare(view: SelfAttentionView, i: number): number {
  const row = Array.from(view.dots.row(i), (x) => x / Math.sqrt(view.dK));
  const top = Math.max(...row);
  const exps = row.map((x) => Math.exp(x - top));
  const total = exps.reduce((s, x) => s + x, 0);
  return exps.slice(i + 1).reduce((s, x) => s + x, 0) / total;
}

/** How one head spends the attention of an average row, over the rows that have a real previous word. */
export interface HeadHabit {
  readonly layer: number;
  readonly head: number;
  /** Mean weight on the word just before (j = i − 1), on <bos> (j = 0), and on itself (j = i), over rows i ≥ 2. */
  readonly previous: number;
  readonly bos: number;
  readonly self: number;
}

/** A head "reads the previous word" by habit when it gives it at least this share of a row on average. */
export const PREVIOUS_WORD_HABIT = 0.5;

/**
 * The heads that give the word just before the most weight, best first: the best one, and any within `tie` of it
 * (a near tie is named as one, not as a winner). Empty when there are no habits.
 * @example previousWordReaders(habits) // [{ layer: 2, head: 1, previous: 0.37, … }, { layer: 2, head: 0, previous: 0.36, … }]
 */
export function previousWordReaders(habits: readonly HeadHabit[], tie = 0.02): HeadHabit[] {
  const sorted = [...habits].sort((a, b) => b.previous - a.previous);
  const best = sorted[0];
  return best ? sorted.filter((h) => best.previous - h.previous <= tie) : [];
}

/**
 * Every head's habits on one sentence, from the traced attention weights (empty for fewer than three tokens).
 * @example headHabits(trace, 3, 4).find((h) => h.previous > 0.5) // a head that mostly reads the word before
 */
export function headHabits(trace: ReadonlyMap<string, Tensor>, layers: number, heads: number): HeadHabit[] {
  const habits: HeadHabit[] = [];
  for (let layer = 0; layer < layers; layer++) {
    const probs = trace.get(`layers.${layer}.attn.probs`);
    if (!probs) throw new Error(`self-attention figure: the trace lacks layers.${layer}.attn.probs`);
    const T = probs.shape[1]!;
    if (T < 3) return [];
    for (let head = 0; head < heads; head++) {
      const plane = headPlane(probs, head);
      let previous = 0;
      let bos = 0;
      let self = 0;
      for (let i = 2; i < T; i++) {
        previous += plane.at(i, i - 1);
        bos += plane.at(i, 0);
        self += plane.at(i, i);
      }
      const n = T - 2;
      habits.push({ layer, head, previous: previous / n, bos: bos / n, self: self / n });
    }
  }
  return habits;
}
