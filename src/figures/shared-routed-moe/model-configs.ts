/**
 * The configurations the parameter calculator counts: MiniSeek (its own config.json) and DeepSeek-V2, V2-Lite and
 * V3, in the Hugging Face config keys. Every size of DeepSeek's models comes from the course's one table of published
 * shapes (src/model/published-configs.ts), with where it was read; this module only adds what the calculator shows
 * beside a count (the router's bias, what the count leaves out, the paper's own figures).
 */
import type { MiniSeekConfig } from '../../model/config';
import { PUBLISHED, type PublishedConfig } from '../../model/published-configs';

/** What counting a DeepSeek model's parameters needs, in config.json's key names. */
export interface MoeModelConfig {
  readonly name: string;
  /** Where each value was read (paper, section, config file). */
  readonly source: string;
  readonly num_hidden_layers: number;
  readonly hidden_size: number;
  readonly vocab_size: number;
  readonly num_attention_heads: number;
  readonly qk_nope_head_dim: number;
  readonly qk_rope_head_dim: number;
  readonly v_head_dim: number;
  /** d_c, MLA's key–value latent. */
  readonly kv_lora_rank: number;
  /** d_c′, the query latent; undefined where queries are not compressed (V2-Lite). */
  readonly q_lora_rank?: number;
  /** The dense FFN's hidden width in the first layers; undefined where our sources do not give it. */
  readonly intermediate_size?: number;
  /** One expert's hidden width. */
  readonly moe_intermediate_size: number;
  /** N_s */
  readonly n_shared_experts: number;
  /** N_r */
  readonly n_routed_experts: number;
  /** K_r, routed experts per token. */
  readonly num_experts_per_tok: number;
  /** Layers at the bottom that keep a dense FFN. */
  readonly first_k_dense_replace: number;
  /** V3's auxiliary-loss-free routing adds a bias b_i per routed expert (eq. 16); V2 has none. */
  readonly routing_bias: boolean;
  /** What a count from this config leaves out, in words (MTP modules, values our sources lack). */
  readonly omits: readonly string[];
  /** The paper's own total and active counts, in parameters, to compare with. */
  readonly stated?: { readonly total: number; readonly active: number; readonly where: string };
}

export type MoePresetId = 'miniseek' | 'deepseek-v2-lite' | 'deepseek-v2' | 'deepseek-v3';

const B = 1e9;

/** A published DeepSeekMoE config as the calculator counts it: every size read from the course's one table. */
function fromPublished(p: PublishedConfig, extra: Pick<MoeModelConfig, 'routing_bias' | 'omits' | 'stated'>): MoeModelConfig {
  const need = <T,>(x: T | undefined, key: string): T => {
    if (x === undefined) throw new Error(`model-configs: ${p.name} lacks ${key} in published-configs.ts`);
    return x;
  };
  return {
    name: p.name,
    source: `${p.source}; ${need(p.moe_source, 'moe_source')}`,
    num_hidden_layers: p.num_hidden_layers,
    hidden_size: p.hidden_size,
    vocab_size: p.vocab_size,
    num_attention_heads: p.num_attention_heads,
    qk_nope_head_dim: p.qk_nope_head_dim,
    qk_rope_head_dim: p.qk_rope_head_dim,
    v_head_dim: p.v_head_dim,
    kv_lora_rank: need(p.kv_lora_rank, 'kv_lora_rank'),
    q_lora_rank: p.q_lora_rank,
    intermediate_size: p.intermediate_size,
    moe_intermediate_size: need(p.moe_intermediate_size, 'moe_intermediate_size'),
    n_shared_experts: need(p.n_shared_experts, 'n_shared_experts'),
    n_routed_experts: need(p.n_routed_experts, 'n_routed_experts'),
    num_experts_per_tok: need(p.num_experts_per_tok, 'num_experts_per_tok'),
    first_k_dense_replace: need(p.first_k_dense_replace, 'first_k_dense_replace'),
    ...extra,
  };
}

export const DEEPSEEK_MOE_CONFIGS: Readonly<Record<Exclude<MoePresetId, 'miniseek'>, MoeModelConfig>> = {
  'deepseek-v3': fromPublished(PUBLISHED['deepseek-v3'], {
    routing_bias: true,
    omits: ['the multi-token prediction module (14B more weights in the released checkpoint, V3 README)'],
    stated: { total: 671 * B, active: 37 * B, where: 'arXiv 2412.19437, abstract and §4.2' },
  }),
  'deepseek-v2': fromPublished(PUBLISHED['deepseek-v2'], {
    routing_bias: false,
    omits: [],
    stated: { total: 236 * B, active: 21 * B, where: 'arXiv 2405.04434, abstract' },
  }),
  'deepseek-v2-lite': fromPublished(PUBLISHED['deepseek-v2-lite'], {
    routing_bias: false,
    omits: [],
    stated: { total: 15.7 * B, active: 2.4 * B, where: 'arXiv 2405.04434, Appendix B' },
  }),
};

/**
 * MiniSeek's own configuration in the same shape, read from its config.json.
 * @example miniSeekMoeConfig(model.config).n_routed_experts // 8
 */
export function miniSeekMoeConfig(c: MiniSeekConfig): MoeModelConfig {
  return {
    name: 'MiniSeek',
    source: 'public/models/miniseek/config.json (the checkpoint this page runs)',
    num_hidden_layers: c.num_hidden_layers,
    hidden_size: c.hidden_size,
    vocab_size: c.vocab_size,
    num_attention_heads: c.num_attention_heads,
    qk_nope_head_dim: c.qk_nope_head_dim,
    qk_rope_head_dim: c.qk_rope_head_dim,
    v_head_dim: c.v_head_dim,
    kv_lora_rank: c.kv_lora_rank,
    q_lora_rank: c.q_lora_rank || undefined,
    intermediate_size: c.intermediate_size,
    moe_intermediate_size: c.moe_intermediate_size,
    n_shared_experts: c.n_shared_experts,
    n_routed_experts: c.n_routed_experts,
    num_experts_per_tok: c.num_experts_per_tok,
    first_k_dense_replace: c.first_k_dense_replace,
    routing_bias: c.topk_method === 'noaux_tc',
    omits: [],
  };
}

/** Presets in the calculator's order, smallest first. */
export const PRESET_ORDER: readonly MoePresetId[] = ['miniseek', 'deepseek-v2-lite', 'deepseek-v2', 'deepseek-v3'];
