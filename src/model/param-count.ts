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
 * K_r routed ones per MoE layer). The active count keeps the embedding table whole. No DeepSeek paper says whether
 * its "activated parameters" include it; V3's weights document (README_WEIGHTS.md, as corrected on Hugging Face)
 * does: 36.6B "including 0.9B for the output Head", the embedding left out. This count gives V3 36.6B without the
 * table, DeepSeek's figure, and 37.6B with it (param-count.test.ts checks both).
 * Callers that leave it out subtract
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

/** The indexer's config keys (DeepSeek Sparse Attention, V3.2-Exp / V3.2): see published-configs.ts. */
export interface IndexerConfig extends CountableConfig {
  readonly index_n_heads?: number;
  readonly index_head_dim?: number;
}

/**
 * The lightning indexer DeepSeek Sparse Attention adds to every layer (V3.2-Exp §1, eq. 1), counted as the reference
 * code builds it (inference/model.py, class Indexer, in deepseek-ai/DeepSeek-V3.2-Exp): `wq_b` maps MLA's compressed
 * query c^Q (q_lora_rank wide) to H^I heads of width d^I; `wk` maps h_t to one d^I-wide key; `k_norm` is a LayerNorm
 * (a weight and a bias); `weights_proj` maps h_t to the H^I head weights w^I. 0 for a model without an indexer.
 * @example indexerParams(PUBLISHED['deepseek-v3.2']) // 851,524,864, about 0.85B over 61 layers
 */
export function indexerParams(c: IndexerConfig): number {
  const HI = c.index_n_heads ?? 0;
  const dI = c.index_head_dim ?? 0;
  if (HI === 0 || dI === 0) return 0;
  if (!c.q_lora_rank) throw new Error('indexerParams: the indexer reads the compressed query, and the config has no q_lora_rank');
  const D = c.hidden_size;
  return c.num_hidden_layers * (c.q_lora_rank * HI * dI + D * dI + 2 * dI + D * HI);
}

/** V3's multi-token-prediction module (V3 §2.2), part by part. */
export interface MtpParams {
  /** M_k ∈ R^{d×2d} of eq. 21 and its two RMSNorms. */
  readonly projection: number;
  /** TRM_k of eq. 22: one Transformer block, counted like the model's MoE blocks (attention, two norms, experts, router). */
  readonly block: number;
  /** block + projection: what eq. 21–22 add; the embedding and the output head are shared with the main model. */
  readonly total: number;
}

/**
 * One multi-token-prediction module as V3 §2.2 describes it, for D = 1 modules: M_k (d × 2d) after two RMSNorms
 * (eq. 21) and one Transformer block TRM_k (eq. 22), taken to be one of the model's MoE blocks. Embedding and output
 * head are shared with the main model (§2.2), so they are not counted here.
 * @example mtpParams(PUBLISHED['deepseek-v3']).total // about 11.6B
 */
export function mtpParams(c: CountableConfig): MtpParams {
  if (!c.n_routed_experts) throw new Error('mtpParams: counts a DeepSeekMoE block, and the config has no routed experts');
  const one = { ...c, num_hidden_layers: 1, first_k_dense_replace: 0 };
  const b = paramBreakdown(one);
  // A one-layer model's count minus its embeddings and the final norm: what a single MoE block holds.
  const block = b.total - b.embeddings - c.hidden_size;
  const D = c.hidden_size;
  const projection = D * 2 * D + 2 * D;
  return { projection, block, total: projection + block };
}

/** The V4 configuration keys the count reads (published-configs.ts, PublishedV4Config). */
export interface CountableV4Config {
  readonly num_hidden_layers: number;
  readonly hidden_size: number;
  readonly vocab_size: number;
  readonly num_attention_heads: number;
  readonly head_dim: number;
  readonly q_lora_rank: number;
  readonly o_groups: number;
  readonly o_lora_rank: number;
  readonly compress_ratios: readonly number[];
  readonly index_n_heads: number;
  readonly index_head_dim: number;
  readonly n_routed_experts: number;
  readonly n_shared_experts: number;
  readonly num_experts_per_tok: number;
  readonly moe_intermediate_size: number;
  readonly num_hash_layers: number;
  readonly hc_mult: number;
}

/** V4's parameters by place. */
export interface V4ParamBreakdown {
  /** Token embedding and output head, untied. */
  readonly embeddings: number;
  /** Query path, the shared key = value projection, the grouped output projection, the attention sinks. */
  readonly attention: number;
  /** The CSA and HCA compressors and the CSA layers' indexers. */
  readonly compression: number;
  /** mHC's mixing weights (two sites per layer and the head's). */
  readonly hyperConnections: number;
  readonly norms: number;
  readonly sharedExperts: number;
  readonly routedExperts: number;
  /** Router vectors e_i, and the balancing bias b_i in the layers that are not hash-routed. */
  readonly router: number;
  readonly total: number;
  /** Layers by kind, from compress_ratios: 0 sliding window only, 4 CSA, 128 HCA. */
  readonly layers: { readonly sliding: number; readonly csa: number; readonly hca: number };
}

/**
 * DeepSeek-V4's parameters from its config alone, structure as deepseek-after-r1.md §4 describes the reference model
 * (inference/model.py of DeepSeek-V4-Flash): per layer, c^Q = RMSNorm(W^{DQ} h) and W^{UQ} to H heads of head_dim;
 * one shared key = value W^{KV} h with its RMSNorm; the grouped output projection (o_groups × W^{OA}: H·head_dim/g →
 * o_lora_rank, then W^{OB}: g·o_lora_rank → D); a sink logit per head. A CSA layer (ratio 4) has a compressor with
 * two overlapping streams (W^{KV}, W^{Z} each 2 × head_dim wide, a positional bias B of ratio × 2·head_dim, an
 * RMSNorm) and an indexer (W^{IUQ} from c^Q to index_n_heads × index_head_dim, weights_proj D → index_n_heads, and its
 * own overlapping compressor at index_head_dim); an HCA layer (ratio 128) a compressor without overlap and no
 * indexer. mHC: per site W ∈ R^{(2+n)n × nD}, a bias of (2+n)n and three scales α; the head's W ∈ R^{n × nD}, n
 * biases and one scale. MoE in every layer, the router's bias b_i only where routing is not hashed; the hash table
 * (tid2eid) is a frozen integer table, not a weight, and is left out. `active` counts K_r routed experts per layer,
 * keeping the embedding table whole as paramBreakdown does. The multi-token-prediction layer (the last entry of
 * compress_ratios) is left out, as the published 284B / 1.6T leave it out.
 * @example v4ParamBreakdown(PUBLISHED_V4['deepseek-v4-flash']).total // about 284.3B
 */
export function v4ParamBreakdown(c: CountableV4Config, { active = false }: { active?: boolean } = {}): V4ParamBreakdown {
  const D = c.hidden_size;
  const L = c.num_hidden_layers;
  const H = c.num_attention_heads;
  const hd = c.head_dim;
  const n = c.hc_mult;
  if (c.compress_ratios.length !== L + 1) throw new Error(`v4ParamBreakdown: compress_ratios has ${c.compress_ratios.length} entries, expected ${L + 1} (one per layer and the MTP layer)`);
  const ratios = c.compress_ratios.slice(0, L);
  const layers = { sliding: ratios.filter((r) => r === 0).length, csa: ratios.filter((r) => r === 4).length, hca: ratios.filter((r) => r === 128).length };
  if (layers.sliding + layers.csa + layers.hca !== L) throw new Error('v4ParamBreakdown: a compress ratio other than 0, 4 or 128');

  const query = D * c.q_lora_rank + c.q_lora_rank + c.q_lora_rank * H * hd;
  const keyValue = D * hd + hd;
  const output = H * hd * c.o_lora_rank + c.o_groups * c.o_lora_rank * D;
  const attention = L * (query + keyValue + output + H);

  /** A compressor of `width`-wide entries over windows of `ratio`; with overlap it has two streams (2 × width). */
  const compressor = (ratio: number, width: number, overlap: boolean) => {
    const channels = overlap ? 2 * width : width;
    return 2 * D * channels + ratio * channels + width;
  };
  const indexer = c.q_lora_rank * c.index_n_heads * c.index_head_dim + D * c.index_n_heads + compressor(4, c.index_head_dim, true);
  const compression = layers.csa * (compressor(4, hd, true) + indexer) + layers.hca * compressor(128, hd, false);

  const mix = (2 + n) * n;
  const hyperConnections = L * 2 * (mix * n * D + mix + 3) + (n * n * D + n + 1);
  const norms = 2 * L * D + D;

  const expert = swigluParams(D, c.moe_intermediate_size);
  const sharedExperts = L * c.n_shared_experts * expert;
  const routedExperts = L * (active ? c.num_experts_per_tok : c.n_routed_experts) * expert;
  const router = L * c.n_routed_experts * D + (L - c.num_hash_layers) * c.n_routed_experts;
  const embeddings = 2 * c.vocab_size * D;
  const total = embeddings + attention + compression + hyperConnections + norms + sharedExperts + routedExperts + router;
  return { embeddings, attention, compression, hyperConnections, norms, sharedExperts, routedExperts, router, total, layers };
}
