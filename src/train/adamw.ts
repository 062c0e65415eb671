/** AdamW (decoupled weight decay), the optimiser DeepSeek-V3 trains with (β1 = 0.9, β2 = 0.95, decay 0.1; V3 §4.2). */
import type { Tensor } from '../model/tensor';

export interface AdamWOptions {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Gradients are rescaled so their global norm is at most this (V3 clips at 1.0). */
  readonly clipNorm: number;
}

export const ADAMW_DEFAULTS: AdamWOptions = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clipNorm: 1.0 };

export class AdamW {
  private readonly m = new Map<Tensor, Float32Array>();
  private readonly v = new Map<Tensor, Float32Array>();
  private step = 0;

  constructor(
    private readonly params: readonly Tensor[],
    private readonly options: AdamWOptions = ADAMW_DEFAULTS,
  ) {}

  /**
   * One update with learning rate `lr` from the gradients in each parameter's `.grad`, which it then clears.
   * Weight decay skips 1-D tensors (norm gains), as is usual. Returns the gradient norm before clipping.
   * @example const norm = optimiser.update(3e-3)
   */
  update(lr: number): number {
    const { beta1, beta2, eps, weightDecay, clipNorm } = this.options;
    let sq = 0;
    for (const p of this.params) {
      const g = p.grad;
      if (g) for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!;
    }
    const norm = Math.sqrt(sq);
    const clip = norm > clipNorm ? clipNorm / norm : 1;
    this.step++;
    const { c1, c2 } = biasCorrections(this.step, beta1, beta2);
    for (const p of this.params) {
      const g = p.grad;
      if (!g) continue;
      let m = this.m.get(p);
      let v = this.v.get(p);
      if (!m || !v) {
        m = new Float32Array(p.size);
        v = new Float32Array(p.size);
        this.m.set(p, m);
        this.v.set(p, v);
      }
      adamwTensor(p.data, g, m, v, { lr, beta1, beta2, eps, decay: decayFor(p.shape, weightDecay), c1, c2, clip });
      p.grad = undefined;
    }
    return norm;
  }
}

/** The scalars of one tensor's AdamW update (the GPU kernel src/model/webgpu/training/adamw.wgsl takes the same). */
export interface AdamWTensorStep {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Decoupled weight decay for this tensor: the optimiser's for ≥ 2-D tensors, 0 for 1-D ones (see decayFor). */
  readonly decay: number;
  /** Bias corrections 1 − β1^step and 1 − β2^step. */
  readonly c1: number;
  readonly c2: number;
  /** The global clip factor: min(1, clipNorm / ‖g‖) over all parameters. */
  readonly clip: number;
}

/**
 * The bias corrections of step `step` (counted from 1).
 * @example biasCorrections(1, 0.9, 0.95) // { c1: 0.1, c2: 0.05 } (to rounding)
 */
export function biasCorrections(step: number, beta1: number, beta2: number): { c1: number; c2: number } {
  return { c1: 1 - beta1 ** step, c2: 1 - beta2 ** step };
}

/**
 * Weight decay applies to matrices, not to 1-D tensors (norm gains), as is usual.
 * @example decayFor([64], 0.1) // 0
 */
export function decayFor(shape: readonly number[], weightDecay: number): number {
  return shape.length > 1 ? weightDecay : 0;
}

/**
 * One tensor's AdamW update in place: w, m and v are updated from the gradient g (left unchanged).
 * The CPU twin of the WebGPU kernel; AdamW.update runs it on every parameter.
 * @example adamwTensor(w, g, m, v, { lr: 1e-3, ...ADAMW_DEFAULTS, decay: 0.1, ...biasCorrections(1, 0.9, 0.95), clip: 1 })
 */
export function adamwTensor(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWTensorStep): void {
  const { lr, beta1, beta2, eps, decay, c1, c2, clip } = s;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]! * clip;
    const mi = beta1 * m[i]! + (1 - beta1) * gi;
    const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    // The stored (float32) moments, as before: mi and vi are rounded when read back.
    w[i] = w[i]! * (1 - lr * decay) - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
  }
}
