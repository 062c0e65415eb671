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
    sum += dot / Math.sqrt(ee * uu);
  }
  return { tied: model.config.tie_word_embeddings as boolean, embedShape: E.shape, headShape: U.shape, meanCosine: sum / V };
}
