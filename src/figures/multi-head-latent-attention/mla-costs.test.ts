import { describe, expect, it } from 'vitest';
import { MINISEEK_DEFAULTS } from '../../model/config';
import { PUBLISHED } from '../../model/published-configs';
import { absorbedShape, kvParams, queryPathParams } from './mla-costs';

const v3 = PUBLISHED['deepseek-v3'];

describe('MLA costs from the published V3 sizes', () => {
  it('the low-rank query path cuts V3\'s query projection from about 176 M to about 49 M parameters per layer', () => {
    const q = queryPathParams(v3);
    expect(q.direct).toBe(7168 * 128 * (128 + 64));
    expect(q.lowRank).toBe(7168 * 1536 + 1536 * 128 * 192);
    expect(Math.round(q.direct / 1e6)).toBe(176);
    expect(Math.round(q.lowRank / 1e6)).toBe(49);
  });

  it('MLA\'s key and value projections are about an eleventh of plain MHA\'s', () => {
    const kv = kvParams(v3);
    expect(kv.mha).toBe(2 * 7168 * 128 * 128);
    expect(kv.mla).toBe(7168 * 576 + 512 * 128 * 256);
    expect(kv.mha / kv.mla).toBeGreaterThan(11);
    expect(kv.mha / kv.mla).toBeLessThan(11.5);
  });

  it('the absorbed form reads one 576-number key and one 512-number value per cached token', () => {
    const a = absorbedShape(v3);
    expect([a.keyWidth, a.valueWidth]).toEqual([576, 512]);
    expect(a.absorbedMacs).toBe(128 * (576 + 512));
    expect(a.expandMacs).toBe(512 * 128 * 256 + 128 * (192 + 128));
    // Against plain MHA over a full per-head cache it does more arithmetic, but reads 57 times fewer numbers.
    expect(a.mhaMacs).toBe(128 * 256);
    expect(a.absorbedMacs / a.mhaMacs).toBeCloseTo(4.25, 6);
    expect([a.absorbedReads, a.mhaReads]).toEqual([576, 32768]);
  });

  it('names the missing size when a model has no MLA or no query latent', () => {
    expect(() => queryPathParams(PUBLISHED['deepseek-v2-lite'])).toThrow(/q_lora_rank/);
    expect(() => kvParams(PUBLISHED['deepseek-llm-67b'])).toThrow(/kv_lora_rank/);
    expect(queryPathParams(MINISEEK_DEFAULTS).lowRank).toBe(64 * 32 + 32 * 4 * 24);
  });
});
