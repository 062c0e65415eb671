import { describe, expect, it } from 'vitest';
import { PUBLISHED, PUBLISHED_V4, alternatingCompressRatios } from '../../model/published-configs';
import { indexerParams, mtpParams, paramBreakdown, v4ParamBreakdown } from '../../model/param-count';
import { TIMELINE_COUNTS, v3Checkpoint, v32KvElements, v4KvElements } from './timeline-counts';
import { billions, signedPercent } from './timeline-format';

describe('the timeline’s counts', () => {
  it('lays out V4’s layers as deepseek-after-r1.md §4 reads compress_ratios (44 and 62 entries, the MTP layer last)', () => {
    const f = PUBLISHED_V4['deepseek-v4-flash'];
    const p = PUBLISHED_V4['deepseek-v4-pro'];
    expect(f.compress_ratios).toHaveLength(44);
    expect(p.compress_ratios).toHaveLength(62);
    expect(f.compress_ratios.slice(0, 5)).toEqual([0, 0, 4, 128, 4]);
    expect(f.compress_ratios.slice(-3)).toEqual([128, 4, 0]);
    expect(p.compress_ratios.slice(0, 4)).toEqual([128, 128, 4, 128]);
    expect(p.compress_ratios.slice(-3)).toEqual([128, 4, 0]);
    expect(v4ParamBreakdown(f).layers).toEqual({ sliding: 2, csa: 21, hca: 20 });
    expect(v4ParamBreakdown(p).layers).toEqual({ sliding: 0, csa: 30, hca: 31 });
    expect(() => v4ParamBreakdown({ ...f, compress_ratios: alternatingCompressRatios([0, 0], 40) })).toThrow(/44/);
  });

  it('counts V4 as the reference’s own derivation does: Flash 284.3B / 13.3B (13.8B with the embedding), Pro 1,573B / 48.9B (49.8B)', () => {
    const f = TIMELINE_COUNTS['deepseek-v4-flash'];
    const p = TIMELINE_COUNTS['deepseek-v4-pro'];
    expect(f.total / 1e9).toBeCloseTo(284.3, 1);
    expect(f.active / 1e9).toBeCloseTo(13.3, 1);
    expect(f.activeWithEmbedding / 1e9).toBeCloseTo(13.8, 1);
    expect(Math.round(p.total / 1e9)).toBe(1573);
    expect(p.active / 1e9).toBeCloseTo(48.9, 1);
    expect(p.activeWithEmbedding / 1e9).toBeCloseTo(49.8, 1);
    // Routed experts are about 97–98% of all weights (§4).
    for (const c of [PUBLISHED_V4['deepseek-v4-flash'], PUBLISHED_V4['deepseek-v4-pro']]) {
      const b = v4ParamBreakdown(c);
      expect(b.routedExperts / b.total).toBeGreaterThan(0.965);
      expect(b.routedExperts / b.total).toBeLessThan(0.985);
    }
  });

  it('adds V3.2’s indexer, about 0.85B over 61 layers (deepseek-after-r1.md §3), to V3’s count', () => {
    expect(indexerParams(PUBLISHED['deepseek-v3.2'])).toBe(61 * (1536 * 64 * 128 + 7168 * 128 + 2 * 128 + 7168 * 64));
    expect(indexerParams(PUBLISHED['deepseek-v3.2']) / 1e9).toBeCloseTo(0.85, 2);
    expect(indexerParams(PUBLISHED['deepseek-v3'])).toBe(0);
    expect(TIMELINE_COUNTS['deepseek-v3.2'].total - TIMELINE_COUNTS['deepseek-v3'].total).toBe(indexerParams(PUBLISHED['deepseek-v3.2']));
    expect(() => indexerParams({ ...PUBLISHED['deepseek-v3.2'], q_lora_rank: undefined })).toThrow(/q_lora_rank/);
  });

  it('keeps V3’s count the one every chapter uses, and the published figures within rounding where the papers say', () => {
    expect(TIMELINE_COUNTS['deepseek-v3'].total).toBe(paramBreakdown(PUBLISHED['deepseek-v3']).total);
    for (const c of Object.values(TIMELINE_COUNTS)) expect(Math.abs(c.gapTotal)).toBeLessThan(2);
    expect(TIMELINE_COUNTS['deepseek-v3'].activeRounds).toEqual({ without: true, with: false });
  });

  it('reconciles V3’s 685B checkpoint only when the MTP module’s embedding and head are counted again', () => {
    const k = v3Checkpoint();
    expect(k.mtp).toBe(mtpParams(PUBLISHED['deepseek-v3']).total);
    // 682.6B without a second embedding and head, 684.5B with them, against the 685B of V3's README.
    expect(Math.abs(k.withMtp / 685e9 - 1)).toBeGreaterThan(0.003);
    expect(Math.abs(k.withMtpAndHead / 685e9 - 1)).toBeLessThan(0.001);
  });

  it('derives the compressed cache per token: 3,440 (Flash), 4,924 (Pro), 42,944 (V3.2)', () => {
    expect(v4KvElements('deepseek-v4-flash')).toBe(3440);
    expect(v4KvElements('deepseek-v4-pro')).toBe(4924);
    expect(v32KvElements()).toBe(42_944);
  });

  it('prints counts and gaps for the page', () => {
    expect(billions(284.33e9)).toBe('284.3B');
    expect(billions(1572.99e9)).toBe('1,573.0B');
    expect(billions(2.449e9)).toBe('2.45B');
    expect(signedPercent(-2.66)).toBe('−2.7%');
    expect(signedPercent(0.0039)).toBe('+0.004%');
  });
});
