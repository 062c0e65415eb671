/**
 * MiniSeek's router for one MoE layer, as the expert chapters draw it: pure functions from a forward pass's trace to
 * the numbers on screen (affinities, the choice, the gates, the experts' outputs, the load), plus the choices the
 * router would make without its bias or without groups, computed with the engine's own chooser.
 */
import type { MiniSeekConfig } from '../../model/config';
import { isMoeLayer } from '../../model/config';
import { chooseExperts } from '../../model/moe-ops';
import { Tensor } from '../../model/tensor';
import { formatNumber } from '../format';

/** The router's sizes, in the V3 paper's letters: N_r experts, K_r chosen, in `groups` groups of which `topkGroup` stay. */
export interface RouterSizes {
  readonly experts: number;
  readonly k: number;
  readonly groups: number;
  readonly topkGroup: number;
  /** routed_scaling_factor: the chosen gates sum to this. */
  readonly scale: number;
}

/** @example routerSizes(config) // { experts: 8, k: 2, groups: 2, topkGroup: 1, scale: 2.5 } */
export function routerSizes(c: MiniSeekConfig): RouterSizes {
  return { experts: c.n_routed_experts, k: c.num_experts_per_tok, groups: c.n_group, topkGroup: c.topk_group, scale: c.routed_scaling_factor };
}

/** Indices of the MoE layers (the trace's, from 0). @example moeLayers(config) // [1, 2] */
export function moeLayers(c: MiniSeekConfig): number[] {
  return Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => isMoeLayer(c, l));
}

const PARTS = ['moe.affinity', 'moe.biased', 'moe.group_scores', 'moe.chosen', 'moe.gates', 'moe.experts', 'moe.routed'] as const;

/**
 * What the routing figures read, for every MoE layer, so the reader can switch layers without a new forward pass.
 * @example routingTraceNames([1, 2]).includes('layers.2.moe.chosen') // true
 */
export function routingTraceNames(layers: readonly number[]): string[] {
  return layers.flatMap((l) => [`layers.${l}.ffn_norm`, ...PARTS.map((p) => `layers.${l}.${p}`)]);
}

/** One chosen (token, expert) pair: what `data-route="<token>:<expert>"` marks. */
export interface Route {
  readonly token: number;
  readonly expert: number;
  /** Its place among the token's k choices (0 = highest biased score). */
  readonly slot: number;
  /** ρ g_{i,t}: normalised over the chosen (V3 eq. 13), then scaled by routed_scaling_factor ρ. */
  readonly gate: number;
}

export interface RouterView {
  readonly layer: number;
  readonly T: number;
  readonly E: number;
  readonly k: number;
  /** [T, D] u_t, what the router and every expert read (the RMSNorm'd stream). */
  readonly u: Tensor;
  /** [T, E] u_t e_iᵀ, the router's logits: recovered from the traced sigmoid as ln s − ln(1 − s). */
  readonly logits: Tensor;
  /** [T, E] s_{i,t} = Sigmoid(u_t e_iᵀ) (V3 eq. 15, which writes u_tᵀ e_i with column vectors), as traced. */
  readonly affinity: Tensor;
  /** [T, E] Softmax_i(u_t e_iᵀ), V2's affinity (V2 eq. 22), computed here from the same logits. */
  readonly softmax: Tensor;
  /** [E] b_i, the bias the trace added (biased − affinity, from the first row). */
  readonly bias: Float32Array;
  /** [T, E] s_{i,t} + b_i, what the choice is made on (V3 eq. 16). */
  readonly biased: Tensor;
  /** [T, G] each group's score: the sum of its two highest biased scores. */
  readonly groupScores: Tensor;
  /** Per token, the groups kept (topk_group of them, best first). */
  readonly keptGroups: readonly (readonly number[])[];
  /** Per token, the k chosen expert ids (highest biased score first). */
  readonly chosen: readonly (readonly number[])[];
  /** [T, k] the gates ρ g_{i,t} of the chosen experts (what MiniSeek multiplies by), in the order of `chosen`. */
  readonly gates: Tensor;
  readonly routes: readonly Route[];
  /** [E, T, D] every expert's output at every token (the dense picture; the model itself uses only the chosen). */
  readonly experts: Tensor;
  /** [T, D] Σ over the chosen of g_{i,t} FFN_i(u_t), as traced. */
  readonly routed: Tensor;
}

/**
 * @example routerView(trace, 1, sizes).routes[0] // { token: 0, expert: 4, slot: 0, gate: 1.39 } (say)
 */
export function routerView(trace: ReadonlyMap<string, Tensor>, layer: number, sizes: RouterSizes): RouterView {
  const get = (n: string) => {
    const t = trace.get(`layers.${layer}.${n}`);
    if (!t) throw new Error(`routing figure: the trace lacks layers.${layer}.${n}`);
    return t;
  };
  const affinity = get('moe.affinity');
  const biased = get('moe.biased');
  const groupScores = get('moe.group_scores');
  const gates = get('moe.gates');
  const chosenFlat = get('moe.chosen');
  const [T, E] = affinity.shape as [number, number];
  const { k, topkGroup } = sizes;
  const logits = new Tensor(`u·e [layer ${layer}]`, [T, E], affinity.data.map((s) => Math.log(s) - Math.log1p(-s)));
  const chosen = Array.from({ length: T }, (_, t) => Array.from(chosenFlat.data.subarray(t * k, (t + 1) * k), Math.round));
  const routes = chosen.flatMap((ids, t) => ids.map((expert, slot) => ({ token: t, expert, slot, gate: gates.at(t, slot) })));
  const keptGroups = Array.from({ length: T }, (_, t) => rankDescending(groupScores.row(t)).slice(0, topkGroup));
  const bias = Float32Array.from({ length: E }, (_, e) => biased.at(0, e) - affinity.at(0, e));
  return {
    layer, T, E, k,
    u: get('ffn_norm'),
    logits,
    affinity,
    softmax: rowSoftmax(logits, `softmax(u·e) [layer ${layer}]`),
    bias,
    biased,
    groupScores,
    keptGroups,
    chosen,
    gates,
    routes,
    experts: get('moe.experts'),
    routed: get('moe.routed'),
  };
}

/** Indices sorted by value, largest first; ties to the lower index, as the engine's topK. */
function rankDescending(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
}

/** Softmax of each row (max subtracted first). */
export function rowSoftmax(x: Tensor, name = `softmax(${x.name})`): Tensor {
  const [T, E] = x.shape as [number, number];
  const y = new Tensor(name, [T, E]);
  for (let t = 0; t < T; t++) {
    const row = x.row(t);
    const top = Math.max(...row);
    let total = 0;
    for (let e = 0; e < E; e++) total += y.data[t * E + e] = Math.exp(row[e]! - top);
    for (let e = 0; e < E; e++) y.data[t * E + e]! /= total;
  }
  return y;
}

/**
 * Each row divided by its sum: the affinities normalised over all N_r experts, the gates of a dense mixture.
 * @example denseGates(view.affinity).row(0).reduce((a, b) => a + b) // 1
 */
export function denseGates(affinity: Tensor): Tensor {
  const [T, E] = affinity.shape as [number, number];
  const y = new Tensor(`s / Σs [${affinity.name}]`, [T, E]);
  for (let t = 0; t < T; t++) {
    const row = affinity.row(t);
    const total = row.reduce((a, b) => a + b, 0);
    for (let e = 0; e < E; e++) y.data[t * E + e] = row[e]! / total;
  }
  return y;
}

/** [E, D] FFN_i(u_t) of every expert at token t. */
export function expertOutputsAt(view: RouterView, t: number): Tensor {
  const D = view.u.shape[1]!;
  const y = new Tensor(`FFN_i(u_${t})`, [view.E, D]);
  for (let e = 0; e < view.E; e++) y.data.set(view.experts.data.subarray((e * view.T + t) * D, (e * view.T + t + 1) * D), e * D);
  return y;
}

export interface GatedSum {
  /** [n, D] row j is weight_j · FFN_{expert_j}(u_t). */
  readonly parts: Tensor;
  /** [1, D] their sum. */
  readonly sum: Tensor;
}

/**
 * Σ_j w_j FFN_{e_j}(u_t) over the listed experts, with its parts: the gated sum of V3 eq. 12's routed term.
 * @example gatedSum(view, 3, [0, 2], [1.3, 1.2]).sum // equals view.routed.row(3)
 */
export function gatedSum(view: RouterView, t: number, experts: readonly number[], weights: ArrayLike<number>): GatedSum {
  const D = view.u.shape[1]!;
  const parts = new Tensor(`g·FFN(u_${t})`, [experts.length, D]);
  const sum = new Tensor(`Σ g·FFN(u_${t})`, [1, D]);
  experts.forEach((e, j) => {
    const out = view.experts.data.subarray((e * view.T + t) * D, (e * view.T + t + 1) * D);
    for (let m = 0; m < D; m++) {
      const x = weights[j]! * out[m]!;
      parts.data[j * D + m] = x;
      sum.data[m]! += x;
    }
  });
  return { parts, sum };
}

/** The dense mixture at token t: every expert, weighted by its affinity normalised over all of them. */
export function denseMixture(view: RouterView, t: number): GatedSum {
  const all = Array.from({ length: view.E }, (_, e) => e);
  return gatedSum(view, t, all, denseGates(view.affinity).row(t));
}

/** The model's own routed output at token t, rebuilt from the chosen experts and their gates. */
export function sparseMixture(view: RouterView, t: number): GatedSum {
  return gatedSum(view, t, view.chosen[t]!, view.gates.row(t));
}

/**
 * Choices the router would make with parts of its rule left out, by the engine's own chooser: `plain` is eq. 14 as
 * printed (top-k of s, no bias, no groups), `biasOnly` adds the bias but no groups, `noBias` keeps the groups
 * but drops the bias. `minusInf` is the full rule with the other groups masked by −∞, as DeepSeek-V3's reference
 * inference code does, where MiniSeek (like Hugging Face's DeepseekV3) masks them with 0. The real choice is `view.chosen`.
 * @example alternativeChoices(view, sizes).plain[0] // [4, 0] (say)
 */
export function alternativeChoices(view: RouterView, sizes: RouterSizes): { plain: number[][]; biasOnly: number[][]; noBias: number[][]; minusInf: number[][] } {
  const { T, E, k } = view;
  const zero = new Float32Array(E);
  const perGroup = E / sizes.groups;
  const split = (c: Int32Array) => Array.from({ length: T }, (_, t) => Array.from(c.subarray(t * k, (t + 1) * k)));
  const minusInf = Array.from({ length: T }, (_, t) => {
    const masked = Array.from(view.biased.row(t), (v, e) => (view.keptGroups[t]!.includes(Math.floor(e / perGroup)) ? v : -Infinity));
    return rankDescending(masked).slice(0, k);
  });
  return {
    plain: split(chooseExperts(view.affinity.data, zero, T, E, 1, 1, k).chosen),
    biasOnly: split(chooseExperts(view.affinity.data, view.bias, T, E, 1, 1, k).chosen),
    noBias: split(chooseExperts(view.affinity.data, zero, T, E, sizes.groups, sizes.topkGroup, k).chosen),
    minusInf,
  };
}

/** Tokens routed to each expert. @example expertLoad(view.chosen, 8) // [5, 3, 3, 0, …] */
export function expertLoad(chosen: readonly (readonly number[])[], E: number): number[] {
  const load = Array<number>(E).fill(0);
  for (const ids of chosen) for (const e of ids) load[e]!++;
  return load;
}

/** The busiest expert's load over the mean load: 1 when even. @example maxOverMean([3, 1, 1, 3]) // 1.5 */
export function maxOverMean(load: readonly number[]): number {
  return Math.max(...load) / (load.reduce((a, b) => a + b, 0) / load.length);
}

/**
 * How a change of routing moved the load, in words, from the busiest-over-mean ratio before and after (so that prose
 * and read-out say what the numbers say, whichever way they go). @example loadChange(1.7, 3.4) // 'less even'
 */
export function loadChange(before: number, after: number): 'less even' | 'more even' | 'neither more nor less even' {
  const same = Math.abs(after - before) < 1e-9 * Math.max(1, before);
  return same ? 'neither more nor less even' : after > before ? 'less even' : 'more even';
}

/**
 * The gates' arithmetic at token t as the figure prints it, ρ × (s of the chosen) ÷ their sum = (gates), each number
 * rounded as shown. @example gateArithmetic(view, 6) // { affinities: ['0.871', '0.523'], total: '1.394', gates: ['1.56', '0.94'] }
 */
export function gateArithmetic(view: RouterView, t: number): { affinities: string[]; total: string; gates: string[] } {
  const s = view.chosen[t]!.map((e) => view.affinity.at(t, e));
  return {
    affinities: s.map((x) => formatNumber(x, 3)),
    total: formatNumber(s.reduce((a, b) => a + b, 0), 3),
    gates: Array.from(view.gates.row(t), (x) => formatNumber(x)),
  };
}

/** The length of each row: for a router weight [E, D], each centroid's ‖e_i‖. */
export function rowNorms(x: Tensor): number[] {
  return Array.from({ length: x.shape[0]! }, (_, r) => Math.hypot(...x.row(r)));
}

/** Tokens whose choice differs between two routings (as sets). */
export function changedTokens(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[] {
  return a.flatMap((ids, t) => (ids.length === b[t]!.length && ids.every((e) => b[t]!.includes(e)) ? [] : [t]));
}

export interface BalanceStats {
  /** f_i = N_r / (K_r T) · (tokens routed to i): 1 for every expert when the load is even. */
  readonly f: number[];
  /** P_i = (1/T) Σ_t s'_{i,t}, with s' the affinities normalised over all experts (V3 eqs. 19–20). */
  readonly P: number[];
  /** Σ_i f_i P_i, V3's sequence-wise balance loss (eq. 17) before its factor α: 1 when f is even, since Σ_i P_i = 1. */
  readonly sum: number;
}

/**
 * The balance statistics of one sequence, V3's sequence-wise form (eqs. 17–20; V2's expert-level loss has the same
 * f·P shape, with softmax affinities). f counts the experts in `chosen`: by default those MiniSeek really selects
 * (bias and groups), as its training does; V3's eq. 18 as printed counts the plain top-k of s (pass
 * `alternativeChoices(view, sizes).plain`).
 * @example balanceStats(view).sum // 1.1 (say): 1 for an even load
 */
export function balanceStats(view: RouterView, chosen: readonly (readonly number[])[] = view.chosen): BalanceStats {
  const { T, E, k } = view;
  const load = expertLoad(chosen, E);
  const f = load.map((n) => (E / (k * T)) * n);
  const norm = denseGates(view.affinity);
  const P = Array.from({ length: E }, (_, e) => {
    let s = 0;
    for (let t = 0; t < T; t++) s += norm.at(t, e);
    return s / T;
  });
  return { f, P, sum: f.reduce((acc, fi, i) => acc + fi * P[i]!, 0) };
}

/** The route attribute value. @example routeKey(3, 5) // '3:5' */
export function routeKey(token: number, expert: number): string {
  return `${token}:${expert}`;
}

/** Cosine of the angle between two vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

/** A token where one ingredient of the choice swaps one expert and keeps the other, whose gate then changes. */
export interface GateShift {
  /** Index into the views passed in. */
  readonly view: number;
  readonly token: number;
  /** What made the swap: the bias (both routings use groups) or the groups (both use the bias). */
  readonly cause: 'bias' | 'groups';
  /** The expert both routings choose. */
  readonly kept: number;
  /** The expert the routing without `cause` would take, and the one MiniSeek takes instead. */
  readonly dropped: number;
  readonly added: number;
  /** The kept expert's gate ρ g_{i,t} without `cause` and with it (MiniSeek's real gate). */
  readonly before: number;
  readonly after: number;
  /** With cause 'groups': whether the bias decides the kept group (without the bias, another group would win). */
  readonly biasPicksGroup: boolean;
}

/**
 * The words for what made a gate shift's swap, as the prose says them.
 * @example shiftCause(shift) // 'the bias picks the group and the group limit swaps'
 */
export function shiftCause(shift: GateShift): string {
  if (shift.cause === 'bias') return 'the bias swaps';
  return shift.biasPicksGroup ? 'the bias picks the group and the group limit swaps' : 'the groups swap';
}

/**
 * Why a changed choice changes a gate too: the first token (last token first, layer by layer) where MiniSeek's choice
 * and the choice without the bias share exactly one expert, else without the groups, and the kept expert's gate
 * moves by at least `visible` (so the change shows at two decimals); failing that, the swap whose gate moves most.
 * The bias is preferred because it is the subject of the prose that uses this. Undefined when no token of any view
 * swaps exactly one expert.
 * @example gateShift(views, sizes) // { view: 0, token: 6, cause: 'groups', kept: 0, dropped: 7, added: 2, before: 1.22, after: 1.56 } (say)
 */
export function gateShift(views: readonly RouterView[], sizes: RouterSizes, visible = 0.01): GateShift | undefined {
  let largest: GateShift | undefined;
  for (const cause of ['bias', 'groups'] as const) {
    for (const [vi, view] of views.entries()) {
      const alt = alternativeChoices(view, sizes);
      const other = cause === 'bias' ? alt.noBias : alt.biasOnly;
      for (let token = view.T - 1; token >= 0; token--) {
        const real = view.chosen[token]!;
        const without = other[token]!;
        const shared = real.filter((e) => without.includes(e));
        if (real.length !== 2 || shared.length !== 1) continue;
        const kept = shared[0]!;
        const gate = (set: readonly number[]) =>
          (sizes.scale * view.affinity.at(token, kept)) / set.reduce((a, j) => a + view.affinity.at(token, j), 0);
        const perGroup = sizes.experts / sizes.groups;
        const shift: GateShift = {
          view: vi, token, cause, kept,
          dropped: without.find((e) => e !== kept)!,
          added: real.find((e) => e !== kept)!,
          before: gate(without),
          after: gate(real),
          biasPicksGroup: cause === 'groups' && Math.floor(alt.noBias[token]![0]! / perGroup) !== view.keptGroups[token]![0],
        };
        const moved = Math.abs(shift.after - shift.before);
        if (moved >= visible) return shift;
        if (!largest || moved > Math.abs(largest.after - largest.before)) largest = shift;
      }
    }
  }
  return largest;
}

/** A token whose kept group the bias decides: the group scores with and without the bias. */
export interface GroupFlip {
  readonly token: number;
  /** Each group's score: the sum of its two highest biased scores (as traced), and of its two highest affinities. */
  readonly biased: number[];
  readonly raw: number[];
}

/**
 * The token where the bias flips the kept group with the closest biased group scores, or undefined if the bias
 * flips no group. Group scores are sums of two scores of similar size, so they are often close, and a bias of about
 * 0.1 decides between them. @example groupFlip(view, sizes) // { token: 2, biased: [1.386, 1.368], raw: [1.304, 1.446] } (say)
 */
export function groupFlip(view: RouterView, sizes: RouterSizes): GroupFlip | undefined {
  const perGroup = view.E / sizes.groups;
  const top2Sum = (row: ArrayLike<number>, g: number) =>
    Array.from(row).slice(g * perGroup, (g + 1) * perGroup).sort((a, b) => b - a).slice(0, 2).reduce((a, b) => a + b, 0);
  let best: GroupFlip | undefined;
  let bestGap = Infinity;
  for (let t = 0; t < view.T; t++) {
    const biased = Array.from(view.groupScores.row(t));
    const raw = Array.from({ length: sizes.groups }, (_, g) => top2Sum(view.affinity.row(t), g));
    const keptRaw = rankDescending(raw).slice(0, sizes.topkGroup);
    if (keptRaw.every((g) => view.keptGroups[t]!.includes(g))) continue;
    const sorted = [...biased].sort((a, b) => b - a);
    const gap = sorted[sizes.topkGroup - 1]! - sorted[sizes.topkGroup]!;
    if (gap < bestGap) { bestGap = gap; best = { token: t, biased, raw }; }
  }
  return best;
}
