/**
 * What MLA's low-rank paths cost and save, computed from a config's sizes: the query path's parameters, the key and
 * value projections' parameters against plain MHA, and the absorbed form's per-token work when decoding. These are
 * arithmetic on the published sizes (V3 §4.2), not numbers the papers print; the chapter says so.
 */

/** The config keys these need (Hugging Face DeepseekV3 naming). */
export interface MlaSizes {
  readonly hidden_size: number;
  readonly num_attention_heads: number;
  readonly qk_nope_head_dim: number;
  readonly qk_rope_head_dim: number;
  readonly v_head_dim: number;
  readonly kv_lora_rank?: number;
  readonly q_lora_rank?: number;
}

function need(value: number | undefined, key: string): number {
  if (value === undefined || value <= 0) throw new Error(`MLA costs: the config has no ${key}`);
  return value;
}

export interface QueryPathParams {
  /** One matrix straight from h to every head's [q^C; q^R]: D × H(d_h + d_h^R). */
  readonly direct: number;
  /** W^DQ (D × d_c′), then W^UQ and W^QR together (d_c′ × H(d_h + d_h^R)); RMSNorm's d_c′ weights left out. */
  readonly lowRank: number;
}

/**
 * Parameters of the query projection, which are also its multiply-adds per token (one per weight).
 * @example queryPathParams(PUBLISHED['deepseek-v3']) // { direct: 176160768, lowRank: 48758784 }
 */
export function queryPathParams(c: MlaSizes): QueryPathParams {
  const D = c.hidden_size;
  const out = c.num_attention_heads * (c.qk_nope_head_dim + c.qk_rope_head_dim);
  const dcq = need(c.q_lora_rank, 'q_lora_rank');
  return { direct: D * out, lowRank: D * dcq + dcq * out };
}

export interface KvParams {
  /** Plain MHA's W^K and W^V, each D × H·d_h. */
  readonly mha: number;
  /** MLA: W^DKV and W^KR (D × (d_c + d_h^R)), then W^UK and W^UV (d_c × H(d_h + d_h^v)). */
  readonly mla: number;
}

/**
 * @example kvParams(PUBLISHED['deepseek-v3']) // { mha: 234881024, mla: 20905984 }
 */
export function kvParams(c: MlaSizes): KvParams {
  const D = c.hidden_size;
  const H = c.num_attention_heads;
  const dc = need(c.kv_lora_rank, 'kv_lora_rank');
  return {
    mha: 2 * D * H * c.qk_nope_head_dim,
    mla: D * (dc + c.qk_rope_head_dim) + dc * H * (c.qk_nope_head_dim + c.v_head_dim),
  };
}

export interface AbsorbedShape {
  /** The one key every head reads in the absorbed form: [c^KV; k^R], d_c + d_h^R numbers. */
  readonly keyWidth: number;
  /** The one value every head reads: c^KV itself, d_c numbers. */
  readonly valueWidth: number;
  /** Per cached token, per layer, per decoding step: multiply-adds of the absorbed form over all heads. */
  readonly absorbedMacs: number;
  /** The same from the cache without absorbing: re-expand the latent to every head's k^C and v^C, then attend. */
  readonly expandMacs: number;
  /** Plain MHA with its per-head keys and values already cached: H(d_h + d_h) multiply-adds per cached token. */
  readonly mhaMacs: number;
  /** Numbers read from the cache per cached token and layer: the absorbed form's one key-and-value, and MHA's 2·H·d_h. */
  readonly absorbedReads: number;
  readonly mhaReads: number;
}

/**
 * The absorbed form seen as multi-query attention: one shared key and value per token, per-head queries widened
 * to the latent.
 * @example absorbedShape(PUBLISHED['deepseek-v3']).keyWidth // 576
 */
export function absorbedShape(c: MlaSizes): AbsorbedShape {
  const H = c.num_attention_heads;
  const dc = need(c.kv_lora_rank, 'kv_lora_rank');
  const keyWidth = dc + c.qk_rope_head_dim;
  return {
    keyWidth,
    valueWidth: dc,
    absorbedMacs: H * (keyWidth + dc),
    expandMacs: dc * H * (c.qk_nope_head_dim + c.v_head_dim) + H * (c.qk_nope_head_dim + c.qk_rope_head_dim + c.v_head_dim),
    mhaMacs: H * 2 * c.qk_nope_head_dim,
    absorbedReads: keyWidth,
    mhaReads: 2 * H * c.qk_nope_head_dim,
  };
}
