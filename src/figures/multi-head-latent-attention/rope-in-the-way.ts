/**
 * Why MLA keeps RoPE out of the content key (V2 §2.1.3), on MiniSeek's own vectors: if k^C were rotated, the score
 * between query t and key j would be q^C_t R_{t−1} R_{j−1}^⊤ k^{C⊤}_j = q^C_t R_{t−j} k^{C⊤}_j (R_n turns each pair by n
 * times its angle; token t, counted from 1 as the MLA chapter counts, sits at position t − 1), so the matrix between c^Q_t and c^KV_j would change
 * with the distance t − j and no single absorbed matrix could stand for it. Here one head's real q^C and k^C are
 * rotated as RoPE would rotate them, and the scores are compared with what one absorbed matrix gives (no rotation):
 * they agree at distance 0 and nowhere else.
 */
import { rope, ropeTables } from '../../model/attention-ops';
import { Tensor, matrixDims } from '../../model/tensor';

export interface RopeInTheWay {
  /** t − j for each key j ≤ t, the query's row t. */
  readonly distance: readonly number[];
  /** RoPE_t(q^C_t) · RoPE_j(k^C_j): the score if the content parts were rotated. */
  readonly rotated: Float32Array;
  /** q^C_t · k^C_j, what one absorbed matrix W^UQ_i W^UK⊤_i between c^Q_t and c^KV_j gives for every j. */
  readonly absorbed: Float32Array;
  /** Largest |rotated − absorbed| over j < t (at j = t they agree). */
  readonly maxDiff: number;
}

/**
 * @example ropeInTheWay(view.qNope, view.kNope, T - 1, 10000, true).rotated // one score per key up to the query
 */
export function ropeInTheWay(qNope: Tensor, kNope: Tensor, row: number, base: number, interleave: boolean): RopeInTheWay {
  const [T, d] = matrixDims(qNope);
  if (kNope.shape[1] !== d || kNope.shape[0] !== T) throw new Error(`rope in the way: q^C [${qNope.shape}] and k^C [${kNope.shape}] differ`);
  if (row < 0 || row >= T) throw new Error(`rope in the way: row ${row} is outside 0..${T - 1}`);
  const tables = ropeTables(T, d, base);
  const q = rope('q_c_rotated', qNope, 1, d, tables, interleave);
  const k = rope('k_c_rotated', kNope, 1, d, tables, interleave);
  const rotated = new Float32Array(row + 1);
  const absorbed = new Float32Array(row + 1);
  let maxDiff = 0;
  for (let j = 0; j <= row; j++) {
    let r = 0;
    let a = 0;
    for (let m = 0; m < d; m++) {
      r += q.data[row * d + m]! * k.data[j * d + m]!;
      a += qNope.data[row * d + m]! * kNope.data[j * d + m]!;
    }
    rotated[j] = r;
    absorbed[j] = a;
    if (j < row) maxDiff = Math.max(maxDiff, Math.abs(r - a));
  }
  return { distance: Array.from({ length: row + 1 }, (_, j) => row - j), rotated, absorbed, maxDiff };
}
