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
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
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
      const decay = p.shape.length > 1 ? weightDecay : 0;
      const w = p.data;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]! * clip;
        const mi = beta1 * m[i]! + (1 - beta1) * gi;
        const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        // The stored (float32) moments, as before: mi and vi are rounded when read back.
        w[i] = w[i]! * (1 - lr * decay) - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
      }
      p.grad = undefined;
    }
    return norm;
  }
}
