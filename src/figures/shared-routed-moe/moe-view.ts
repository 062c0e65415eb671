/**
 * What the shared-and-routed figure draws from a MiniSeek trace: one token followed through a DeepSeekMoE layer
 * (V3 eqs. 12–16) — its affinities, the bias that only chooses, the groups, the gates, each chosen expert's output,
 * the shared expert's — and every token's routing at once, as a token × expert grid of gates.
 */
import { isMoeLayer, type MiniSeekConfig } from '../../model/config';
import { Tensor } from '../../model/tensor';

const PARTS = ['after_attn', 'ffn_norm', 'output', 'moe.affinity', 'moe.biased', 'moe.group_scores', 'moe.chosen', 'moe.gates', 'moe.routed', 'moe.shared.out', 'moe.out'] as const;

/** The MoE layers of a config, as trace indices (MiniSeek: 1 and 2, "layers 2 and 3" in prose). */
export function moeLayers(c: Pick<MiniSeekConfig, 'num_hidden_layers' | 'first_k_dense_replace'>): number[] {
  return Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => isMoeLayer(c as MiniSeekConfig, l));
}

/**
 * The trace tensors the figure needs: every MoE layer's, with each routed expert's output.
 * @example sharedRoutedTraceNames(config).includes('layers.2.moe.expert.7') // true
 */
export function sharedRoutedTraceNames(c: MiniSeekConfig): string[] {
  return moeLayers(c).flatMap((l) => [
    ...PARTS.map((p) => `layers.${l}.${p}`),
    ...Array.from({ length: c.n_routed_experts }, (_, e) => `layers.${l}.moe.expert.${e}`),
  ]);
}

export interface TokenMoe {
  readonly layer: number;
  readonly token: number;
  /** [1, D] x_t, the residual stream after attention: what the layer adds to (the course's name; eq. 12 folds it into u_t). */
  readonly x: Tensor;
  /** [1, D] u_t = RMSNorm(x_t), "the FFN input" of V3 §2.1.2: what the router and every expert read. */
  readonly u: Tensor;
  /** [1, E] s_{i,t} = σ(u_t e_iᵀ) (eq. 15), b_i, and s_{i,t} + b_i (eq. 16). */
  readonly affinity: Tensor;
  readonly bias: Tensor;
  readonly biased: Tensor;
  /** [1, G] each group's score: the sum of its two highest biased affinities. */
  readonly groupScores: Tensor;
  /** The group the token may choose from, and the experts per group. */
  readonly group: number;
  readonly perGroup: number;
  /** The chosen expert ids, highest biased affinity first. */
  readonly chosen: readonly number[];
  /**
   * Per chosen expert: its affinity s; g, that divided by the chosen affinities' sum (eq. 13, summing to 1); and
   * the weight the code applies, ρ g (routed_scaling_factor; the paper neither names nor sets it), which is what the trace's gates hold.
   */
  readonly raw: readonly number[];
  readonly normalised: readonly number[];
  readonly gates: readonly number[];
  /** [k, D] each chosen expert's output FFN_i(u_t), and the same times its weight ρ g. */
  readonly expertOut: Tensor;
  readonly weighted: Tensor;
  /** [1, D] Σ ρ g_i FFN_i(u_t), summed here from the weighted rows; and the trace's own routed sum. */
  readonly routed: Tensor;
  readonly tracedRouted: Tensor;
  /** [1, D] the shared expert's output FFN^(s)(u_t). */
  readonly shared: Tensor;
  /** [1, D] shared + routed, summed here; the trace's moe.out; and h′_t = x_t + moe.out. */
  readonly sum: Tensor;
  readonly moeOut: Tensor;
  readonly hPrime: Tensor;
  /** [1, D] the trace's layer output, which h′_t must equal. */
  readonly output: Tensor;
}

function getter(trace: ReadonlyMap<string, Tensor>, layer: number) {
  return (n: string): Tensor => {
    const t = trace.get(`layers.${layer}.${n}`);
    if (!t) throw new Error(`shared-routed figure: the trace lacks layers.${layer}.${n}`);
    return t;
  };
}

const rowOf = (t: Tensor, i: number, name: string) => new Tensor(name, [1, t.shape[1]!], t.row(i).slice());

/**
 * @example tokenMoe(trace, { layer: 1, token: 6, nGroup: 2 }).gates // two weights ρ g summing to ρ = 2.5
 */
export function tokenMoe(trace: ReadonlyMap<string, Tensor>, { layer, token, nGroup }: { layer: number; token: number; nGroup: number }): TokenMoe {
  const get = getter(trace, layer);
  const affinityAll = get('moe.affinity');
  const [T, E] = affinityAll.shape as [number, number];
  if (token < 0 || token >= T) throw new Error(`shared-routed figure: token ${token} is outside 0..${T - 1}`);
  const D = get('moe.out').shape[1]!;
  const affinity = rowOf(affinityAll, token, 's');
  const biased = rowOf(get('moe.biased'), token, 's+b');
  const bias = new Tensor('b', [1, E], biased.data.map((x, i) => x - affinity.data[i]!));
  const groupScores = rowOf(get('moe.group_scores'), token, 'group scores');
  const chosenAll = get('moe.chosen');
  const k = chosenAll.shape[1]!;
  const chosen = Array.from(chosenAll.row(token), (x) => Math.round(x));
  const gates = Array.from(get('moe.gates').row(token));
  const raw = chosen.map((e) => affinity.data[e]!);
  const rawSum = raw.reduce((s, x) => s + x, 0);
  const normalised = raw.map((x) => x / rawSum);
  const expertOut = new Tensor('FFN_i(u_t)', [k, D]);
  const weighted = new Tensor('g_i FFN_i(u_t)', [k, D]);
  const routed = new Tensor('Σ g_i FFN_i(u_t)', [1, D]);
  chosen.forEach((e, j) => {
    const out = get(`moe.expert.${e}`).row(token);
    expertOut.data.set(out, j * D);
    for (let m = 0; m < D; m++) {
      const x = gates[j]! * out[m]!;
      weighted.data[j * D + m] = x;
      routed.data[m]! += x;
    }
  });
  const shared = rowOf(get('moe.shared.out'), token, 'FFN^(s)(u_t)');
  const x = rowOf(get('after_attn'), token, 'x_t');
  const moeOut = rowOf(get('moe.out'), token, 'moe.out');
  const sum = new Tensor('shared + routed', [1, D], shared.data.map((x, m) => x + routed.data[m]!));
  const hPrime = new Tensor('h′_t', [1, D], x.data.map((xm, m) => xm + moeOut.data[m]!));
  const groups = Array.from(groupScores.data);
  return {
    layer, token, x, u: rowOf(get('ffn_norm'), token, 'u_t'), affinity, bias, biased, groupScores,
    group: groups.indexOf(Math.max(...groups)), perGroup: E / nGroup, chosen, raw, normalised, gates, expertOut, weighted,
    routed, tracedRouted: rowOf(get('moe.routed'), token, 'moe.routed'), shared, sum, moeOut, hPrime, output: rowOf(get('output'), token, 'output'),
  };
}

/** One MoE layer's routing for the whole sentence. */
export interface RoutingGrid {
  readonly layer: number;
  /** [T, E] the weight ρ g_{i,t} where token t chose expert i, 0 elsewhere. */
  readonly gates: Tensor;
  /** [t][j] the j-th expert token t chose. */
  readonly chosen: readonly (readonly number[])[];
  /** How many tokens chose each expert. */
  readonly load: readonly number[];
}

/**
 * @example routingGrid(trace, 1).chosen[0] // the two experts <bos> went to in layer 2, e.g. [5, 6]
 */
export function routingGrid(trace: ReadonlyMap<string, Tensor>, layer: number): RoutingGrid {
  const get = getter(trace, layer);
  const [T, E] = get('moe.affinity').shape as [number, number];
  const chosenAll = get('moe.chosen');
  const gateAll = get('moe.gates');
  const k = chosenAll.shape[1]!;
  const gates = new Tensor(`gates [layer ${layer}]`, [T, E]);
  const load = new Array<number>(E).fill(0);
  const chosen = Array.from({ length: T }, (_, t) =>
    Array.from({ length: k }, (_, j) => {
      const e = Math.round(chosenAll.at(t, j));
      gates.data[t * E + e] = gateAll.at(t, j);
      load[e]!++;
      return e;
    }),
  );
  return { layer, gates, chosen, load };
}

/**
 * The largest absolute difference between two rows: how exactly a sum computed here matches the trace's.
 * @example maxDifference(view.sum, view.moeOut) // ~1e-7
 */
export function maxDifference(a: Tensor, b: Tensor): number {
  return a.data.reduce((m, x, i) => Math.max(m, Math.abs(x - b.data[i]!)), 0);
}

/**
 * Agreement "to float32 precision": a difference of at most a few float32 epsilons (2⁻²³ ≈ 1.2e-7) of the row's
 * largest number, what adding the same numbers in another order can give. The prose says only this, never the digits.
 */
export const FLOAT32_AGREEMENT = 5 * 2 ** -23;

/**
 * Whether two rows agree to float32 precision: their largest difference relative to b's largest |value|.
 * @example agreesToFloat32(view.sum, view.moeOut) // true
 */
export function agreesToFloat32(a: Tensor, b: Tensor): boolean {
  const scale = b.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  return maxDifference(a, b) <= FLOAT32_AGREEMENT * scale;
}

/** How closely two ways of computing the MoE output agree over a whole sentence. */
export interface Agreement {
  /** The largest absolute difference between shared + routed (summed here) and the trace's moe.out. */
  readonly absolute: number;
  /** The largest difference as a fraction of the largest |value| in its token's row: the rounding's relative size. */
  readonly relative: number;
}

/**
 * Shared + routed, summed here, against MiniSeek's own MoE output, for every token of the trace in each given layer:
 * the two add the same float32 numbers in another order, so they differ only by rounding.
 * @example sumAgreement(trace, [1, 2], 2) // { absolute: ~1e-6, relative: ~1e-7 }
 */
export function sumAgreement(trace: ReadonlyMap<string, Tensor>, layers: readonly number[], nGroup: number): Agreement {
  let absolute = 0;
  let relative = 0;
  for (const layer of layers) {
    const T = getter(trace, layer)('moe.out').shape[0]!;
    for (let token = 0; token < T; token++) {
      const v = tokenMoe(trace, { layer, token, nGroup });
      const diff = maxDifference(v.sum, v.moeOut);
      const scale = v.moeOut.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      absolute = Math.max(absolute, diff);
      if (scale > 0) relative = Math.max(relative, diff / scale);
    }
  }
  return { absolute, relative };
}

/**
 * The K_r experts a token would get with no group limit: the top K_r of s + b over all experts. Set beside the
 * group-limited choice, it shows what the limit costs a token (an expert it would have used, left out).
 * @example ungroupedChoice(view, 2) // [0, 7] where the group limit gave [0, 2]
 */
export function ungroupedChoice(v: Pick<TokenMoe, 'biased'>, k: number): number[] {
  const ids = Array.from(v.biased.data, (_, e) => e);
  return ids.sort((a, b) => v.biased.data[b]! - v.biased.data[a]!).slice(0, k);
}

/**
 * How many tokens go to the same set of experts in two layers' grids (the order within a token's choice, highest
 * biased affinity first, does not matter).
 * @example sameExpertSets(grids[0], grids[1]) // 1
 */
export function sameExpertSets(a: Pick<RoutingGrid, 'chosen'>, b: Pick<RoutingGrid, 'chosen'>): number {
  const key = (es: readonly number[]) => [...es].sort((x, y) => x - y).join(',');
  return a.chosen.filter((es, t) => b.chosen[t] !== undefined && key(es) === key(b.chosen[t]!)).length;
}
