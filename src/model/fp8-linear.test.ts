import { describe, expect, it } from 'vitest';
import { forward } from './forward';
import { quantiseActivation, quantiseWeight } from './fp8';
import { checkFp8Block, forwardFp8, fp8Linears, fp8Role, recordLinears } from './fp8-linear';
import { loadModelDir } from './model-dir';
import { linear, withLinearTransform } from './nn-ops';
import { Tensor } from './tensor';

const { model, tokenizer } = loadModelDir();
const ids = tokenizer.encode('the keys to the small cabinet', { bos: true }).ids;

describe('the FP8 policy', () => {
  it('puts attention, dense and expert linears in FP8, the router and lm_head in full precision', () => {
    const names = [...new Set(recordLinears(() => forward(model, ids, { trace: 'all' })).map((c) => c.name))];
    const fp8 = names.filter((n) => fp8Role(n).precision === 'fp8');
    const full = names.filter((n) => fp8Role(n).precision === 'full');
    const L = model.config.num_hidden_layers;
    // Every layer's five attention projections.
    for (let l = 0; l < L; l++) for (const p of ['q_a', 'q_b', 'kv_a', 'kv_b', 'out']) expect(fp8).toContain(`layers.${l}.attn.${p}`);
    expect(fp8).toContain('layers.0.mlp.gate');
    expect(fp8).toContain('layers.1.moe.shared.out');
    expect(fp8.some((n) => /^layers\.1\.moe\.expert\.\d+\.up$/.test(n))).toBe(true);
    expect(fp8.some((n) => /^layers\.1\.moe\.experts\.\d+\.out$/.test(n))).toBe(true); // the dense-mixture trace's
    expect(full.sort()).toEqual([...Array.from({ length: L - model.config.first_k_dense_replace }, (_, i) => `layers.${i + 1}.moe.router_logits`), 'logits'].sort());
    expect(fp8Role('layers.2.moe.router_logits').part).toMatch(/router/);
  });

  it('refuses a linear it has no rule for, and a bad block size', () => {
    expect(() => fp8Role('layers.0.attn.new_proj')).toThrow(/no rule for the linear "layers.0.attn.new_proj"/);
    for (const b of [0, -1, 1.5, NaN]) expect(() => checkFp8Block(b)).toThrow(/whole number ≥ 1/);
  });
});

describe('the FP8 linear', () => {
  it('multiplies the dequantised input tiles by the dequantised weight blocks', () => {
    const x = new Tensor('x', [2, 3], Float32Array.from([0.3, -1, 2, 5, 0.01, -0.7]));
    const w = new Tensor('w', [2, 3], Float32Array.from([1, 0.3, -0.2, 0.05, 4, 0.9]));
    const y = withLinearTransform(fp8Linears(2), () => linear('layers.0.attn.q_a', x, w));
    const qx = quantiseActivation(x.data, 2, 3, 2).values;
    const qw = quantiseWeight(w.data, 2, 3, 2).values;
    for (let t = 0; t < 2; t++) {
      for (let o = 0; o < 2; o++) {
        let s = 0;
        for (let i = 0; i < 3; i++) s += qx[t * 3 + i]! * qw[o * 3 + i]!;
        expect(y.at(t, o)).toBeCloseTo(s, 5);
      }
    }
    // lm_head stays exact.
    const exact = withLinearTransform(fp8Linears(2), () => linear('logits', x, w));
    expect(exact.at(0, 0)).toBeCloseTo(0.3 * 1 + -1 * 0.3 + 2 * -0.2, 6);
  });

  it('moves MiniSeek’s logits, except with a block of 1, where every value is its own block’s 448', () => {
    const full = forward(model, ids).logits.data.slice();
    const gap = (block: number) => {
      const q = forwardFp8(model, ids, block).logits.data;
      return Math.max(...q.map((v, i) => Math.abs(v - full[i]!)));
    };
    expect(gap(16)).toBeGreaterThan(0);
    // A block of one value: x/scale = ±448 exactly, so only the float32 scale's rounding is left.
    expect(gap(1)).toBeLessThan(1e-3);
    // The ordinary forward after an FP8 one is untouched.
    expect(forward(model, ids).logits.data).toEqual(full);
  });
});
