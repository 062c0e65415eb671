/** Views of trace tensors that figures draw: one head's columns, one head's T×T plane, the best-attending head. */
import { Tensor, matrixDims } from '../model/tensor';

/**
 * Head h's block of a [T, H·d] tensor, as [T, d].
 * @example headColumns(trace.get('layers.1.attn.q')!, 4, 2) // [T, 24]
 */
export function headBlock(t: Tensor, heads: number, h: number): Tensor {
  const [T, C] = matrixDims(t);
  const d = C / heads;
  const out = new Tensor(`${t.name}[head ${h}]`, [T, d]);
  for (let r = 0; r < T; r++) out.data.set(t.data.subarray(r * C + h * d, r * C + (h + 1) * d), r * d);
  return out;
}

/** Head h's plane of an [H, T, n] tensor: [T, T] of scores or probabilities, or [T, D] of a head's share of u_t. */
export function headPlane(t: Tensor, h: number): Tensor {
  const [, T, n] = t.shape as [number, number, number];
  return new Tensor(`${t.name}[head ${h}]`, [T, n], t.data.slice(h * T * n, (h + 1) * T * n));
}

export interface HeadChoice {
  readonly layer: number;
  readonly head: number;
  /** The attention weight that made it the choice. */
  readonly weight: number;
}

/**
 * The (layer, head) whose last position puts the most weight on one earlier word (not <bos> at position 0,
 * which many heads use as a resting place): the head that most visibly "looks back" for the next word.
 * @example bestLookBackHead([probs0, probs1, probs2]) // { layer: 1, head: 3, weight: 0.71 }
 */
export function bestLookBackHead(probsByLayer: readonly Tensor[]): HeadChoice {
  let best: HeadChoice = { layer: 0, head: 0, weight: -1 };
  probsByLayer.forEach((probs, layer) => {
    const [H, T] = probs.shape as [number, number, number];
    for (let h = 0; h < H; h++) {
      const row = probs.data.subarray((h * T + T - 1) * T, (h * T + T) * T);
      for (let j = 1; j < T - 1; j++) if (row[j]! > best.weight) best = { layer, head: h, weight: row[j]! };
    }
  });
  return best;
}
