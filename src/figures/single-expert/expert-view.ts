/** What the single-expert figure draws: one MoE layer's shared expert at work, its routed neighbours, and the arithmetic of fine-grained experts. */
import { Tensor } from '../../model/tensor';

const PARTS = ['ffn_norm', 'moe.shared.gate', 'moe.shared.up', 'moe.shared.hidden', 'moe.shared.out', 'moe.routed', 'moe.out', 'moe.chosen'] as const;

/**
 * The trace tensors the figure needs for every MoE layer, so the reader can switch layers without a new forward pass.
 * @example expertTraceNames([1, 2]).length // 16
 */
export function expertTraceNames(moeLayers: readonly number[]): string[] {
  return moeLayers.flatMap((l) => PARTS.map((p) => `layers.${l}.${p}`));
}

export interface SharedExpertView {
  /** [T, D] u_t, what every expert of the layer reads. */
  readonly u: Tensor;
  /** [T, F_e] the shared expert's gate and up projections, and h = SiLU(g) ⊙ a. */
  readonly gate: Tensor;
  readonly up: Tensor;
  readonly hidden: Tensor;
  /** [T, D] FFN^(s)(u_t), the shared expert's output. */
  readonly out: Tensor;
  /** [T, D] Σ g_{i,t} FFN^(r)_i(u_t), the routed experts' weighted sum. */
  readonly routed: Tensor;
  /** [T, D] shared + routed: the MoE layer's output before the residual. */
  readonly moeOut: Tensor;
  /** [T, K_r] the routed experts each token was sent to, as checkpoint ids (0-based). */
  readonly chosen: Tensor;
}

/**
 * @example sharedExpertView(trace, 1).hidden.shape // [T, 32]
 */
export function sharedExpertView(trace: ReadonlyMap<string, Tensor>, layer: number): SharedExpertView {
  const get = (part: (typeof PARTS)[number]) => {
    const t = trace.get(`layers.${layer}.${part}`);
    if (!t) throw new Error(`single-expert figure: the trace lacks layers.${layer}.${part}`);
    return t;
  };
  return {
    u: get('ffn_norm'),
    gate: get('moe.shared.gate'),
    up: get('moe.shared.up'),
    hidden: get('moe.shared.hidden'),
    out: get('moe.shared.out'),
    routed: get('moe.routed'),
    moeOut: get('moe.out'),
    chosen: get('moe.chosen'),
  };
}

/**
 * [T, 3] per token: the length of the shared expert's output, of the routed sum, and of their sum (the layer's output).
 * @example outputSizes(view).at(3, 0) // ‖FFN^(s)(u_4)‖
 */
export function outputSizes(view: SharedExpertView): Tensor {
  const T = view.out.shape[0]!;
  const sizes = new Tensor('sizes', [T, 3]);
  for (let t = 0; t < T; t++) {
    sizes.data[t * 3] = Math.hypot(...view.out.row(t));
    sizes.data[t * 3 + 1] = Math.hypot(...view.routed.row(t));
    sizes.data[t * 3 + 2] = Math.hypot(...view.moeOut.row(t));
  }
  return sizes;
}

/**
 * The share of the layer's output that points along the shared expert's: (FFN^(s) · out) / ‖out‖², per token.
 * The routed part makes up the rest, so the two shares sum to 1.
 * @example sharedShare(view, 3) // 0.6 (say)
 */
export function sharedShare(view: SharedExpertView, t: number): number {
  const s = view.out.row(t);
  const o = view.moeOut.row(t);
  let dot = 0;
  let norm = 0;
  for (let d = 0; d < o.length; d++) {
    dot += s[d]! * o[d]!;
    norm += o[d]! * o[d]!;
  }
  return norm > 0 ? dot / norm : 0;
}

/** Each token's chosen routed experts, sorted, as checkpoint ids. */
export function routes(view: SharedExpertView): number[][] {
  const [T, k] = view.chosen.shape as [number, number];
  return Array.from({ length: T }, (_, t) => Array.from(view.chosen.data.subarray(t * k, (t + 1) * k)).sort((a, b) => a - b));
}

/**
 * The distinct sets of routed experts the tokens of a sentence used.
 * @example distinctCombinations([[0, 3], [3, 0], [5, 6]]) // 2
 */
export function distinctCombinations(sets: readonly (readonly number[])[]): number {
  return new Set(sets.map((s) => [...s].sort((a, b) => a - b).join(','))).size;
}

/**
 * How many tokens were sent to experts of more than one group: outside the sets group-limited routing reaches with
 * topk_group = 1. MiniSeek's mask sets the dropped groups' scores to 0 (moe-ops.ts), so this happens only when fewer
 * than K_r experts of the kept group have a positive biased score.
 * @example tokensAcrossGroups([[0, 3], [2, 5]], 4) // 1
 */
export function tokensAcrossGroups(sets: readonly (readonly number[])[], perGroup: number): number {
  return sets.filter((s) => new Set(s.map((e) => Math.floor(e / perGroup))).size > 1).length;
}

/**
 * C(n, k), exactly, as a BigInt: the number of ways to choose k experts out of n.
 * @example combinations(64, 8) // 4426165368n
 */
export function combinations(n: number, k: number): bigint {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0 || k < 0) throw new Error(`combinations: n and k must be whole numbers ≥ 0, got ${n} and ${k}`);
  if (k > n) return 0n;
  const r = BigInt(Math.min(k, n - k));
  let result = 1n;
  for (let i = 1n; i <= r; i++) result = (result * (BigInt(n) - r + i)) / i;
  return result;
}

/**
 * How many K-sets of experts group-limited routing can reach: those whose experts all fall in at most `topkGroup` of
 * the G equal groups (the router keeps the best `topkGroup` groups, then picks K experts inside them). Counted exactly:
 * for each number j of groups a set touches, C(G, j) choices of groups times the K-sets that touch every one of those
 * j groups, the latter by inclusion–exclusion over the groups left empty.
 * @example reachableCombinations(8, 2, 1, 2) // 12n (two groups of four, both experts from one group)
 * @example reachableCombinations(256, 8, 4, 8) // 71614201382880n (DeepSeek-V3)
 */
export function reachableCombinations(E: number, G: number, topkGroup: number, K: number): bigint {
  if (!Number.isInteger(G) || G < 1 || E % G !== 0) throw new Error(`reachableCombinations: ${E} experts do not split into ${G} equal groups`);
  const perGroup = E / G;
  let total = 0n;
  for (let j = 1; j <= Math.min(topkGroup, G); j++) {
    // K-sets inside j given groups that leave none of them empty.
    let touchingAll = 0n;
    for (let empty = 0; empty <= j; empty++) {
      const term = combinations(j, empty) * combinations((j - empty) * perGroup, K);
      touchingAll += empty % 2 === 0 ? term : -term;
    }
    total += combinations(G, j) * touchingAll;
  }
  return total;
}

/**
 * The fewest experts in any group whose biased score s_{i,t} + b_i is positive for every token, whatever the
 * token: s_{i,t} is a sigmoid, so strictly positive, and b_i >= 0 makes the sum positive. If this is at least K,
 * the kept group always supplies K experts that outrank the dropped group's masked 0s, so a token can never be
 * sent across groups and group-limited routing allows exactly reachableCombinations(E, G, 1, K) sets.
 * @example fewestSurePositive([0.1, -2, 0.3, 0.2], 2) // 1 (group 0 has one b_i >= 0, group 1 has two)
 */
export function fewestSurePositive(bias: ArrayLike<number>, G: number): number {
  if (!Number.isInteger(G) || G < 1 || bias.length % G !== 0) throw new Error(`fewestSurePositive: ${bias.length} experts do not split into ${G} equal groups`);
  const perGroup = bias.length / G;
  let fewest = perGroup;
  for (let g = 0; g < G; g++) {
    let n = 0;
    for (let i = g * perGroup; i < (g + 1) * perGroup; i++) if (bias[i]! >= 0) n++;
    fewest = Math.min(fewest, n);
  }
  return fewest;
}

export interface Segmentation {
  /** mN experts of 1/m the width each, mK of them active per token. */
  readonly experts: number;
  readonly active: number;
  readonly widthFraction: number;
  /** C(mN, mK). */
  readonly combinations: bigint;
  /** Per-token compute in units of one original expert: mK experts × 1/m of the width = K, whatever m is. */
  readonly computeInExperts: number;
  /** Total expert parameters in units of one original expert: mN × 1/m = N. */
  readonly paramsInExperts: number;
  /** The router's affinity vectors, one of D numbers per expert: mN of them, the one count that grows with m. */
  readonly routerVectors: number;
}

/**
 * DeepSeekMoE's fine-grained segmentation (arXiv 2401.06066, §3.1): split each of N experts into m, activate mK.
 * @example segmentation(16, 4, 2).combinations // 4426165368n
 */
export function segmentation(N: number, m: number, K: number): Segmentation {
  return {
    experts: m * N,
    active: m * K,
    widthFraction: 1 / m,
    combinations: combinations(m * N, m * K),
    computeInExperts: (m * K) / m,
    paramsInExperts: (m * N) / m,
    routerVectors: m * N,
  };
}

/**
 * A BigInt with thousands separators.
 * @example groupDigits(4426165368n) // '4,426,165,368'
 */
export function groupDigits(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
