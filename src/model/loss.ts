/** Training losses: next-token cross-entropy and DeepSeek-V3's small sequence-wise balance loss. */
import { gradOf, record } from './autodiff';
import { Tensor, matrixDims } from './tensor';

/**
 * Mean cross-entropy of the logits [T, V] against the target ids (−1 = ignore that position).
 * @example crossEntropy('loss', logits, [5, 9, 2]) // scalar tensor
 */
export function crossEntropy(name: string, logits: Tensor, targets: readonly number[]): Tensor {
  const [T, V] = matrixDims(logits);
  if (targets.length !== T) throw new Error(`crossEntropy "${name}": ${targets.length} targets for ${T} positions`);
  const y = new Tensor(name, [1]);
  y.requiresGrad = logits.requiresGrad;
  const probs = new Float32Array(T * V);
  let total = 0;
  let counted = 0;
  for (let t = 0; t < T; t++) {
    const target = targets[t]!;
    if (target < 0) continue;
    if (target >= V) throw new Error(`crossEntropy "${name}": target ${target} is outside the ${V} logits`);
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, logits.data[t * V + v]!);
    let sum = 0;
    for (let v = 0; v < V; v++) {
      const e = Math.exp(logits.data[t * V + v]! - max);
      probs[t * V + v] = e;
      sum += e;
    }
    for (let v = 0; v < V; v++) probs[t * V + v]! /= sum;
    total += -Math.log(Math.max(probs[t * V + target]!, 1e-30));
    counted++;
  }
  y.data[0] = counted ? total / counted : 0;
  record([logits], () => {
    const g = y.grad?.[0] ?? 0;
    if (!g || !counted) return;
    const dx = gradOf(logits);
    for (let t = 0; t < T; t++) {
      const target = targets[t]!;
      if (target < 0) continue;
      for (let v = 0; v < V; v++) dx[t * V + v]! += (g * (probs[t * V + v]! - (v === target ? 1 : 0))) / counted;
    }
  });
  return y;
}

/**
 * The sequence-wise balance loss of V3 eqs. 17–20: α Σ_i f_i P_i, with f_i = E/(k·T) · (tokens choosing i)
 * (a constant for the gradient) and P_i = mean over tokens of s_{i,t} / Σ_j s_{j,t}.
 * @example balanceLoss('balance', affinity, chosen, 2, 1e-4)
 */
export function balanceLoss(name: string, affinity: Tensor, chosen: Int32Array, k: number, alpha: number): Tensor {
  const [T, E] = matrixDims(affinity);
  const f = new Float32Array(E);
  for (const e of chosen) f[e]! += E / (k * T);
  const rowSum = new Float32Array(T);
  let loss = 0;
  for (let t = 0; t < T; t++) {
    for (let e = 0; e < E; e++) rowSum[t]! += affinity.data[t * E + e]!;
    for (let e = 0; e < E; e++) loss += (f[e]! * affinity.data[t * E + e]!) / rowSum[t]! / T;
  }
  const y = new Tensor(name, [1], Float32Array.of(alpha * loss));
  y.requiresGrad = affinity.requiresGrad;
  record([affinity], () => {
    const g = y.grad?.[0] ?? 0;
    if (!g) return;
    const dx = gradOf(affinity);
    for (let t = 0; t < T; t++) {
      const S = rowSum[t]!;
      let fs = 0;
      for (let e = 0; e < E; e++) fs += f[e]! * affinity.data[t * E + e]!;
      // ∂/∂s_i of Σ_e f_e s_e / S = f_i/S − Σ_e f_e s_e / S²
      for (let e = 0; e < E; e++) dx[t * E + e]! += (g * alpha * (f[e]! / S - fs / (S * S))) / T;
    }
  });
  return y;
}
