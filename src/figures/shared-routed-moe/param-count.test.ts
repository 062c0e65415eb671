import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { DEEPSEEK_MOE_CONFIGS, miniSeekMoeConfig } from './model-configs';
import { countParams, formatParams, relativeGap } from './param-count';

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

  it('comes within 0.1% of V3’s 671B total and rounds to its 37B active', () => {
    const v3 = countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v3']);
    expect(Math.abs(relativeGap(v3.total, 671e9))).toBeLessThan(0.1);
    expect(Math.round(v3.active / 1e9)).toBe(37);
    // Counting the embedding table as active would give 38B: the paper's 37B leaves the lookup out.
    expect(Math.round((v3.active + v3.embedding) / 1e9)).toBe(38);
  });

  it('lands near V2’s 236B / 21B and V2-Lite’s 15.7B / 2.4B with the first dense FFN left out', () => {
    const v2 = countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v2']);
    expect(v2.parts.find((p) => p.id === 'dense')!.total).toBe(0);
    expect(Math.abs(relativeGap(v2.total, 236e9))).toBeLessThan(0.5);
    expect(Math.round(v2.active / 1e9)).toBe(21);
    const lite = countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v2-lite']);
    expect(Math.abs(relativeGap(lite.total, 15.7e9))).toBeLessThan(1);
    // 2.4B matches only without the embedding table (2.6B with it).
    expect((lite.active / 1e9).toFixed(1)).toBe('2.4');
    expect(((lite.active + lite.embedding) / 1e9).toFixed(1)).toBe('2.6');
  });

  it('formats counts', () => {
    expect(formatParams(671_026_522_112)).toBe('671.0B');
    expect(formatParams(2_594_000_000)).toBe('2.59B');
    expect(formatParams(203_872)).toBe('203,872');
  });
});
