/** KV-cache size per token for MHA, GQA, MQA and MLA: the formulas of DeepSeek-V2 Table 1 (arXiv 2405.04434 §2.1.4). */
import { MINISEEK_DEFAULTS } from '../../model/config';
import { PUBLISHED } from '../../model/published-configs';

export type AttentionKind = 'MHA' | 'GQA' | 'MQA' | 'MLA';
/** Table order: the paper's, from the largest cache to the latent one. */
export const ATTENTION_KINDS: readonly AttentionKind[] = ['MHA', 'GQA', 'MQA', 'MLA'];

/** The sizes the four formulas need, in the paper's symbols. */
export interface ModelShape {
  readonly name: string;
  /** l: every layer keeps its own cache. */
  readonly layers: number;
  /** n_h */
  readonly heads: number;
  /**
   * d_h. DeepSeek's heads have a 128-d content part (qk_nope_head_dim = v_head_dim) plus the 64-d RoPE part;
   * the papers' MHA baseline uses d_h = 128, i.e. qk_nope_head_dim, so we do too (d_h^R counts only for MLA).
   */
  readonly headDim: number;
  /** n_g, for the GQA row: the model's own key–value heads where it uses GQA, else a comparison point. */
  readonly groups: number;
  /** d_c (kv_lora_rank) */
  readonly latentDim: number;
  /** d_h^R (qk_rope_head_dim) */
  readonly ropeDim: number;
  readonly bytesPerElement: number;
}

/** The Hugging Face config keys the shape comes from (DeepseekV3 naming, shared by V2's configs). */
export interface AttentionConfig {
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  /** Fewer than the heads for a GQA model (its n_g). */
  readonly num_key_value_heads?: number;
  readonly qk_nope_head_dim: number;
  /** Absent for a model without MLA. */
  readonly kv_lora_rank?: number;
  readonly qk_rope_head_dim: number;
}

/** The cache is served in BF16, as V2/V3 run attention in BF16 (V3 §3.3); MiniSeek's F16 is also 2 bytes. */
export const BF16_BYTES = 2;
/** The KV-head count of common GQA models (e.g. Llama-2-70B), used when a model has no GQA of its own. */
export const DEFAULT_GQA_GROUPS = 8;

/**
 * A GQA comparison point: 8 groups, but at most half the heads, since n_g = n_h would just be MHA again.
 * @example defaultGqaGroups(128) // 8; defaultGqaGroups(4) // 2
 */
export function defaultGqaGroups(heads: number): number {
  return Math.min(DEFAULT_GQA_GROUPS, Math.max(1, Math.floor(heads / 2)));
}

/**
 * Reads a shape from config keys, so presets carry the papers' (or the checkpoint's) numbers verbatim.
 * @example shapeFromConfig('MiniSeek', JSON.parse(configJson)).latentDim // 16
 */
export function shapeFromConfig(name: string, config: AttentionConfig): ModelShape {
  return {
    name,
    layers: config.num_hidden_layers,
    heads: config.num_attention_heads,
    headDim: config.qk_nope_head_dim,
    groups:
      config.num_key_value_heads !== undefined && config.num_key_value_heads < config.num_attention_heads
        ? config.num_key_value_heads
        : defaultGqaGroups(config.num_attention_heads),
    latentDim: config.kv_lora_rank ?? 0,
    ropeDim: config.qk_rope_head_dim,
    bytesPerElement: BF16_BYTES,
  };
}

export type KvPresetId = 'miniseek' | 'deepseek-v2' | 'deepseek-v3';
export const DEFAULT_PRESET: KvPresetId = 'deepseek-v3';

export const KV_PRESETS: Readonly<Record<KvPresetId, ModelShape>> = {
  // The shipped checkpoint's shape; a test checks it against public/models/miniseek/config.json.
  miniseek: shapeFromConfig('MiniSeek', MINISEEK_DEFAULTS),
  // V2 §3.1.2 and V3 §4.2, through the one table of published sizes.
  'deepseek-v2': shapeFromConfig(PUBLISHED['deepseek-v2'].name, PUBLISHED['deepseek-v2']),
  'deepseek-v3': shapeFromConfig(PUBLISHED['deepseek-v3'].name, PUBLISHED['deepseek-v3']),
};

/** What V2's "reduces the KV cache by 93.3%" compares, computed (V2 abstract and §3.2.3). */
export interface V2CacheClaim {
  /** DeepSeek LLM 67B's GQA cache per token over its layers, in BF16 (bytes). */
  readonly baselineBytes: number;
  /** V2's MLA cache per token over its layers, in BF16 and at the deployed ~6 bits per element (bytes). */
  readonly v2Bf16Bytes: number;
  readonly v2DeployedBytes: number;
  readonly deployedBits: number;
  /** 1 − V2/67B, for both: the 93.3 % is the deployed one. */
  readonly reductionBf16: number;
  readonly reductionDeployed: number;
  /** Per layer, MLA's 576 numbers against the 67B's GQA 2·8·128: the part of the cut that is MLA's. */
  readonly reductionPerLayer: number;
  /** Layers: V2 has 60, the 67B 95; fewer layers account for the rest of the BF16 cut. */
  readonly layers: { readonly v2: number; readonly baseline: number };
}

/**
 * DeepSeek 67B uses grouped-query attention with 8 key–value heads (arXiv 2401.02954), and the deployed V2 keeps
 * its cache at about 6 bits per element (V2 §3.2.3): the 93.3 % compares those two; in BF16 on both sides it is less.
 * @example v2CacheClaim().reductionDeployed // 0.9334…; v2CacheClaim().reductionBf16 // 0.8224…
 */
export function v2CacheClaim(deployedBits = 6): V2CacheClaim {
  const baseline = shapeFromConfig(PUBLISHED['deepseek-llm-67b'].name, PUBLISHED['deepseek-llm-67b']);
  const v2 = KV_PRESETS['deepseek-v2'];
  const baselineBytes = elementsPerToken('GQA', baseline) * BF16_BYTES;
  const v2Bf16Bytes = elementsPerToken('MLA', v2) * BF16_BYTES;
  const v2DeployedBytes = (elementsPerToken('MLA', v2) * deployedBits) / 8;
  return {
    baselineBytes,
    v2Bf16Bytes,
    v2DeployedBytes,
    deployedBits,
    reductionBf16: 1 - v2Bf16Bytes / baselineBytes,
    reductionDeployed: 1 - v2DeployedBytes / baselineBytes,
    reductionPerLayer: 1 - elementsPerTokenPerLayer('MLA', v2) / elementsPerTokenPerLayer('GQA', baseline),
    layers: { v2: v2.layers, baseline: baseline.layers },
  };
}

/**
 * Numbers one token adds to one layer's cache (V2 Table 1 without the factor l).
 * @example elementsPerTokenPerLayer('MLA', KV_PRESETS['deepseek-v3']) // 576 = 512 + 64
 */
export function elementsPerTokenPerLayer(kind: AttentionKind, s: ModelShape): number {
  switch (kind) {
    case 'MHA':
      return 2 * s.heads * s.headDim; // a key and a value per head
    case 'GQA':
      return 2 * s.groups * s.headDim; // a key and a value per group of heads
    case 'MQA':
      return 2 * s.headDim; // one key and one value shared by all heads
    case 'MLA':
      return s.latentDim + s.ropeDim; // the latent c^KV plus the one shared RoPE key k^R
  }
}

/**
 * Numbers one token adds to the whole model's cache: V2 Table 1's "elements per token".
 * @example elementsPerToken('MLA', KV_PRESETS['deepseek-v3']) // 35136
 */
export function elementsPerToken(kind: AttentionKind, s: ModelShape): number {
  return elementsPerTokenPerLayer(kind, s) * s.layers;
}

/**
 * Bytes of cache for `batch` sequences of `contextTokens` tokens each.
 * @example cacheBytes('MLA', KV_PRESETS['deepseek-v3'], 1) // 70272
 */
export function cacheBytes(kind: AttentionKind, s: ModelShape, contextTokens: number, batch = 1): number {
  return elementsPerToken(kind, s) * s.bytesPerElement * contextTokens * batch;
}

/**
 * How many times smaller than MHA's cache a mechanism's is.
 * @example ratioToMha('MLA', KV_PRESETS['deepseek-v3']) // 56.88…
 */
export function ratioToMha(kind: AttentionKind, s: ModelShape): number {
  return elementsPerTokenPerLayer('MHA', s) / elementsPerTokenPerLayer(kind, s);
}

/**
 * The GQA group count whose cache equals MLA's: (d_c + d_h^R) / (2 d_h).
 * @example gqaEquivalentGroups(KV_PRESETS['deepseek-v2']) // 2.25
 */
export function gqaEquivalentGroups(s: ModelShape): number {
  return (s.latentDim + s.ropeDim) / (2 * s.headDim);
}

/**
 * The formula with this model's numbers in it, per token over all layers.
 * @example substitutedFormula('MLA', KV_PRESETS['deepseek-v3']) // '(512 + 64) × 61'
 */
export function substitutedFormula(kind: AttentionKind, s: ModelShape): string {
  switch (kind) {
    case 'MHA':
      return `2 × ${s.heads} × ${s.headDim} × ${s.layers}`;
    case 'GQA':
      return `2 × ${s.groups} × ${s.headDim} × ${s.layers}`;
    case 'MQA':
      return `2 × ${s.headDim} × ${s.layers}`;
    case 'MLA':
      return `(${s.latentDim} + ${s.ropeDim}) × ${s.layers}`;
  }
}

/** Three significant figures without trailing zeros: the precision deepseek-facts.md quotes (68.6, 3.81, 488). */
function significant(x: number): string {
  const intDigits = x === 0 ? 1 : Math.floor(Math.log10(Math.abs(x))) + 1;
  const decimals = Math.max(0, 3 - intDigits);
  const text = x.toFixed(decimals);
  return decimals > 0 ? text.replace(/\.?0+$/, '') : text;
}

export const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
export type ByteUnit = (typeof BYTE_UNITS)[number];

/**
 * The largest binary unit in which `bytes` is at least 1, and its size in bytes.
 * @example byteUnit(70272) // { unit: 'KiB', size: 1024 }
 */
export function byteUnit(bytes: number): { unit: ByteUnit; size: number } {
  let i = 0;
  while (i < BYTE_UNITS.length - 1 && Math.abs(bytes) >= 1024 ** (i + 1)) i++;
  return { unit: BYTE_UNITS[i]!, size: 1024 ** i };
}

/**
 * Bytes in binary units to three significant figures, with a no-break space before the unit.
 * @example formatBytes(70272) // '68.6 KiB'; formatBytes(3997696) // '3.81 MiB'
 */
export function formatBytes(bytes: number): string {
  const { unit, size } = byteUnit(bytes);
  return `${unit === 'B' ? String(Math.round(bytes)) : significant(bytes / size)}\u00a0${unit}`;
}

/**
 * A ratio such as "56.9×".
 * @example formatRatio(32768 / 576) // '56.9×'
 */
export function formatRatio(ratio: number): string {
  return `${significant(ratio)}×`;
}

const COUNT = new Intl.NumberFormat('en-US');
/**
 * A count with thousands separators, the same on the server and in every browser locale.
 * @example formatCount(35136) // '35,136'
 */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/**
 * Context lengths as DeepSeek writes them: 128K means 128 × 1024 tokens.
 * @example formatTokens(131072) // '128K'
 */
export function formatTokens(tokens: number): string {
  return tokens >= 1024 && tokens % 1024 === 0 ? `${tokens / 1024}K` : formatCount(tokens);
}

/** The slider's stops: powers of two from 1K to 128K, evenly spaced on a log scale. */
export const CONTEXT_STEPS: readonly number[] = Array.from({ length: 8 }, (_, i) => 1024 * 2 ** i);
export const DEFAULT_CONTEXT = 32 * 1024;
