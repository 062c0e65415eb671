/** What the feed-forward figure draws: MiniSeek's dense layer (trace layer 0, "layer 1" in prose) taken apart. */
import type { LoadedModel } from '../../model/checkpoint';
import { Tensor } from '../../model/tensor';

/** The dense layer: with first_k_dense_replace = 1, only the first layer has a plain feed-forward network. */
export const DENSE_LAYER = 0;

const PARTS = ['after_attn', 'ffn_norm', 'mlp.gate', 'mlp.up', 'mlp.hidden', 'mlp.out', 'output'] as const;

/**
 * @example feedForwardTraceNames() // ['layers.0.after_attn', 'layers.0.ffn_norm', …]
 */
export function feedForwardTraceNames(): string[] {
  return PARTS.map((p) => `layers.${DENSE_LAYER}.${p}`);
}

/** SiLU(z) = z·σ(z), the gate's activation. @example silu(0) // 0 */
export const silu = (z: number): number => z / (1 + Math.exp(-z));

/**
 * SiLU's lowest value and where it is, found numerically (it has no closed form): SiLU dips below 0 once.
 * @example siluMinimum().value // ≈ −0.278
 */
export function siluMinimum(): { at: number; value: number } {
  let at = 0;
  for (let z = -5; z <= 0; z += 1e-4) if (silu(z) < silu(at)) at = z;
  return { at, value: silu(at) };
}

export interface FeedForwardView {
  /** [T, D] x_t, the residual stream after attention: what the layer adds to. */
  readonly x: Tensor;
  /** [T, D] u_t = RMSNorm(x_t): what the network reads. */
  readonly u: Tensor;
  /** [T, F] z_t = u_t W_gate (the gate projection) and a_t = u_t W_up (the up projection). */
  readonly gate: Tensor;
  readonly up: Tensor;
  /** [T, F] SiLU(z_t), computed here from the traced z. */
  readonly silu: Tensor;
  /** [T, F] h_t = SiLU(z_t) ⊙ a_t as MiniSeek traced it. */
  readonly hidden: Tensor;
  /** [T, D] y_t = h_t W_down. */
  readonly out: Tensor;
  /** [T, D] x_t + y_t, the stream leaving the layer. */
  readonly output: Tensor;
}

/**
 * @example feedForwardView(trace).hidden.shape // [T, 128]
 */
export function feedForwardView(trace: ReadonlyMap<string, Tensor>): FeedForwardView {
  const get = (part: (typeof PARTS)[number]) => {
    const t = trace.get(`layers.${DENSE_LAYER}.${part}`);
    if (!t) throw new Error(`feed-forward figure: the trace lacks layers.${DENSE_LAYER}.${part}`);
    return t;
  };
  const gate = get('mlp.gate');
  return {
    x: get('after_attn'),
    u: get('ffn_norm'),
    gate,
    up: get('mlp.up'),
    silu: new Tensor('SiLU(z)', gate.shape, gate.data.map(silu)),
    hidden: get('mlp.hidden'),
    out: get('mlp.out'),
    output: get('output'),
  };
}

/** One token's product taken apart: the rows SiLU(z), a and h = SiLU(z)·a, for drawing as one [3, F] matrix. */
export function productRows(view: FeedForwardView, t: number): Tensor {
  const F = view.gate.shape[1]!;
  const rows = new Tensor(`product [row ${t}]`, [3, F]);
  rows.data.set(view.silu.row(t), 0);
  rows.data.set(view.up.row(t), F);
  rows.data.set(view.hidden.row(t), 2 * F);
  return rows;
}

export interface GateSummary {
  /** Units whose gate pre-activation z is negative: SiLU squeezes them into [−0.28, 0), so |h_j| ≤ 0.28·|a_j|. */
  readonly closed: number;
  /** The share of Σ_j |h_j| that comes from those units. */
  readonly closedShare: number;
  /** The largest |h_j| among the closed units, and among the open ones (z ≥ 0). */
  readonly strongestClosed: number;
  readonly strongestOpen: number;
}

/**
 * How much the gate shuts for one token: the negative z's, what each lets through, and what they let through together.
 * @example gateSummary(view, 6) // { closed: 87, closedShare: 0.31, strongestClosed: 0.49, strongestOpen: 9.8 } (say)
 */
export function gateSummary(view: FeedForwardView, t: number): GateSummary {
  const z = view.gate.row(t);
  const h = view.hidden.row(t);
  let closed = 0;
  let closedMass = 0;
  let mass = 0;
  let strongestClosed = 0;
  let strongestOpen = 0;
  for (let j = 0; j < z.length; j++) {
    const size = Math.abs(h[j]!);
    mass += size;
    if (z[j]! < 0) {
      closed++;
      closedMass += size;
      strongestClosed = Math.max(strongestClosed, size);
    } else {
      strongestOpen = Math.max(strongestOpen, size);
    }
  }
  return { closed, closedShare: mass > 0 ? closedMass / mass : 0, strongestClosed, strongestOpen };
}

/** The Euclidean length of a row. */
export function rowNorm(t: Tensor, r: number): number {
  return Math.hypot(...t.row(r));
}

export interface UnitActivation {
  /** The hidden unit's index in the checkpoint, from 0; the chapter numbers units from 1 and shows unit + 1. */
  readonly unit: number;
  /** Its coefficient h_{t,j}: how much of value vector j token t adds. */
  readonly value: number;
}

/**
 * The k hidden units with the largest |h_{t,j}| for token t, largest first. Ranked by the coefficient alone, not by
 * the size of what the unit writes, |h_{t,j}|·‖w^down_j‖: the chapter says "largest |h|", never "acts most".
 * @example strongestUnits(view.hidden, 3, 2) // [{ unit: 17, value: 1.9 }, { unit: 80, value: -1.2 }]
 */
export function strongestUnits(hidden: Tensor, t: number, k: number): UnitActivation[] {
  const h = hidden.row(t);
  return Array.from(h, (value, unit) => ({ unit, value }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.unit - b.unit)
    .slice(0, k);
}

/**
 * The token of the sentence on which unit j's |h_{t,j}| is largest: the "trigger" of its key.
 * @example triggerToken(view.hidden, 17) // 6
 */
export function triggerToken(hidden: Tensor, unit: number): number {
  const [T, F] = hidden.shape as [number, number];
  let best = 0;
  for (let t = 1; t < T; t++) if (Math.abs(hidden.data[t * F + unit]!) > Math.abs(hidden.data[best * F + unit]!)) best = t;
  return best;
}

/** [T, k] the k strongest coefficients of every token, for the memory step's matrix. */
export function strongestTable(hidden: Tensor, k: number): { values: Tensor; units: number[][] } {
  const T = hidden.shape[0]!;
  const values = new Tensor('strongest h', [T, k]);
  const units: number[][] = [];
  for (let t = 0; t < T; t++) {
    const top = strongestUnits(hidden, t, k);
    top.forEach((a, i) => (values.data[t * k + i] = a.value));
    units.push(top.map((a) => a.unit));
  }
  return { values, units };
}

/** The words a value vector pushes up when a token adds it (h_{t,j} > 0) and when it subtracts it (h_{t,j} < 0). */
export interface ValueWords {
  readonly added: readonly string[];
  readonly subtracted: readonly string[];
}

/**
 * What each value vector (row j of W_down) writes toward, read as Geva et al. read theirs: projected straight onto
 * the vocabulary through the final norm's gains and the output head, skipping the layers above. Weights only, so
 * it is computed once at build time, not per sentence. Special tokens (<unk>, <bos>, <eos>, <pad>) are left out.
 * @example valueWords(model, (id) => tokenizer.tokenOf(id), 3)[100].added // ['to', 'were', 'of'] (say)
 */
export function valueWords(model: LoadedModel['model'], word: (id: number) => string, k: number): ValueWords[] {
  const c = model.config;
  const D = c.hidden_size;
  const F = c.intermediate_size;
  const V = c.vocab_size;
  const down = model.weights.get(`model.layers.${DENSE_LAYER}.mlp.down_proj.weight`)!; // [D, F]: column j is value j
  const gain = model.weights.get('model.norm.weight')!.data;
  const head = model.weights.get('lm_head.weight')!.data; // [V, D]
  const special = new Set([c.bos_token_id, c.eos_token_id, c.pad_token_id, 0]);
  return Array.from({ length: F }, (_, j) => {
    const scores = Array.from({ length: V }, (_, v) => {
      let s = 0;
      for (let d = 0; d < D; d++) s += down.data[d * F + j]! * gain[d]! * head[v * D + d]!;
      return { v, s };
    }).filter(({ v }) => !special.has(v));
    scores.sort((a, b) => b.s - a.s || a.v - b.v);
    return { added: scores.slice(0, k).map(({ v }) => word(v)), subtracted: scores.slice(-k).reverse().map(({ v }) => word(v)) };
  });
}

/** The words token t's use of unit j promotes: the added list when h_{t,j} > 0, the subtracted one when < 0. */
export const promoted = (words: ValueWords, h: number): readonly string[] => (h >= 0 ? words.added : words.subtracted);
