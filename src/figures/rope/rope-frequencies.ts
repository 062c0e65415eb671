/**
 * RoPE's per-pair frequencies and DeepSeek-V3's YaRN rescaling of them, in float64, for the RoPE chapter's figures.
 * Model-free: these are functions of the config numbers only (the engine's own tables are in src/model/attention-ops.ts).
 */

/** One rotation pair's frequency θ_i (radians per position) and wavelength λ_i = 2π/θ_i (positions per full turn). */
export interface RopePair {
  /** Pair index, from 0 (pair i rotates dimensions 2i and 2i+1). */
  readonly i: number;
  readonly theta: number;
  readonly wavelength: number;
}

/**
 * θ_i = base^(−2i/d) for i = 0 … d/2−1, and λ_i = 2π/θ_i. RoFormer (arXiv 2104.09864 §3.2.2, eq. 15) writes
 * θ_i = 10000^(−2(i−1)/d) for i = 1 … d/2: the same set, counted from 1.
 * @example ropeThetas(8, 10000).map((p) => p.theta) // [1, 0.1, 0.01, 0.001]
 */
export function ropeThetas(d: number, base: number): RopePair[] {
  if (!Number.isInteger(d) || d <= 0 || d % 2 !== 0) throw new Error(`ropeThetas: d must be a positive even integer, got ${d}`);
  if (!(base > 1)) throw new Error(`ropeThetas: base must be above 1, got ${base}`);
  return Array.from({ length: d / 2 }, (_, i) => {
    const theta = base ** (-(2 * i) / d);
    return { i, theta, wavelength: (2 * Math.PI) / theta };
  });
}

export interface YarnOptions {
  /** Rotated width (V3: qk_rope_head_dim = 64). */
  readonly d: number;
  /** rope_theta (V3: 10000). */
  readonly base: number;
  /** The context extension factor s (V3: rope_factor = 40). */
  readonly factor: number;
  /** The pre-training context L (V3: original_seq_len = 4096). */
  readonly originalLength: number;
  /** Pairs turning more than this many times in L are kept as they are (V3: beta_fast = 32). */
  readonly betaFast: number;
  /** Pairs turning fewer than this many times in L are interpolated, θ/s (V3: beta_slow = 1). */
  readonly betaSlow: number;
}

/** DeepSeek-V3's settings in inference/model.py's ModelArgs (arXiv 2412.19437 §4.3: s = 40, α = 1, β = 32). */
export const V3_YARN: YarnOptions = { d: 64, base: 10000, factor: 40, originalLength: 4096, betaFast: 32, betaSlow: 1 };

/** unchanged: ramp 0, θ kept (extrapolated to longer positions); interpolated: ramp 1, θ/s; blended: in between. */
export type YarnClass = 'unchanged' | 'blended' | 'interpolated';

export interface YarnPair extends RopePair {
  /** θ'_i, the frequency after YaRN. */
  readonly thetaScaled: number;
  /** λ'_i = 2π/θ'_i. */
  readonly wavelengthScaled: number;
  /** r_i = L/λ_i: full turns within the original context. */
  readonly rotations: number;
  /** 0 keeps θ_i, 1 divides it by s. */
  readonly ramp: number;
  readonly kind: YarnClass;
}

export interface YarnResult {
  readonly pairs: YarnPair[];
  /** First pair index the ramp leaves 0 from, as the reference rounds it (floor, then at least 0). */
  readonly low: number;
  /**
   * Pair index the ramp reaches 1 at, as the reference rounds it (ceil, then at most d − 1). The reference clamps to
   * d − 1, a dimension bound, though the ramp runs over d/2 pairs: when high > d/2 − 1 the slowest pair is only partly
   * interpolated.
   */
  readonly high: number;
  readonly options: YarnOptions;
}

/**
 * The pair index at which θ_i · L = 2π n, i.e. the pair that turns n times within L positions:
 * from base^(−2i/d) · L = 2πn, i = d · ln(L / (2πn)) / (2 ln base). The reference's `find_correction_dim`.
 * @example correctionDim(32, 64, 10000, 4096) // ≈ 10.47
 */
export function correctionDim(rotations: number, d: number, base: number, length: number): number {
  return (d * Math.log(length / (rotations * 2 * Math.PI))) / (2 * Math.log(base));
}

/**
 * DeepSeek-V3's `precompute_freqs_cis` (inference/model.py of deepseek-ai/DeepSeek-V3), its YaRN branch, line for
 * line but in float64 (the reference builds the frequencies in float32; a numpy float32 transcription of it agrees
 * with this to 1.3e-7 relative for V3).
 * The reference only takes this branch when max_seq_len > original_seq_len; this function always does, since it
 * is there to show what the branch does.
 *
 * Why a ramp over the pair index: the YaRN paper (arXiv 2309.00071 §3.2, "NTK-by-parts") ramps on r = L/λ, the
 * number of turns a pair makes in the original context, with γ(r) = 0 below α and 1 above β (V3: α = 1, β = 32),
 * and h(θ) = (1 − γ) θ/s + γ θ. Since r falls exponentially with i, "r = n" is the pair index correctionDim(n, …);
 * the reference computes those two indices, rounds them outward (floor for β, ceil for α) and ramps linearly in i
 * between them. Its `smooth` is the paper's γ; our `ramp` is 1 − smooth.
 * @example yarn(V3_YARN).low // 10
 */
export function yarn(options: YarnOptions): YarnResult {
  const { d, base, factor, originalLength: L, betaFast, betaSlow } = options;
  if (!(factor >= 1)) throw new Error(`yarn: factor must be at least 1, got ${factor}`);
  const plain = ropeThetas(d, base);
  // find_correction_range; `+ 0` turns Math.ceil's −0 (for a slightly negative index) into 0.
  const low = Math.max(Math.floor(correctionDim(betaFast, d, base, L)), 0) + 0;
  const high = Math.min(Math.ceil(correctionDim(betaSlow, d, base, L)), d - 1) + 0;
  // linear_ramp_factor: a zero-width ramp would divide by zero, so the reference widens it by 0.001.
  const top = low === high ? high + 0.001 : high;
  const pairs = plain.map(({ i, theta, wavelength }): YarnPair => {
    const ramp = Math.min(Math.max((i - low) / (top - low), 0), 1);
    const smooth = 1 - ramp;
    const thetaScaled = (theta / factor) * (1 - smooth) + theta * smooth;
    return {
      i,
      theta,
      wavelength,
      thetaScaled,
      wavelengthScaled: (2 * Math.PI) / thetaScaled,
      rotations: L / wavelength,
      ramp,
      kind: ramp === 0 ? 'unchanged' : ramp === 1 ? 'interpolated' : 'blended',
    };
  });
  return { pairs, low, high, options };
}

/**
 * YaRN's attention temperature factor √t = 0.1 · mscale · ln s + 1 (V3 §4.3 writes √t = 0.1 ln s + 1; the reference's
 * MLA.__init__ has `mscale = 0.1 * args.mscale * math.log(args.rope_factor) + 1.0`, args.mscale = 1).
 * @example yarnMscale(40) // ≈ 1.36889
 */
export function yarnMscale(s: number, mscale = 1): number {
  return 0.1 * mscale * Math.log(s) + 1;
}

/**
 * What the reference multiplies the softmax scale by when the context is extended: mscale² (MLA.__init__:
 * `self.softmax_scale = self.softmax_scale * mscale * mscale`), applied once to the score q·k, i.e. √t on each side.
 * @example softmaxScaleMultiplier(40) // ≈ 1.87386
 */
export function softmaxScaleMultiplier(s: number, mscale = 1): number {
  const m = yarnMscale(s, mscale);
  return m * m;
}
