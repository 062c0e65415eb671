/**
 * What MQA and GQA share, for the multi-head chapter: which key–value head each query head reads under MHA, GQA
 * and MQA, and what one token then leaves in one layer's cache (DeepSeek-V2 Table 1's formulas without l).
 */
import { elementsPerTokenPerLayer, type AttentionKind, type ModelShape } from '../kv-cache/kv-cache';

export interface SharingRow {
  readonly kind: Exclude<AttentionKind, 'MLA'>;
  /** Key–value heads: n_h, n_g, 1. */
  readonly kvHeads: number;
  /** For each query head (in order), the key–value head it reads, counted from 1. */
  readonly kvHeadOf: readonly number[];
  /** Numbers one token adds to one layer's cache. */
  readonly perTokenLayer: number;
}

/**
 * @example kvSharing(KV_PRESETS.miniseek)[1] // { kind: 'GQA', kvHeads: 2, kvHeadOf: [1, 1, 2, 2], perTokenLayer: 64 }
 */
export function kvSharing(shape: ModelShape): SharingRow[] {
  const H = shape.heads;
  const row = (kind: SharingRow['kind'], kvHeads: number): SharingRow => {
    if (H % kvHeads !== 0) throw new Error(`kvSharing: ${H} query heads do not split into ${kvHeads} groups`);
    const perGroup = H / kvHeads;
    return {
      kind,
      kvHeads,
      kvHeadOf: Array.from({ length: H }, (_, h) => Math.floor(h / perGroup) + 1),
      perTokenLayer: elementsPerTokenPerLayer(kind, shape),
    };
  };
  return [row('MHA', H), row('GQA', shape.groups), row('MQA', 1)];
}
