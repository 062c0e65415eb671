import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { DEEPSEEK_MOE_CONFIGS, miniSeekMoeConfig } from './model-configs';
import { paramBreakdown } from '../../model/param-count';
import { countParams, formatParams, relativeGap, roundsTo } from './param-count';

describe('countParams', () => {
  const { model } = loadModelDir();

  it('counts MiniSeek exactly: the sum of every tensor in its checkpoint, and the routed experts it skips', () => {
    const count = countParams(miniSeekMoeConfig(model.config));
    const stored = [...model.weights.values()].reduce((s, t) => s + t.size, 0);
    expect(count.total).toBe(stored);
    const experts = [...model.weights].filter(([n]) => /\.mlp\.experts\.\d+\./.test(n)).reduce((s, [, t]) => s + t.size, 0);
    expect(count.parts.find((p) => p.id === 'routed')!.total).toBe(experts);
    // Two of eight routed experts per MoE layer: three quarters of them are idle for any one token.
    expect(count.total - count.active).toBe(experts * (6 / 8) + model.weights.get('model.embed_tokens.weight')!.size);
  });

  it('comes within 0.1% of V3’s 671B total; 37B active only without the embedding table', () => {
    const v3 = countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v3']);
    expect(Math.abs(relativeGap(v3.total, 671e9))).toBeLessThan(0.1);
    expect(roundsTo(v3.active, 37e9)).toBe(true);
    // Counting the embedding table as active would give 38B (37.55B).
    expect(roundsTo(v3.active + v3.embedding, 37e9)).toBe(false);
  });

  it('counts V2 and V2-Lite whole, first dense FFN included (inter_dim 12288 and 10944)', () => {
    const v2 = countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v2']);
    expect(v2.parts.find((p) => p.id === 'dense')!.total).toBe(3 * 5120 * 12_288);
    expect(Math.abs(relativeGap(v2.total, 236e9))).toBeLessThan(0.2);
    // 21B either way: 20.85B without the embedding, 21.38B with it.
    expect(roundsTo(v2.active, 21e9)).toBe(true);
    expect(roundsTo(v2.active + v2.embedding, 21e9)).toBe(true);
    const lite = countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v2-lite']);
    expect(lite.parts.find((p) => p.id === 'dense')!.total).toBe(3 * 2048 * 10_944);
    expect(roundsTo(lite.total, 15.7e9)).toBe(true);
    // 2.45B without the embedding, 2.66B with it: neither rounds to the stated 2.4B.
    expect(roundsTo(lite.active, 2.4e9)).toBe(false);
    expect(roundsTo(lite.active + lite.embedding, 2.4e9)).toBe(false);
  });

  it('is the course’s one counter, split: the same total as paramBreakdown, less V2’s absent router bias', () => {
    for (const id of ['deepseek-v3', 'deepseek-v2', 'deepseek-v2-lite'] as const) {
      const c = DEEPSEEK_MOE_CONFIGS[id];
      const bias = c.routing_bias ? 0 : (c.num_hidden_layers - c.first_k_dense_replace) * c.n_routed_experts;
      expect(countParams(c).total).toBe(paramBreakdown(c).total - bias);
    }
  });

  it('obeys the chapter’s formula N_active = N_total − L_MoE (N_r − K_r) · 3 D F_e − V D, sizes read from the config', () => {
    const mini = countParams(miniSeekMoeConfig(model.config));
    // F_e and V as the checkpoint's own tensors have them: an expert's gate projection is F_e × D, the table V × D.
    expect(mini.sizes.Fe).toBe(model.weights.get('model.layers.1.mlp.experts.0.gate_proj.weight')!.shape[0]);
    expect(mini.sizes.V).toBe(model.weights.get('model.embed_tokens.weight')!.shape[0]);
    expect(mini.moeLayers).toBe([...model.weights.keys()].filter((n) => /^model\.layers\.\d+\.mlp\.gate\.weight$/.test(n)).length);
    for (const c of [miniSeekMoeConfig(model.config), ...Object.values(DEEPSEEK_MOE_CONFIGS)]) {
      const n = countParams(c);
      const { D, Fe, V } = n.sizes;
      expect(n.total - n.active).toBe(n.moeLayers * (c.n_routed_experts - c.num_experts_per_tok) * 3 * D * Fe + V * D);
    }
  });

  it('rounds at the precision the paper gives', () => {
    expect(roundsTo(36.63e9, 37e9)).toBe(true);
    expect(roundsTo(37.55e9, 37e9)).toBe(false);
    expect(roundsTo(15.706e9, 15.7e9)).toBe(true);
    expect(roundsTo(2.451e9, 2.4e9)).toBe(false);
  });

  it('formats counts', () => {
    expect(formatParams(671_026_522_112)).toBe('671.0B');
    expect(formatParams(2_594_000_000)).toBe('2.59B');
    expect(formatParams(203_872)).toBe('203,872');
  });
});
