/**
 * Parameter counts of a DeepSeek-style model (MLA attention, SwiGLU dense layers, DeepSeekMoE layers) from its
 * config alone, split by where the parameters sit. MiniSeek's count is checked against its checkpoint tensor by
 * tensor (param-count.test.ts); DeepSeek-V3's against the 671B / 37B of its paper.
 */

/** The config keys the count needs: MiniSeekConfig and the published configs (./published-configs.ts) both fit. */
export interface CountableConfig {
  readonly num_hidden_layers: number;
  readonly hidden_size: number;
  readonly vocab_size: number;
  readonly num_attention_heads: number;
  readonly qk_nope_head_dim: number;
  readonly qk_rope_head_dim: number;
  readonly v_head_dim: number;
  readonly kv_lora_rank?: number;
  /** Absent (or 0) where queries are not compressed: one q_proj instead of q_a → norm → q_b. */
  readonly q_lora_rank?: number;
  readonly first_k_dense_replace?: number;
  readonly intermediate_size?: number;
  readonly moe_intermediate_size?: number;
  readonly n_shared_experts?: number;
  readonly n_routed_experts?: number;
  readonly num_experts_per_tok?: number;
}

/** Parameters by place. `ffn` is what sits in feed-forward networks: dense layers plus every expert. */
export interface ParamBreakdown {
  /** Token embedding and the output head (lm_head), untied. */
  readonly embeddings: number;
  /** MLA's projections and its two latent RMSNorms, all layers. */
  readonly attention: number;
  /** The two RMSNorms of every block plus the final one. */
  readonly norms: number;
  /** The dense SwiGLU layers at the bottom of the stack. */
  readonly denseFfn: number;
  readonly sharedExperts: number;
  readonly routedExperts: number;
  /** The router's affinity vectors e_i and its load-balancing biases b_i. */
  readonly router: number;
  readonly ffn: number;
  readonly total: number;
}

/** A SwiGLU network of width F on D: W_gate and W_up (D × F) and W_down (F × D). */
export const swigluParams = (D: number, F: number): number => 3 * D * F;

/**
 * Counts every parameter (`active` false) or only those one token uses (`active` true: the shared experts and
 * K_r routed ones per MoE layer). The active count keeps the embedding table whole: no DeepSeek paper says whether
 * its "activated parameters" include it, and for V3 the count without it (36.6B) is the one that rounds to the
 * paper's 37B, the count with it being 37.6B (param-count.test.ts checks both). Callers that leave it out subtract
 * vocab_size × hidden_size, as the shared-routed chapter's counter does.
 * The router is counted with a bias b_i per expert, as V3 and MiniSeek have (V2's router has none).
 * Leaves out what the config does not describe: V3's multi-token-prediction module (14B in the released weights)
 * and the FP8 scale factors stored beside its weights.
 * @example paramBreakdown(miniseekConfig).total // 203,872
 */
export function paramBreakdown(c: CountableConfig, { active = false }: { active?: boolean } = {}): ParamBreakdown {
  const D = c.hidden_size;
  const L = c.num_hidden_layers;
  const H = c.num_attention_heads;
  const dqk = c.qk_nope_head_dim + c.qk_rope_head_dim;
  const dc = c.kv_lora_rank ?? 0;
  const dcq = c.q_lora_rank ?? 0;
  const query = dcq > 0 ? D * dcq + dcq + dcq * H * dqk : D * H * dqk;
  const keyValue = D * (dc + c.qk_rope_head_dim) + dc + dc * H * (c.qk_nope_head_dim + c.v_head_dim);
  const output = H * c.v_head_dim * D;
  const attention = L * (query + keyValue + output);

  const denseLayers = c.n_routed_experts ? Math.min(L, c.first_k_dense_replace ?? 0) : L;
  const moeLayers = L - denseLayers;
  const Fe = c.moe_intermediate_size ?? 0;
  const Nr = c.n_routed_experts ?? 0;
  if (denseLayers > 0 && c.intermediate_size === undefined) throw new Error('paramBreakdown: the config has dense layers but no intermediate_size');
  if (moeLayers > 0 && (!Fe || !Nr || c.num_experts_per_tok === undefined)) throw new Error('paramBreakdown: the config has MoE layers but no expert sizes');
  const denseFfn = denseLayers * swigluParams(D, c.intermediate_size ?? 0);
  const sharedExperts = moeLayers * (c.n_shared_experts ?? 0) * swigluParams(D, Fe);
  const routedExperts = moeLayers * (active ? c.num_experts_per_tok! : Nr) * swigluParams(D, Fe);
  const router = moeLayers * (Nr * D + Nr);

  const embeddings = 2 * c.vocab_size * D;
  const norms = 2 * L * D + D;
  const ffn = denseFfn + sharedExperts + routedExperts;
  const total = embeddings + attention + norms + ffn + router;
  return { embeddings, attention, norms, denseFfn, sharedExperts, routedExperts, router, ffn, total };
}
