/**
 * MiniSeek's configuration: the keys of a Hugging Face DeepSeek-V3 `config.json`, parsed, checked and frozen.
 * Dense vs MoE layers, and every size, are fields of this one object (DESIGN: "one frozen config").
 *
 * Dimension alphabet used across src/model (shape comments, WGSL, prose):
 *   T tokens · D hidden_size · V vocab_size · H num_attention_heads
 *   d_cq q_lora_rank · d_c kv_lora_rank · d_nope qk_nope_head_dim · d_rope qk_rope_head_dim · d_v v_head_dim
 *   F intermediate_size (dense FFN) · F_e moe_intermediate_size (one expert)
 *   E n_routed_experts · E_s n_shared_experts · k num_experts_per_tok · G n_group · G_k topk_group
 */

export interface MiniSeekConfig {
  readonly model_type: 'deepseek_v3';
  readonly architectures: readonly string[];
  readonly vocab_size: number;
  readonly hidden_size: number;
  readonly intermediate_size: number;
  readonly moe_intermediate_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly num_key_value_heads: number;
  readonly n_shared_experts: number;
  readonly n_routed_experts: number;
  readonly routed_scaling_factor: number;
  readonly kv_lora_rank: number;
  readonly q_lora_rank: number;
  readonly qk_rope_head_dim: number;
  readonly v_head_dim: number;
  readonly qk_nope_head_dim: number;
  readonly n_group: number;
  readonly topk_group: number;
  readonly num_experts_per_tok: number;
  readonly first_k_dense_replace: number;
  readonly norm_topk_prob: boolean;
  readonly scoring_func: 'sigmoid';
  readonly topk_method: 'noaux_tc';
  readonly hidden_act: 'silu';
  readonly max_position_embeddings: number;
  readonly rms_norm_eps: number;
  readonly rope_theta: number;
  readonly rope_scaling: null;
  /** The reference stores each RoPE pair next to each other (x0, x1), (x2, x3)…; see ops' ropeInterleaved. */
  readonly rope_interleave: boolean;
  readonly attention_bias: false;
  readonly attention_dropout: number;
  readonly tie_word_embeddings: false;
  readonly initializer_range: number;
  readonly bos_token_id: number;
  readonly eos_token_id: number;
  readonly pad_token_id: number;
  /** The dtype of model.safetensors, as Hugging Face names it. */
  readonly torch_dtype: 'float32' | 'float16' | 'bfloat16';
}

/** The shipped model's shape: small enough to show every number, with every DeepSeek-V3 mechanism present. */
export const MINISEEK_DEFAULTS: Omit<MiniSeekConfig, 'vocab_size' | 'bos_token_id' | 'eos_token_id' | 'pad_token_id'> = {
  model_type: 'deepseek_v3',
  architectures: ['DeepseekV3ForCausalLM'],
  hidden_size: 64,
  intermediate_size: 128,
  moe_intermediate_size: 32,
  num_hidden_layers: 3,
  num_attention_heads: 4,
  num_key_value_heads: 4,
  n_shared_experts: 1,
  n_routed_experts: 8,
  routed_scaling_factor: 2.5,
  kv_lora_rank: 16,
  q_lora_rank: 32,
  qk_rope_head_dim: 8,
  v_head_dim: 16,
  qk_nope_head_dim: 16,
  n_group: 2,
  topk_group: 1,
  num_experts_per_tok: 2,
  first_k_dense_replace: 1,
  norm_topk_prob: true,
  scoring_func: 'sigmoid',
  topk_method: 'noaux_tc',
  hidden_act: 'silu',
  max_position_embeddings: 128,
  rms_norm_eps: 1e-6,
  rope_theta: 10000,
  rope_scaling: null,
  rope_interleave: true,
  attention_bias: false,
  attention_dropout: 0,
  tie_word_embeddings: false,
  initializer_range: 0.02,
  torch_dtype: 'float32',
};

const INTEGER_KEYS = [
  'vocab_size',
  'hidden_size',
  'intermediate_size',
  'moe_intermediate_size',
  'num_hidden_layers',
  'num_attention_heads',
  'num_key_value_heads',
  'n_shared_experts',
  'n_routed_experts',
  'kv_lora_rank',
  'q_lora_rank',
  'qk_rope_head_dim',
  'v_head_dim',
  'qk_nope_head_dim',
  'n_group',
  'topk_group',
  'num_experts_per_tok',
  'first_k_dense_replace',
  'max_position_embeddings',
] as const;

/**
 * Checks a parsed config.json and returns it frozen. Unknown extra keys are kept (other tools add their
 * own); a missing or impossible value is an error that names the key.
 * @example const config = parseConfig(JSON.parse(readFileSync('config.json', 'utf8')));
 */
export function parseConfig(raw: unknown): MiniSeekConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('config.json: expected a JSON object');
  const c = raw as Record<string, unknown>;
  const fail = (key: string, why: string): never => {
    throw new Error(`config.json: "${key}" ${why}`);
  };
  if (c.model_type !== 'deepseek_v3') fail('model_type', `must be "deepseek_v3", got ${JSON.stringify(c.model_type)}`);
  for (const key of INTEGER_KEYS) {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(key, `must be a non-negative integer, got ${JSON.stringify(v)}`);
  }
  const n = (key: string) => c[key] as number;
  for (const key of ['rms_norm_eps', 'rope_theta', 'routed_scaling_factor'] as const) {
    if (typeof c[key] !== 'number' || !((c[key] as number) > 0)) fail(key, 'must be a positive number');
  }
  if (c.scoring_func !== 'sigmoid') fail('scoring_func', `must be "sigmoid" (DeepSeek-V3), got ${JSON.stringify(c.scoring_func)}`);
  if (c.q_lora_rank === 0 || c.q_lora_rank === null) fail('q_lora_rank', 'must be set: MiniSeek compresses queries as V3 does');
  if (n('qk_rope_head_dim') % 2 !== 0) fail('qk_rope_head_dim', 'must be even (RoPE rotates pairs)');
  if (n('n_routed_experts') % n('n_group') !== 0) fail('n_group', 'must divide n_routed_experts');
  if (n('n_routed_experts') / n('n_group') < 2) fail('n_group', 'must leave at least 2 experts per group (group score = top-2 sum)');
  if (n('topk_group') < 1 || n('topk_group') > n('n_group')) fail('topk_group', 'must be between 1 and n_group');
  const reachable = (n('n_routed_experts') / n('n_group')) * n('topk_group');
  if (n('num_experts_per_tok') < 1 || n('num_experts_per_tok') > reachable) {
    fail('num_experts_per_tok', `must be between 1 and the ${reachable} experts the chosen groups hold`);
  }
  if (n('num_key_value_heads') !== n('num_attention_heads')) fail('num_key_value_heads', 'must equal num_attention_heads (MLA)');
  if (n('first_k_dense_replace') > n('num_hidden_layers')) fail('first_k_dense_replace', 'exceeds num_hidden_layers');
  if (c.tie_word_embeddings === true) fail('tie_word_embeddings', 'must be false: DeepSeek-V3 has an untied lm_head');
  if (c.rope_scaling !== undefined && c.rope_scaling !== null) fail('rope_scaling', 'is not supported (YaRN is out of scope)');
  return Object.freeze({
    ...MINISEEK_DEFAULTS,
    ...c,
    norm_topk_prob: c.norm_topk_prob !== false,
    rope_interleave: c.rope_interleave !== false,
    rope_scaling: null,
  }) as MiniSeekConfig;
}

/** Derived sizes used everywhere: the per-head query/key length and whether a layer is MoE. */
export function qkHeadDim(c: MiniSeekConfig): number {
  return c.qk_nope_head_dim + c.qk_rope_head_dim;
}

/** Layers before first_k_dense_replace are dense SwiGLU; the rest are DeepSeekMoE (V3 §4.2: "except the first three"). */
export function isMoeLayer(c: MiniSeekConfig, layer: number): boolean {
  return layer >= c.first_k_dense_replace;
}
