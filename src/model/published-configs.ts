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
}

export type PublishedId = 'deepseek-v3' | 'deepseek-v2' | 'deepseek-v2-lite' | 'deepseek-llm-67b';

export const PUBLISHED: Readonly<Record<PublishedId, PublishedConfig>> = {
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
