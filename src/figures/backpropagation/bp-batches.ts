/**
 * Mini-batches, as seed 003 puts it: shuffle the data, cut it into small batches, and take one gradient step per
 * batch. One epoch's batches (the order src/foundations/sgd.ts's trainer draws) and how each batch's gradient
 * compares with the gradient over all the data.
 */
import type { Point } from '../../foundations/datasets';
import { lossAndGradients, type Gradients, type Mlp } from '../../foundations/mlp';
import { shuffledOrder } from '../../foundations/sgd';
import { seededRandom } from '../../model/random';

/**
 * The first epoch of a trainer seeded with `seed`: the shuffled indices cut into batches of `batch` (the last may be smaller).
 * @example epochBatches(200, 16, 1).length // 13, the last of 8 points
 */
export function epochBatches(n: number, batch: number, seed: number): number[][] {
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`epochBatches: the batch size must be a positive integer, got ${batch}`);
  const order = shuffledOrder(n, seededRandom(seed));
  const out: number[][] = [];
  for (let i = 0; i < n; i += batch) out.push(order.slice(i, i + batch));
  return out;
}

/** Every gradient of a network as one vector, layer by layer, weights before biases (the order of paramRefs). */
export function flatten(g: Gradients): Float64Array {
  const parts: Float64Array[] = [];
  g.weights.forEach((w, l) => parts.push(w, g.biases[l]!));
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float64Array) => Math.sqrt(dot(a, a));

export interface BatchGradient {
  readonly indices: readonly number[];
  readonly loss: number;
  readonly grad: Float64Array;
  /** cos of the angle between this batch's gradient and the full gradient: 1 = the same direction. */
  readonly cosine: number;
  /** |g_batch| / |g_full|. */
  readonly lengthRatio: number;
}

export interface BatchComparison {
  readonly full: { readonly loss: number; readonly grad: Float64Array };
  readonly batches: readonly BatchGradient[];
  /** Largest |Σ_b (|b|/N) g_b − g_full| over the parameters: the batch gradients average to the full one. */
  readonly averageGap: number;
}

/**
 * Each batch's gradient beside the full-batch gradient, at the network's current weights.
 * @example compareBatches(net, points, epochBatches(points.length, 16, 1)).batches[0].cosine
 */
export function compareBatches(net: Mlp, data: readonly Point[], batches: readonly (readonly number[])[]): BatchComparison {
  const all = lossAndGradients(net, data);
  const full = { loss: all.loss, grad: flatten(all.grads) };
  const fullNorm = norm(full.grad);
  const weighted = new Float64Array(full.grad.length);
  const out = batches.map((indices) => {
    const { loss, grads } = lossAndGradients(net, indices.map((i) => data[i]!));
    const grad = flatten(grads);
    grad.forEach((g, k) => (weighted[k]! += (g * indices.length) / data.length));
    const n = norm(grad);
    return { indices, loss, grad, cosine: n === 0 || fullNorm === 0 ? 0 : dot(grad, full.grad) / (n * fullNorm), lengthRatio: fullNorm === 0 ? 0 : n / fullNorm };
  });
  const averageGap = weighted.reduce((m, w, k) => Math.max(m, Math.abs(w - full.grad[k]!)), 0);
  return { full, batches: out, averageGap };
}
