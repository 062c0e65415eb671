import { describe, expect, it } from 'vitest';
import { loadModelDir } from './model-dir';
import { paramBreakdown } from './param-count';
import { PUBLISHED } from './published-configs';

describe('paramBreakdown', () => {
  it('counts MiniSeek exactly as its checkpoint holds it, tensor by tensor', () => {
    const { model } = loadModelDir();
    const size = (re: RegExp) => [...model.weights].filter(([name]) => re.test(name)).reduce((s, [, t]) => s + t.size, 0);
    const b = paramBreakdown(model.config);
    expect(b.total).toBe(size(/./));
    expect(b.denseFfn).toBe(size(/\.mlp\.(gate|up|down)_proj\./));
    expect(b.sharedExperts).toBe(size(/\.shared_experts\./));
    expect(b.routedExperts).toBe(size(/\.mlp\.experts\.\d+\./));
    expect(b.router).toBe(size(/\.mlp\.gate\.(weight|e_score_correction_bias)$/));
    expect(b.attention).toBe(size(/\.self_attn\./));
    expect(b.embeddings).toBe(size(/embed_tokens|lm_head/));
    expect(b.norms).toBe(size(/(input_layernorm|post_attention_layernorm|model\.norm)\./));
  });

  it('gives DeepSeek-V3 the 671B parameters and about 37B activated ones of its paper (arXiv 2412.19437, abstract)', () => {
    const v3 = PUBLISHED['deepseek-v3'];
    const all = paramBreakdown(v3);
    const active = paramBreakdown(v3, { active: true });
    expect(Math.abs(all.total / 671e9 - 1)).toBeLessThan(0.005);
    expect(Math.abs(active.total / 37e9 - 1)).toBeLessThan(0.03);
    // The paper does not say whether its 37B counts the embedding table; V3's corrected README_WEIGHTS.md gives
    // 36.6B with the output head and without the table. This count keeps the table (37.6B); without it, 36.6B.
    const embedding = v3.vocab_size * v3.hidden_size;
    expect(Math.round(active.total / 1e9)).toBe(38);
    expect(Math.round((active.total - embedding) / 1e9)).toBe(37);
    // The feed-forward networks hold almost all of V3, and the experts almost all of those.
    expect(all.ffn / all.total).toBeGreaterThan(0.97);
    expect(active.ffn).toBeLessThan(all.ffn / 20);
  });

  it('refuses a config whose MoE layers have no expert sizes', () => {
    const { moe_intermediate_size: _, ...v3 } = PUBLISHED['deepseek-v3'];
    expect(() => paramBreakdown(v3)).toThrow(/no expert sizes/);
  });
});
