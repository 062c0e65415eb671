/**
 * The few kernels that take nearly all of MiniSeek's CPU time (issue #16's profile: linear forward and backward,
 * attention forward and backward). Every implementation computes the same thing; they differ in speed and in the
 * order of summation, so results agree to float32 rounding, not bit for bit.
 * Matrices are row-major Float32Arrays; outputs named "Acc" are added to, the others overwritten.
 */
export interface Kernels {
  /** Which implementation this is: 'wasm-simd' or 'reference'. */
  readonly name: KernelName;
  /** y[T, m] = x[T, n] · w[m, n]ᵀ (nn.Linear's forward). */
  matmulNT(x: Float32Array, w: Float32Array, y: Float32Array, T: number, n: number, m: number): void;
  /** dx[T, n] += dy[T, m] · w[m, n] (nn.Linear's input gradient). */
  matmulNNAcc(dy: Float32Array, w: Float32Array, dx: Float32Array, T: number, m: number, n: number): void;
  /** dw[m, n] += dy[T, m]ᵀ · x[T, n] (nn.Linear's weight gradient). */
  matmulTNAcc(dy: Float32Array, x: Float32Array, dw: Float32Array, T: number, m: number, n: number): void;
  /**
   * Causal attention for H heads: q, k [T, H·dq], v [T, H·dv]. Writes scores [H, T, T] (scaled, −∞ above the
   * diagonal), probs [H, T, T] (softmax rows, 0 above the diagonal) and out [T, H·dv].
   */
  attentionForward(
    q: Float32Array, k: Float32Array, v: Float32Array, scores: Float32Array, probs: Float32Array, out: Float32Array,
    T: number, H: number, dq: number, dv: number, scale: number,
  ): void;
  /** Adds attention's gradients into gq, gk, gv (any may be undefined: not needed) from dO [T, H·dv]. */
  attentionBackward(
    q: Float32Array, k: Float32Array, v: Float32Array, probs: Float32Array, dO: Float32Array,
    gq: Float32Array | undefined, gk: Float32Array | undefined, gv: Float32Array | undefined,
    T: number, H: number, dq: number, dv: number, scale: number,
  ): void;
}

export type KernelName = 'wasm-simd' | 'reference';
