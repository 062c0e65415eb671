/**
 * What the neurons figure draws from MiniSeek: one hidden unit of layer 1's gate projection (a row of
 * model.layers.0.mlp.gate_proj.weight) as a neuron, its weighted sums over the sentence's tokens, their activations,
 * and the whole projection as one matrix product.
 */
import type { MiniSeek } from '../../model/forward';
import { Tensor } from '../../model/tensor';
import { relu, sigmoid, silu } from './neuron-math';

/** Trace layer 0, "layer 1" in prose (the course counts layers from 1): MiniSeek's one dense feed-forward layer. */
export const NEURON_LAYER = 0;
/** The checkpoint tensor whose rows are the neurons shown. */
export const GATE_WEIGHT = `model.layers.${NEURON_LAYER}.mlp.gate_proj.weight`;

/** @example neuronTraceNames() // ['layers.0.ffn_norm', 'layers.0.mlp.gate'] */
export function neuronTraceNames(): string[] {
  return [`layers.${NEURON_LAYER}.ffn_norm`, `layers.${NEURON_LAYER}.mlp.gate`];
}

/**
 * The unit the chapter shows, by a stated criterion: of the F gate units, the one whose weighted sum varies most
 * across the words of the sentence (largest max − min over tokens, <bos> left out), so that it is clearly on for
 * some words and off for others. Ties go to the lower index.
 * @example chooseUnit(gate) // 3 (say): the index of a column of the [T, F] gate projection
 */
export function chooseUnit(gate: Tensor): number {
  const [T, F] = gate.shape as [number, number];
  if (T < 2) throw new Error('neurons figure: choosing a unit needs at least one word after <bos>');
  let best = 0;
  let bestSpread = -Infinity;
  for (let j = 0; j < F; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 1; t < T; t++) {
      const v = gate.at(t, j);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (hi - lo > bestSpread) {
      bestSpread = hi - lo;
      best = j;
    }
  }
  return best;
}

/**
 * The neuron's weights: row `unit` of the gate projection, stored [F, D] (output by input), so one row is one neuron.
 * @example unitWeights(model, 3).length // 64 (= D)
 */
export function unitWeights(model: MiniSeek, unit: number): Float32Array {
  const w = model.weights.get(GATE_WEIGHT);
  if (!w) throw new Error(`neurons figure: the checkpoint lacks ${GATE_WEIGHT}`);
  const [F] = w.shape as [number, number];
  if (!Number.isInteger(unit) || unit < 0 || unit >= F) throw new Error(`neurons figure: unit ${unit} is not a row of ${GATE_WEIGHT} [${w.shape}]`);
  return Float32Array.from(w.row(unit));
}

/**
 * The names of the checkpoint's tensors that are biases: MiniSeek's linear layers have none, so this lists only the
 * router's e_score_correction_bias (used to choose experts, not added to any weighted sum).
 * @example biasTensors(model) // ['model.layers.1.mlp.gate.e_score_correction_bias', …]
 */
export function biasTensors(model: MiniSeek): string[] {
  return [...model.weights.keys()].filter((name) => /bias/.test(name));
}

export interface NeuronView {
  /** [T, D] u_t = RMSNorm(x_t): what every unit of the layer reads. */
  readonly u: Tensor;
  /** [T, F] every unit's weighted sum, z_t = W_gate u_t for each token (as MiniSeek traced it). */
  readonly gate: Tensor;
  /** [T] the chosen unit's weighted sum per token, recomputed here in float64 from u and the weights. */
  readonly sums: Float64Array;
}

/**
 * @example neuronView(trace, weights).sums[2] // the unit's weighted sum for token 2
 */
export function neuronView(trace: ReadonlyMap<string, Tensor>, weights: ArrayLike<number>): NeuronView {
  const get = (name: string) => {
    const t = trace.get(name);
    if (!t) throw new Error(`neurons figure: the trace lacks ${name}`);
    return t;
  };
  const [uName, gateName] = neuronTraceNames() as [string, string];
  const u = get(uName);
  const gate = get(gateName);
  const [T, D] = u.shape as [number, number];
  if (weights.length !== D) throw new Error(`neurons figure: the unit has ${weights.length} weights but u_t has ${D} entries`);
  const sums = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let d = 0; d < D; d++) s += weights[d]! * u.at(t, d);
    sums[t] = s;
  }
  return { u, gate, sums };
}

/**
 * One token's weighted sum taken apart: the rows u_t, w and their products w_d·u_{t,d}, as one [3, D] matrix.
 * @example productRows(view, weights, 2).shape // [3, 64]
 */
export function productRows(view: NeuronView, weights: ArrayLike<number>, t: number): Tensor {
  const D = view.u.shape[1]!;
  const rows = new Tensor(`products [row ${t}]`, [3, D]);
  for (let d = 0; d < D; d++) {
    const u = view.u.at(t, d);
    rows.data[d] = u;
    rows.data[D + d] = weights[d]!;
    rows.data[2 * D + d] = weights[d]! * u;
  }
  return rows;
}

/** The columns of activationTable, in order. */
export const ACTIVATION_COLUMNS = ['z', 'SiLU(z)', 'ReLU(z)', 'σ(z)'] as const;

/**
 * Every token's weighted sum and what the three activations make of it: [T, 4] = (z, SiLU(z), ReLU(z), σ(z)).
 * MiniSeek itself applies SiLU; ReLU and σ are shown for comparison.
 * @example activationTable(view.sums).at(2, 1) // SiLU of token 2's weighted sum
 */
export function activationTable(sums: ArrayLike<number>): Tensor {
  const T = sums.length;
  const table = new Tensor('activations', [T, ACTIVATION_COLUMNS.length]);
  for (let t = 0; t < T; t++) {
    const z = sums[t]!;
    table.data.set([z, silu(z), relu(z), sigmoid(z)], t * ACTIVATION_COLUMNS.length);
  }
  return table;
}

/**
 * The tokens (after <bos>) on which the unit's weighted sum is highest and lowest.
 * @example extremes(view.sums) // { high: 3, low: 6 }
 */
export function extremes(sums: ArrayLike<number>): { high: number; low: number } {
  let high = 1;
  let low = 1;
  for (let t = 1; t < sums.length; t++) {
    if (sums[t]! > sums[high]!) high = t;
    if (sums[t]! < sums[low]!) low = t;
  }
  return { high, low };
}

/**
 * How many of the tokens (after <bos>) switch the unit on, z > 0.
 * @example onCount(view.sums) // 1
 */
export function onCount(sums: ArrayLike<number>): number {
  let n = 0;
  for (let t = 1; t < sums.length; t++) if (sums[t]! > 0) n++;
  return n;
}

/**
 * What SiLU makes of the words (after <bos>) whose weighted sum is negative: how many there are, and the lowest and
 * highest of their SiLU values (at, the word with the lowest). SiLU does not zero them as ReLU would; the prose says
 * where they land. Undefined bounds when no word is negative.
 * @example negativeSilu(view.sums) // { count: 5, lo: -0.2725, hi: -0.1081, at: 6 }
 */
export function negativeSilu(sums: ArrayLike<number>): { count: number; lo?: number; hi?: number; at?: number } {
  let count = 0;
  let lo: number | undefined;
  let hi: number | undefined;
  let at: number | undefined;
  for (let t = 1; t < sums.length; t++) {
    const z = sums[t]!;
    if (!(z < 0)) continue;
    const g = silu(z);
    count++;
    if (lo === undefined || g < lo) [lo, at] = [g, t];
    if (hi === undefined || g > hi) hi = g;
  }
  return { count, lo, hi, at };
}
