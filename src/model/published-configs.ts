/**
 * The published sizes of DeepSeek's models, in the Hugging Face config keys MiniSeek's own config.json uses, each
 * with where it was read. The one table chapters compute DeepSeek's numbers from (cache sizes, parameter counts,
 * widths); no chapter types them again.
 */

export interface PublishedConfig {
  /** The name a chapter prints. */
  readonly name: string;
  /** Paper (arXiv id and section) and configuration file the numbers were read from. */
  readonly source: string;
  readonly num_hidden_layers: number;
  readonly hidden_size: number;
  readonly vocab_size: number;
  readonly num_attention_heads: number;
  /** Key/value heads: equal to the heads for MHA and MLA, fewer for grouped-query attention. */
  readonly num_key_value_heads: number;
  /** Per-head width of a query or key without position (MLA's d_h; a plain head's whole width). */
  readonly qk_nope_head_dim: number;
  /** MLA's decoupled RoPE width d_h^R; 0 where RoPE rotates the whole head. */
  readonly qk_rope_head_dim: number;
  readonly v_head_dim: number;
  /** MLA's key–value latent d_c; absent for models without MLA. */
  readonly kv_lora_rank?: number;
  /** MLA's query latent d_c′; absent where queries are not compressed (V2-Lite) or there is no MLA. */
  readonly q_lora_rank?: number;
  /** The context length the paper reports training to (tokens; 128K = 131,072). */
  readonly context_length?: number;
  /** How many layers at the bottom keep a dense feed-forward network before the MoE layers start. */
  readonly first_k_dense_replace?: number;
  /** The dense feed-forward network's hidden width (its SwiGLU's F); absent where no source we cite gives it. */
  readonly intermediate_size?: number;
  /** Each expert's SwiGLU hidden width F_e (DeepSeekMoE models only). */
  readonly moe_intermediate_size?: number;
  /** N_s, the shared experts every token goes through, and N_r, the routed experts it is chosen among. */
  readonly n_shared_experts?: number;
  readonly n_routed_experts?: number;
  /** K_r, the routed experts each token is sent to. */
  readonly num_experts_per_tok?: number;
  /**
   * Group-limited routing: the routed experts fall into n_group equal groups, and each token's K_r experts are picked
   * inside its best topk_group groups (the Hugging Face config's names; n_expert_groups and n_limited_groups in the
   * DeepSeek-V3 repository's inference configs). Absent where we cite no value.
   */
  readonly n_group?: number;
  readonly topk_group?: number;
  /** ρ, the constant the code multiplies the normalised routed gates by (route_scale in V3's reference code). */
  readonly routed_scaling_factor?: number;
  /** Where the feed-forward and expert sizes above were read. */
  readonly moe_source?: string;
  /**
   * DeepSeek Sparse Attention's lightning indexer (V3.2-Exp and V3.2 only): H^I heads of width d^I, and the k tokens
   * each query keeps. Absent for models without it.
   */
  readonly index_n_heads?: number;
  readonly index_head_dim?: number;
  readonly index_topk?: number;
}

export type PublishedId = 'deepseek-v3' | 'deepseek-v2' | 'deepseek-v2-lite' | 'deepseek-llm-67b' | 'deepseek-v3.2';

const BASE: Readonly<Record<Exclude<PublishedId, 'deepseek-v3.2'>, PublishedConfig>> = {
  'deepseek-v3': {
    name: 'DeepSeek-V3',
    source: 'arXiv 2412.19437 §4.2 (61 layers, hidden 7168, 128 heads, d_h 128, d_c 512, d_c′ 1536, RoPE width 64); vocabulary from config.json of deepseek-ai/DeepSeek-V3',
    num_hidden_layers: 61,
    hidden_size: 7168,
    vocab_size: 129_280,
    num_attention_heads: 128,
    num_key_value_heads: 128,
    qk_nope_head_dim: 128,
    qk_rope_head_dim: 64,
    v_head_dim: 128,
    kv_lora_rank: 512,
    q_lora_rank: 1536,
    // §4.3: extended from 4K to 32K, then 128K with YaRN.
    context_length: 128 * 1024,
    // §4.2: "all FFNs except for the first three layers" are MoE.
    first_k_dense_replace: 3,
    intermediate_size: 18_432,
    moe_intermediate_size: 2048,
    n_shared_experts: 1,
    n_routed_experts: 256,
    num_experts_per_tok: 8,
    // Not in the paper (§4.2 says at most 4 nodes): n_expert_groups 8, n_limited_groups 4 and route_scale 2.5 in
    // config_671B.json of the DeepSeek-V3 repository's inference/configs (n_group, topk_group and
    // routed_scaling_factor in the Hugging Face config.json).
    n_group: 8,
    topk_group: 4,
    routed_scaling_factor: 2.5,
    moe_source: 'arXiv 2412.19437 §4.2 (1 shared + 256 routed experts, expert hidden dimension 2048, 8 routed active); dense FFN width 18432 (inter_dim) from the DeepSeek-V3 repository’s inference configuration',
  },
  'deepseek-v2': {
    name: 'DeepSeek-V2',
    source: 'arXiv 2405.04434 §3.1.2 (60 layers, hidden 5120, 128 heads, d_h 128, d_c 512, d_c′ 1536, RoPE width 64); vocabulary from config.json of deepseek-ai/DeepSeek-V2',
    num_hidden_layers: 60,
    hidden_size: 5120,
    vocab_size: 102_400,
    num_attention_heads: 128,
    num_key_value_heads: 128,
    qk_nope_head_dim: 128,
    qk_rope_head_dim: 64,
    v_head_dim: 128,
    kv_lora_rank: 512,
    q_lora_rank: 1536,
    // Abstract: "supports a context length of 128K tokens".
    context_length: 128 * 1024,
    // §3.1.2: all FFNs except the first layer are MoE.
    first_k_dense_replace: 1,
    // Not in the paper: inter_dim of config_236B.json in the DeepSeek-V3 repository's inference/configs.
    intermediate_size: 12_288,
    moe_intermediate_size: 1536,
    n_shared_experts: 2,
    n_routed_experts: 160,
    num_experts_per_tok: 6,
    moe_source: 'arXiv 2405.04434 §3.1.2 (2 shared + 160 routed experts, expert hidden dimension 1536, 6 routed active); dense FFN width 12288 (inter_dim) from config_236B.json in the DeepSeek-V3 repository’s inference/configs',
  },
  'deepseek-v2-lite': {
    name: 'DeepSeek-V2-Lite',
    source: 'arXiv 2405.04434 Appendix B (27 layers, hidden 2048, 16 heads, d_h 128, d_c 512, queries not compressed, RoPE width 64); vocabulary (not in the paper) from config_16B.json in the DeepSeek-V3 repository’s inference/configs',
    num_hidden_layers: 27,
    hidden_size: 2048,
    vocab_size: 102_400,
    num_attention_heads: 16,
    num_key_value_heads: 16,
    qk_nope_head_dim: 128,
    qk_rope_head_dim: 64,
    v_head_dim: 128,
    kv_lora_rank: 512,
    first_k_dense_replace: 1,
    // Not in the paper: inter_dim of config_16B.json in the DeepSeek-V3 repository's inference/configs.
    intermediate_size: 10_944,
    moe_intermediate_size: 1408,
    n_shared_experts: 2,
    n_routed_experts: 64,
    num_experts_per_tok: 6,
    moe_source: 'arXiv 2405.04434 Appendix B (2 shared + 64 routed experts, expert hidden dimension 1408, 6 routed active); dense FFN width 10944 (inter_dim) from config_16B.json in the DeepSeek-V3 repository’s inference/configs',
  },
  'deepseek-llm-67b': {
    name: 'DeepSeek LLM 67B',
    source: 'arXiv 2401.02954 §2.2, Table 2 (95 layers, hidden 8192, 64 heads, 8 key–value heads: grouped-query attention)',
    num_hidden_layers: 95,
    hidden_size: 8192,
    vocab_size: 102_400,
    num_attention_heads: 64,
    num_key_value_heads: 8,
    qk_nope_head_dim: 128,
    qk_rope_head_dim: 0,
    v_head_dim: 128,
  },
};

/**
 * DeepSeek-V3.2-Exp and V3.2 use "exactly the same architecture" (V3.2 §2.1); against V3.1-Terminus, whose structure
 * "is the same as DeepSeek-V3" (V3.1 model card), "the only architectural modification … is the introduction of
 * DeepSeek Sparse Attention" (V3.2-Exp §1). So: V3's sizes plus the indexer's three values, verbatim from the
 * reference configuration.
 */
const V32: PublishedConfig = {
  ...BASE['deepseek-v3'],
  name: 'DeepSeek-V3.2',
  source:
    'V3.2-Exp paper (DeepSeek_V3_2.pdf in github deepseek-ai/DeepSeek-V3.2-Exp @ 3b99a53) §1–2 and arXiv 2512.02556 §2.1 (same architecture as V3.1-Terminus plus DeepSeek Sparse Attention); index_n_heads 64, index_head_dim 128, index_topk 2048 from inference/config_671B_v3.2.json of that repository',
  index_n_heads: 64,
  index_head_dim: 128,
  index_topk: 2048,
};

export const PUBLISHED: Readonly<Record<PublishedId, PublishedConfig>> = { ...BASE, 'deepseek-v3.2': V32 };


/**
 * DeepSeek-V4's configuration keys, verbatim from its config.json. V4 is not MLA (one shared 512-wide key = value per
 * token, grouped output projection, compressed attention, hyper-connections), so it gets its own shape rather than
 * MLA fields filled with values the config never states.
 */
export interface PublishedV4Config {
  readonly name: string;
  /** Where the values were read. */
  readonly source: string;
  /** Main layers; the multi-token-prediction layer comes on top (num_nextn_predict_layers). */
  readonly num_hidden_layers: number;
  readonly hidden_size: number;
  readonly vocab_size: number;
  readonly num_attention_heads: number;
  /** 1: one key, which is also the value, shared by every head. */
  readonly num_key_value_heads: number;
  /** The width of a query head and of the shared key = value vector (512). */
  readonly head_dim: number;
  /** The last qk_rope_head_dim of those dimensions carry RoPE. */
  readonly qk_rope_head_dim: number;
  readonly q_lora_rank: number;
  /** The grouped output projection: o_groups groups, each projected down to o_lora_rank. */
  readonly o_groups: number;
  readonly o_lora_rank: number;
  readonly sliding_window: number;
  /**
   * One entry per layer, the multi-token-prediction layer last: 0 = sliding window only, 4 = CSA (compressed sparse
   * attention, m = 4, with an indexer), 128 = HCA (heavily compressed attention, m′ = 128, no indexer).
   */
  readonly compress_ratios: readonly number[];
  readonly index_n_heads: number;
  readonly index_head_dim: number;
  readonly index_topk: number;
  readonly n_routed_experts: number;
  readonly n_shared_experts: number;
  readonly num_experts_per_tok: number;
  /** The width of every expert, shared and routed alike. */
  readonly moe_intermediate_size: number;
  /** The first num_hash_layers layers pick experts from a frozen token→expert table (tid2eid), not from the router's scores. */
  readonly num_hash_layers: number;
  readonly scoring_func: 'sqrtsoftplus';
  readonly topk_method: 'noaux_tc';
  readonly routed_scaling_factor: number;
  readonly swiglu_limit: number;
  /** mHC: the residual stream is hc_mult streams wide. */
  readonly hc_mult: number;
  readonly hc_sinkhorn_iters: number;
  readonly num_nextn_predict_layers: number;
  readonly max_position_embeddings: number;
}

/**
 * The layer pattern config.json writes `[h₀, h₁, 4, 128, 4, 128, …, 4, 128, 4, 0]`: two leading entries, CSA (4) and
 * HCA (128) alternating from the third entry on, and 0 for the multi-token-prediction layer at the end.
 * @example alternatingCompressRatios([0, 0], 44).slice(0, 5) // [0, 0, 4, 128, 4]
 */
export function alternatingCompressRatios(head: readonly number[], length: number): number[] {
  return Array.from({ length }, (_, i) => (i < head.length ? head[i]! : i === length - 1 ? 0 : (i - head.length) % 2 === 0 ? 4 : 128));
}

export type PublishedV4Id = 'deepseek-v4-flash' | 'deepseek-v4-pro';

/** Values shared by Flash and Pro (deepseek-after-r1.md §4, "Configs": "same" in the Pro column). */
const V4_COMMON = {
  num_key_value_heads: 1,
  head_dim: 512,
  qk_rope_head_dim: 64,
  o_lora_rank: 1024,
  sliding_window: 128,
  index_n_heads: 64,
  index_head_dim: 128,
  n_shared_experts: 1,
  num_experts_per_tok: 6,
  num_hash_layers: 3,
  scoring_func: 'sqrtsoftplus',
  topk_method: 'noaux_tc',
  swiglu_limit: 10,
  hc_mult: 4,
  hc_sinkhorn_iters: 20,
  num_nextn_predict_layers: 1,
  max_position_embeddings: 1_048_576,
  vocab_size: 129_280,
} as const;

export const PUBLISHED_V4: Readonly<Record<PublishedV4Id, PublishedV4Config>> = {
  'deepseek-v4-flash': {
    ...V4_COMMON,
    name: 'DeepSeek-V4-Flash',
    source: 'config.json of HF deepseek-ai/DeepSeek-V4-Flash, read in its git mirror github yafengge/DeepSeek-V4-Flash @ 60d8d70',
    num_hidden_layers: 43,
    hidden_size: 4096,
    num_attention_heads: 64,
    q_lora_rank: 1024,
    o_groups: 8,
    compress_ratios: alternatingCompressRatios([0, 0], 44),
    index_topk: 512,
    n_routed_experts: 256,
    moe_intermediate_size: 2048,
    routed_scaling_factor: 1.5,
  },
  'deepseek-v4-pro': {
    ...V4_COMMON,
    name: 'DeepSeek-V4-Pro',
    source: 'config.json of DeepSeek-V4-Pro in a third-party copy (github Nicooo-Wang/DeepSeek-V4-Pro-code @ 0ec3a03); a second independent copy and the transformers DeepseekV4GroupedLinear docstring agree',
    num_hidden_layers: 61,
    hidden_size: 7168,
    num_attention_heads: 128,
    q_lora_rank: 1536,
    o_groups: 16,
    compress_ratios: alternatingCompressRatios([128, 128], 62),
    index_topk: 1024,
    n_routed_experts: 384,
    moe_intermediate_size: 3072,
    routed_scaling_factor: 2.5,
  },
};
