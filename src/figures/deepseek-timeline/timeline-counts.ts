/**
 * The timeline's parameter counts, computed from the published configs (src/model/published-configs.ts) by the
 * course's one counter (src/model/param-count.ts), each beside the published figure with how close it comes and why
 * it differs. Nothing here is typed in but the published figures themselves and where they were read.
 */
import { indexerParams, mtpParams, v4ParamBreakdown } from '../../model/param-count';
import { PUBLISHED, PUBLISHED_V4 } from '../../model/published-configs';
import { countParams, relativeGap, roundsTo } from '../shared-routed-moe/param-count';
import { DEEPSEEK_MOE_CONFIGS } from '../shared-routed-moe/model-configs';
import type { CountId } from './timeline-data';

export interface TimelineCount {
  readonly id: CountId;
  /** Every weight of the main model, counted from the config. */
  readonly total: number;
  /** What one token multiplies by, the embedding table (a lookup) left out. */
  readonly active: number;
  /** The same with the embedding table counted. */
  readonly activeWithEmbedding: number;
  /** The published figures this count is compared with, and where they were read. */
  readonly published: { readonly total: number; readonly active: number; readonly where: string };
  /** Signed gaps in per cent of the published figure. */
  readonly gapTotal: number;
  readonly gapActive: number;
  /** Whether the active count rounds to the published one without the embedding table, and with it. */
  readonly activeRounds: { readonly without: boolean; readonly with: boolean };
  /** Where the config was read. */
  readonly configSource: string;
}

const B = 1e9;

function make(id: CountId, total: number, active: number, embedding: number, published: TimelineCount['published'], configSource: string): TimelineCount {
  return {
    id,
    total,
    active,
    activeWithEmbedding: active + embedding,
    published,
    gapTotal: relativeGap(total, published.total),
    gapActive: relativeGap(active, published.active),
    activeRounds: { without: roundsTo(active, published.active), with: roundsTo(active + embedding, published.active) },
    configSource,
  };
}

function mla(id: 'deepseek-v2' | 'deepseek-v2-lite' | 'deepseek-v3'): TimelineCount {
  const c = DEEPSEEK_MOE_CONFIGS[id];
  const n = countParams(c);
  return make(id, n.total, n.active, n.embedding, c.stated!, c.source);
}

/** V3.2: V3's count plus the lightning indexer, which runs for every token (so it is active too). */
function v32(): TimelineCount {
  const v3 = countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v3']);
  const extra = indexerParams(PUBLISHED['deepseek-v3.2']);
  return make('deepseek-v3.2', v3.total + extra, v3.active + extra, v3.embedding, { total: 671 * B, active: 37 * B, where: 'V3.2-Exp paper §1 (V3.1-Terminus’s architecture, whose card gives 671B / 37B)' }, PUBLISHED['deepseek-v3.2'].source);
}

function v4(id: 'deepseek-v4-flash' | 'deepseek-v4-pro', published: TimelineCount['published']): TimelineCount {
  const c = PUBLISHED_V4[id];
  const all = v4ParamBreakdown(c);
  const used = v4ParamBreakdown(c, { active: true });
  const embedding = c.vocab_size * c.hidden_size;
  return make(id, all.total, used.total - embedding, embedding, published, c.source);
}

/** Every count the timeline shows, by config. */
export const TIMELINE_COUNTS: Readonly<Record<CountId, TimelineCount>> = {
  'deepseek-v2': mla('deepseek-v2'),
  'deepseek-v2-lite': mla('deepseek-v2-lite'),
  'deepseek-v3': mla('deepseek-v3'),
  'deepseek-v3.2': v32(),
  'deepseek-v4-flash': v4('deepseek-v4-flash', { total: 284 * B, active: 13 * B, where: 'V4-Flash README, Model Downloads' }),
  'deepseek-v4-pro': v4('deepseek-v4-pro', { total: 1600 * B, active: 49 * B, where: 'V4-Flash README, Model Downloads (“1.6T”)' }),
};

/**
 * V3's released checkpoint (685B, V3 README) against the count: the main model plus one multi-token-prediction
 * module as V3 §2.2 describes it, with and without a second copy of the embedding table and output head (the paper
 * says the module shares them; the README does not break its 14B down).
 */
export function v3Checkpoint(): { main: number; mtp: number; mtpBlock: number; mtpWithHead: number; withMtp: number; withMtpAndHead: number } {
  const v3 = PUBLISHED['deepseek-v3'];
  const main = TIMELINE_COUNTS['deepseek-v3'].total;
  const m = mtpParams(v3);
  const mtp = m.total;
  const mtpWithHead = mtp + 2 * v3.vocab_size * v3.hidden_size;
  // The module without its projection M_k ∈ R^{d×2d} and the two norms before it (§2.2): its Transformer block.
  const mtpBlock = m.block;
  return { main, mtp, mtpBlock, mtpWithHead, withMtp: main + mtp, withMtpAndHead: main + mtpWithHead };
}

/** The indexer V3.2 adds, in parameters (≈ 0.85B over 61 layers, as deepseek-after-r1.md §3 derives). */
export const v32Indexer = (): number => indexerParams(PUBLISHED['deepseek-v3.2']);

export { billions, signedPercent } from './timeline-format';

/**
 * Compressed KV entries' elements per token, summed over the layers (deepseek-after-r1.md §4, derived): a CSA layer
 * keeps head_dim/4 + index_head_dim/4 (the attention entry and the indexer's key, each pooled over 4 tokens), an HCA
 * layer head_dim/128; the fixed 128-token window of every layer comes on top.
 * @example v4KvElements(PUBLISHED_V4['deepseek-v4-flash']) // 3,440
 */
export function v4KvElements(id: 'deepseek-v4-flash' | 'deepseek-v4-pro'): number {
  const c = PUBLISHED_V4[id];
  const { layers } = v4ParamBreakdown(c);
  return layers.csa * (c.head_dim / 4 + c.index_head_dim / 4) + layers.hca * (c.head_dim / 128);
}

/** V3.2's cache per token over its layers: MLA's latent and RoPE key plus the indexer's key (§3). */
export function v32KvElements(): number {
  const c = PUBLISHED['deepseek-v3.2'];
  return c.num_hidden_layers * (c.kv_lora_rank! + c.qk_rope_head_dim + c.index_head_dim!);
}
