/**
 * DeepSeekMoE routing on the CPU (V3 §2.1.2, eqs. 13–16, as the reference's DeepseekV3TopkRouter does it):
 * sigmoid affinities, group-limited top-k on affinity + bias, gates normalised over the chosen experts.
 */
import { gradOf, record } from './autodiff';
import { Tensor, matrixDims } from './tensor';

/** Elementwise logistic sigmoid: the router's affinity s_{i,t} = σ(u_tᵀ e_i) (V3 eq. 15). */
export function sigmoid(name: string, x: Tensor): Tensor {
  const y = new Tensor(name, x.shape);
  y.requiresGrad = x.requiresGrad;
  for (let i = 0; i < x.size; i++) y.data[i] = 1 / (1 + Math.exp(-x.data[i]!));
  record([x], () => {
    const dy = y.grad;
    if (!dy) return;
    const dx = gradOf(x);
    for (let i = 0; i < x.size; i++) dx[i]! += dy[i]! * y.data[i]! * (1 - y.data[i]!);
  });
  return y;
}

export interface Routing {
  /** [T, E] affinity + e_score_correction_bias: what the choice is made on, never the gate value. */
  readonly biased: Float32Array;
  /** [T, G] each group's score: the sum of its two highest biased affinities. */
  readonly groupScores: Float32Array;
  /** [T, k] chosen expert ids, highest biased affinity first. */
  readonly chosen: Int32Array;
}

/** Indices of the `k` largest values, largest first; ties go to the lower index (deterministic). */
export function topK(values: ArrayLike<number>, k: number): number[] {
  // k passes of a max search (k is 1 or 2 here): the same order as a stable sort, with no array of every index.
  const picked: number[] = [];
  for (let n = 0; n < Math.min(k, values.length); n++) {
    let best = -1;
    for (let i = 0; i < values.length; i++) {
      if (picked.includes(i)) continue;
      if (best < 0 || values[i]! > values[best]!) best = i;
    }
    picked.push(best);
  }
  return picked;
}

/**
 * Chooses k experts per token. Groups of E/G experts are scored by the sum of their top-2 biased affinities;
 * only the best `topkGroup` groups stay eligible; the others' experts are set to 0.0 (as the reference's
 * masked_fill does, so a negative biased score can lose to a masked one); then the top k are taken.
 * @example chooseExperts(affinity, bias, T, 8, 2, 1, 2).chosen // 2 expert ids per token, from one group
 */
export function chooseExperts(
  affinity: Float32Array,
  bias: Float32Array,
  T: number,
  E: number,
  nGroup: number,
  topkGroup: number,
  k: number,
): Routing {
  const perGroup = E / nGroup;
  const biased = new Float32Array(T * E);
  const groupScores = new Float32Array(T * nGroup);
  const chosen = new Int32Array(T * k);
  const masked = new Float32Array(E);
  for (let t = 0; t < T; t++) {
    const row = biased.subarray(t * E, (t + 1) * E);
    for (let e = 0; e < E; e++) row[e] = affinity[t * E + e]! + bias[e]!;
    for (let g = 0; g < nGroup; g++) {
      const [a, b] = topK(row.subarray(g * perGroup, (g + 1) * perGroup), 2);
      groupScores[t * nGroup + g] = row[g * perGroup + a!]! + row[g * perGroup + b!]!;
    }
    const keep = topK(groupScores.subarray(t * nGroup, (t + 1) * nGroup), topkGroup);
    for (let e = 0; e < E; e++) masked[e] = keep.includes(Math.floor(e / perGroup)) ? row[e]! : 0;
    chosen.set(topK(masked, k), t * k);
  }
  return { biased, groupScores, chosen };
}

/**
 * The gate values of the chosen experts, from the unbiased affinities (V3 eqs. 13–14): g = s / Σ_chosen s
 * when `normalise`, times `scale` (routed_scaling_factor). [T, E] → [T, k]; differentiable in the affinities.
 */
export function gateValues(name: string, affinity: Tensor, chosen: Int32Array, k: number, normalise: boolean, scale: number): Tensor {
  const [T, E] = matrixDims(affinity);
  const y = new Tensor(name, [T, k]);
  y.requiresGrad = affinity.requiresGrad;
  const denom = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    let total = 0;
    for (let j = 0; j < k; j++) total += affinity.data[t * E + chosen[t * k + j]!]!;
    denom[t] = normalise ? total + 1e-20 : 1;
    for (let j = 0; j < k; j++) y.data[t * k + j] = (affinity.data[t * E + chosen[t * k + j]!]! / denom[t]!) * scale;
  }
  record([affinity], () => {
    const dy = y.grad;
    if (!dy) return;
    const dx = gradOf(affinity);
    for (let t = 0; t < T; t++) {
      const d = denom[t]!;
      // With normalisation g_j = scale·s_j/Σs: ∂g_j/∂s_i = scale(δ_ij/Σs − s_j/(Σs)²) over the chosen i.
      let dot = 0;
      for (let j = 0; j < k; j++) dot += dy[t * k + j]! * affinity.data[t * E + chosen[t * k + j]!]!;
      for (let i = 0; i < k; i++) {
        const e = chosen[t * k + i]!;
        dx[t * E + e]! += scale * (dy[t * k + i]! / d - (normalise ? dot / (d * d) : 0));
      }
    }
  });
  return y;
}

/** Picks single entries of a tensor by flat index into a 1-D tensor (an expert's gate for each of its tokens). */
export function pick(name: string, x: Tensor, flat: readonly number[]): Tensor {
  const y = new Tensor(name, [flat.length]);
  y.requiresGrad = x.requiresGrad;
  flat.forEach((f, i) => (y.data[i] = x.data[f]!));
  record([x], () => {
    const dy = y.grad;
    if (!dy) return;
    const dx = gradOf(x);
    flat.forEach((f, i) => (dx[f]! += dy[i]!));
  });
  return y;
}
