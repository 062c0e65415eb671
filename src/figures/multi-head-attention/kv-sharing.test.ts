import { describe, expect, it } from 'vitest';
import { KV_PRESETS } from '../kv-cache/kv-cache';
import { kvSharing } from './kv-sharing';

describe('kvSharing', () => {
  it('gives every query head its own key and value under MHA, one per group under GQA, one for all under MQA', () => {
    const [mha, gqa, mqa] = kvSharing(KV_PRESETS.miniseek);
    expect(mha).toEqual({ kind: 'MHA', kvHeads: 4, kvHeadOf: [1, 2, 3, 4], perTokenLayer: 2 * 4 * 16 });
    expect(gqa).toEqual({ kind: 'GQA', kvHeads: 2, kvHeadOf: [1, 1, 2, 2], perTokenLayer: 2 * 2 * 16 });
    expect(mqa).toEqual({ kind: 'MQA', kvHeads: 1, kvHeadOf: [1, 1, 1, 1], perTokenLayer: 2 * 16 });
  });

  it('at DeepSeek-V3\'s size, 8 groups of 16 heads', () => {
    const [, gqa, mqa] = kvSharing(KV_PRESETS['deepseek-v3']);
    expect(gqa!.kvHeadOf.filter((g) => g === 1)).toHaveLength(16);
    expect([gqa!.perTokenLayer, mqa!.perTokenLayer]).toEqual([2 * 8 * 128, 2 * 128]);
  });

  it('refuses a group count that does not divide the heads', () => {
    expect(() => kvSharing({ ...KV_PRESETS.miniseek, groups: 3 })).toThrow(/do not split into 3/);
  });
});
