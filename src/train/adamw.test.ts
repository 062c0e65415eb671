import { describe, expect, it } from 'vitest';
import { Tensor } from '../model/tensor';
import { seededNormal } from '../model/random';
import { ADAMW_DEFAULTS, AdamW, adamwTensor, biasCorrections, decayFor } from './adamw';

/** AdamW.update as it was written before adamwTensor was taken out of it: the oracle for "same results". */
function inlineUpdate(params: Tensor[], ms: Float32Array[], vs: Float32Array[], step: number, lr: number): void {
  const { beta1, beta2, eps, weightDecay, clipNorm } = ADAMW_DEFAULTS;
  let sq = 0;
  for (const p of params) for (const x of p.grad!) sq += x * x;
  const norm = Math.sqrt(sq);
  const clip = norm > clipNorm ? clipNorm / norm : 1;
  const c1 = 1 - beta1 ** step;
  const c2 = 1 - beta2 ** step;
  params.forEach((p, k) => {
    const g = p.grad!;
    const [m, v] = [ms[k]!, vs[k]!];
    const decay = p.shape.length > 1 ? weightDecay : 0;
    const w = p.data;
    for (let i = 0; i < w.length; i++) {
      const gi = g[i]! * clip;
      const mi = beta1 * m[i]! + (1 - beta1) * gi;
      const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      w[i] = w[i]! * (1 - lr * decay) - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
    }
    p.grad = undefined;
  });
}

describe('AdamW', () => {
  it('gives bit-identical weights to the inline update it was refactored from, clipped and not, 1-D and 2-D', () => {
    const normal = seededNormal(3);
    const make = () => [new Tensor('w', [4, 3]), new Tensor('gain', [5])];
    const [a, b] = [make(), make()];
    a.forEach((t, k) => {
      t.data.set(Float32Array.from({ length: t.size }, normal));
      b[k]!.data.set(t.data);
    });
    const optimiser = new AdamW(a);
    const ms = b.map((t) => new Float32Array(t.size));
    const vs = b.map((t) => new Float32Array(t.size));
    for (let step = 1; step <= 4; step++) {
      // Step 2's gradients are large enough to be clipped.
      const scale = step === 2 ? 10 : 0.1;
      a.forEach((t, k) => {
        t.grad = Float32Array.from({ length: t.size }, () => normal() * scale);
        b[k]!.grad = t.grad.slice();
      });
      optimiser.update(3e-3);
      inlineUpdate(b, ms, vs, step, 3e-3);
      a.forEach((t, k) => expect([...t.data]).toEqual([...b[k]!.data]));
    }
  });

  it('decays matrices only, and corrects the first step’s moments to the gradient’s sign', () => {
    expect(decayFor([3, 4], 0.1)).toBe(0.1);
    expect(decayFor([7], 0.1)).toBe(0);
    const { c1, c2 } = biasCorrections(1, 0.9, 0.95);
    expect(c1).toBeCloseTo(0.1, 12);
    expect(c2).toBeCloseTo(0.05, 12);
    // Step 1 from zero moments: m/c1 = g and v/c2 = g², so w moves by lr·sign(g) (ε aside).
    const w = Float32Array.of(1, 1);
    adamwTensor(w, Float32Array.of(0.2, -3), new Float32Array(2), new Float32Array(2), { lr: 0.01, beta1: 0.9, beta2: 0.95, eps: 1e-8, decay: 0, c1, c2, clip: 1 });
    expect(w[0]).toBeCloseTo(0.99, 6);
    expect(w[1]).toBeCloseTo(1.01, 6);
  });
});
