/** The embedding table and the output head compared, row by row: are they one matrix (tied) or two? */
import type { MiniSeek } from '../../model/forward';
import { weight } from '../../model/weights';

export interface EmbeddingVsHead {
  /** config.tie_word_embeddings: one shared matrix when true. */
  readonly tied: boolean;
  /** Both tensors' shapes as the checkpoint stores them: [V, D] each. */
  readonly embedShape: readonly number[];
  readonly headShape: readonly number[];
  /** Mean over the vocabulary of the cosine between a word's embedding row and its lm_head row (1 if tied). */
  readonly meanCosine: number;
  /** Mean of |cosine|: how far from perpendicular the pairs are, whatever the sign. */
  readonly meanAbsCosine: number;
  /** The smallest and largest cosine over the vocabulary. */
  readonly minCosine: number;
  readonly maxCosine: number;
  /** Root mean square of the cosine: for two random directions in D dimensions it is exactly 1/√D. */
  readonly rmsCosine: number;
  /** The mean |cosine| of two random directions in D dimensions (≈ √(2/(πD)) ≈ 0.8/√D), for comparison. */
  readonly randomAbsCosine: number;
  readonly D: number;
}

/**
 * @example embeddingVsHead(model).meanCosine // ≈ 0: two unrelated matrices
 */
export function embeddingVsHead(model: MiniSeek): EmbeddingVsHead {
  const E = weight(model.weights, 'model.embed_tokens.weight');
  const U = weight(model.weights, 'lm_head.weight');
  const [V, D] = E.shape as [number, number];
  if (U.shape[0] !== V || U.shape[1] !== D) throw new Error(`lm_head.weight is [${U.shape.join(', ')}], expected [${V}, ${D}] like the embedding`);
  let sum = 0;
  let abs = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let v = 0; v < V; v++) {
    let dot = 0;
    let ee = 0;
    let uu = 0;
    for (let d = 0; d < D; d++) {
      const e = E.data[v * D + d]!;
      const u = U.data[v * D + d]!;
      dot += e * u;
      ee += e * e;
      uu += u * u;
    }
    const cos = dot / Math.sqrt(ee * uu);
    sum += cos;
    abs += Math.abs(cos);
    squares += cos * cos;
    min = Math.min(min, cos);
    max = Math.max(max, cos);
  }
  return {
    tied: model.config.tie_word_embeddings as boolean,
    embedShape: E.shape,
    headShape: U.shape,
    meanCosine: sum / V,
    meanAbsCosine: abs / V,
    minCosine: min,
    maxCosine: max,
    rmsCosine: Math.sqrt(squares / V),
    randomAbsCosine: randomAbsCosine(D),
    D,
  };
}

/**
 * The expected |cosine| of two independent random directions in D dimensions: Γ(D/2) / (√π Γ((D+1)/2)), which
 * tends to √(2/(πD)). Computed through log-gamma ratios by the recurrence (exact for whole D).
 * @example randomAbsCosine(2) // 2/π ≈ 0.637
 */
export function randomAbsCosine(D: number): number {
  if (!Number.isInteger(D) || D < 1) throw new Error(`randomAbsCosine: D must be a positive integer, got ${D}`);
  // ln Γ(k/2) for k = 1, 2, …, D + 1, from Γ(1/2) = √π and Γ(1) = 1 by Γ(x + 1) = x Γ(x).
  const lnGamma = [0, Math.log(Math.PI) / 2, 0];
  for (let k = 3; k <= D + 1; k++) lnGamma[k] = lnGamma[k - 2]! + Math.log((k - 2) / 2);
  const lnGammaHalf = (k: number) => lnGamma[k]!;
  return Math.exp(lnGammaHalf(D) - lnGammaHalf(D + 1)) / Math.sqrt(Math.PI);
}
