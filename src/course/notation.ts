/**
 * The course’s notation, defined once: the dimension alphabet (src/model/config.ts’s header, DESIGN.md) and the
 * chapters' symbols, each with its TeX as the prose writes it, a one-sentence meaning, and its size computed from a
 * model’s configuration. The prose’s hover cards (src/markdown/rehype-notation.ts) and the notation page read it.
 *
 * Prose and code name some sizes differently (the code’s H heads is the papers' n_h, E experts is N_r, k is K_r), and
 * the prose reuses a few letters (H is the matrix of token rows, E the embedding table, L a context length in the
 * RoPE chapter). So each entry lists the exact TeX that means it, and an entry whose letter means something else
 * somewhere says in which chapters it applies: a hover card must never explain the wrong thing.
 */

import type { MiniSeekConfig } from '../model/config';
import { PUBLISHED } from '../model/published-configs';

/** The sizes a notation entry is computed from, in the Hugging Face config keys MiniSeek’s config.json uses. */
export interface ModelSizes {
  readonly name: string;
  /** Where the sizes were read. */
  readonly source: string;
  /** The most positions the model reads at once. */
  readonly context: number;
  readonly hidden_size: number;
  readonly vocab_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly qk_nope_head_dim: number;
  readonly qk_rope_head_dim: number;
  readonly v_head_dim: number;
  readonly kv_lora_rank: number;
  readonly q_lora_rank: number;
  readonly intermediate_size: number;
  readonly moe_intermediate_size: number;
  readonly n_shared_experts: number;
  readonly n_routed_experts: number;
  readonly num_experts_per_tok: number;
  readonly n_group: number;
  readonly topk_group: number;
  readonly routed_scaling_factor: number;
}

type SizeKey = Exclude<keyof ModelSizes, 'name' | 'source' | 'context'>;
const SIZE_KEYS: readonly SizeKey[] = [
  'hidden_size',
  'vocab_size',
  'num_hidden_layers',
  'num_attention_heads',
  'qk_nope_head_dim',
  'qk_rope_head_dim',
  'v_head_dim',
  'kv_lora_rank',
  'q_lora_rank',
  'intermediate_size',
  'moe_intermediate_size',
  'n_shared_experts',
  'n_routed_experts',
  'num_experts_per_tok',
  'n_group',
  'topk_group',
  'routed_scaling_factor',
];

/**
 * Reads the sizes out of a config with Hugging Face keys (MiniSeek’s config.json, or an entry of PUBLISHED); a key the
 * config lacks is an error that names it, never a silent blank on a card.
 * @example modelSizes('MiniSeek', 'public/models/miniseek/config.json', config, config.max_position_embeddings).hidden_size // 64
 */
export function modelSizes(name: string, source: string, config: Partial<Record<SizeKey, number>>, context: number | undefined): ModelSizes {
  const sizes: Record<string, number | string> = { name, source };
  for (const key of SIZE_KEYS) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`notation: ${name}'s configuration has no ${key}`);
    sizes[key] = value;
  }
  if (typeof context !== 'number') throw new Error(`notation: ${name}'s configuration has no context length`);
  sizes.context = context;
  return sizes as unknown as ModelSizes;
}

/**
 * MiniSeek’s sizes, from the config.json the build loads (buildModel().model.config).
 * @example miniSeekSizes(buildModel().model.config).kv_lora_rank // 16
 */
export function miniSeekSizes(config: MiniSeekConfig): ModelSizes {
  return modelSizes('MiniSeek', 'public/models/miniseek/config.json', config, config.max_position_embeddings);
}

/**
 * DeepSeek-V3's published sizes (src/model/published-configs.ts).
 * @example deepSeekV3Sizes().kv_lora_rank // 512
 */
export function deepSeekV3Sizes(): ModelSizes {
  const v3 = PUBLISHED['deepseek-v3'];
  return modelSizes(v3.name, v3.source, v3, v3.context_length);
}

/** What an entry is: a dimension of the alphabet, a learned matrix, a per-token vector or a scalar. */
export type NotationKind = 'dimension' | 'matrix' | 'vector' | 'scalar';

export interface NotationEntry {
  /** Stable id: the notation page’s anchor (`/notation/#d-c`). */
  readonly id: string;
  /** The TeX the prose writes for it, each exactly as it appears between `$…$` (spaces are ignored when matching). */
  readonly tex: readonly string[];
  readonly kind: NotationKind;
  /** A short name ("key–value latent width"). */
  readonly name: string;
  /** One sentence. */
  readonly meaning: string;
  /** Its size as a formula of the alphabet, in TeX (shown beside the numbers). */
  readonly formula?: string;
  /** The size in a given model, as the factors of its shape (one factor for a count or a vector’s length). */
  readonly shape: (m: ModelSizes) => readonly (number | string)[];
  /** What the number counts, after it ("numbers per token", "per head"). */
  readonly unit?: string;
  /** The letter of the code’s alphabet (src/model/config.ts) and the config key, for a dimension. */
  readonly code?: { readonly letter?: string; readonly key: string };
  /** Chapters (slugs) where the TeX means this entry; absent: wherever it appears. */
  readonly only?: readonly string[];
  /** Chapters where the same TeX means something else. */
  readonly except?: readonly string[];
}

const MOE_CHAPTERS = ['feed-forward', 'mixture-of-experts', 'sparse-mixture-of-experts', 'single-expert', 'shared-routed-moe'];
const ATTENTION_CHAPTERS = ['attention', 'self-attention', 'multi-head-attention'];

/** A symbol with its sub- and superscripts in either order and the index written with or without braces. */
function indexed(base: string, sup: string, subs: readonly string[]): string[] {
  const up = sup.length > 1 ? `{${sup}}` : sup;
  return [`${base}^${up}`, ...subs.flatMap((s) => [`${base}^${up}_${s.length > 1 ? `{${s}}` : s}`, `${base}_${s.length > 1 ? `{${s}}` : s}^${up}`])];
}

export const NOTATION: readonly NotationEntry[] = [
  // The dimension alphabet.
  { id: 't', tex: ['T'], kind: 'dimension', name: 'tokens', meaning: 'How many tokens the model reads at once: the sentence, start token included, up to the context length.', shape: (m) => [m.context], unit: 'positions at most', code: { letter: 'T', key: 'max_position_embeddings' } },
  { id: 'd', tex: ['D'], kind: 'dimension', name: 'model width', meaning: 'The width of the residual stream: every token is a row of D numbers between the layers.', shape: (m) => [m.hidden_size], code: { letter: 'D', key: 'hidden_size' } },
  { id: 'v', tex: ['V'], kind: 'dimension', name: 'vocabulary size', meaning: 'How many different tokens the model knows: the rows of the embedding table and the scores of the last layer.', shape: (m) => [m.vocab_size], unit: 'tokens', code: { letter: 'V', key: 'vocab_size' }, only: ['shared-routed-moe', 'language-models'] },
  { id: 'l', tex: ['L'], kind: 'dimension', name: 'layers', meaning: 'How many Transformer blocks the model stacks.', shape: (m) => [m.num_hidden_layers], code: { key: 'num_hidden_layers' }, except: ['rope', 'gradient-descent'] },
  { id: 'n-h', tex: ['n_h'], kind: 'dimension', name: 'attention heads', meaning: 'How many heads each attention layer splits into; each attends on its own.', shape: (m) => [m.num_attention_heads], code: { letter: 'H', key: 'num_attention_heads' } },
  { id: 'd-h', tex: ['d_h'], kind: 'dimension', name: 'head width', meaning: "The width of one head’s query and key without position (MLA’s content part).", shape: (m) => [m.qk_nope_head_dim], code: { letter: 'd_nope', key: 'qk_nope_head_dim' } },
  { id: 'd-h-r', tex: ['d_h^R', 'd_h^{R}'], kind: 'dimension', name: 'RoPE width', meaning: 'The width of the decoupled rotary part of a query or key, the only part RoPE turns by position.', shape: (m) => [m.qk_rope_head_dim], code: { letter: 'd_rope', key: 'qk_rope_head_dim' } },
  { id: 'd-k', tex: ['d_k'], kind: 'dimension', name: 'query and key width', meaning: "The length of one head’s query and key: the content part and the rotary part together.", formula: 'd_h + d_h^R', shape: (m) => [m.qk_nope_head_dim + m.qk_rope_head_dim] },
  { id: 'd-v', tex: ['d_v'], kind: 'dimension', name: 'value width', meaning: "The length of one head’s value, and of its output.", shape: (m) => [m.v_head_dim], code: { letter: 'd_v', key: 'v_head_dim' } },
  { id: 'd-c', tex: ['d_c'], kind: 'dimension', name: 'key–value latent width', meaning: "The width of MLA’s compressed key–value latent, the only attention numbers cached besides the RoPE key.", shape: (m) => [m.kv_lora_rank], code: { letter: 'd_c', key: 'kv_lora_rank' } },
  { id: 'd-c-q', tex: ["d_c'", 'd_c^{\\prime}', "d'_c"], kind: 'dimension', name: 'query latent width', meaning: "The width of MLA’s compressed query latent, which is never cached.", shape: (m) => [m.q_lora_rank], code: { letter: 'd_cq', key: 'q_lora_rank' } },
  { id: 'f', tex: ['F'], kind: 'dimension', name: 'feed-forward width', meaning: "The hidden width of a dense layer’s SwiGLU feed-forward network.", shape: (m) => [m.intermediate_size], code: { letter: 'F', key: 'intermediate_size' }, except: ['distributed-training'] },
  { id: 'f-e', tex: ['F_e'], kind: 'dimension', name: 'expert width', meaning: "The hidden width of one expert’s SwiGLU network, far narrower than a dense layer’s.", shape: (m) => [m.moe_intermediate_size], code: { letter: 'F_e', key: 'moe_intermediate_size' } },
  { id: 'n-r', tex: ['N_r'], kind: 'dimension', name: 'routed experts', meaning: 'How many routed experts an MoE layer has for the router to choose among.', shape: (m) => [m.n_routed_experts], unit: 'experts', code: { letter: 'E', key: 'n_routed_experts' } },
  { id: 'n-s', tex: ['N_s'], kind: 'dimension', name: 'shared experts', meaning: 'How many shared experts every token goes through in every MoE layer, without routing.', shape: (m) => [m.n_shared_experts], unit: 'experts', code: { letter: 'E_s', key: 'n_shared_experts' } },
  { id: 'k-r', tex: ['K_r'], kind: 'dimension', name: 'active routed experts', meaning: 'How many routed experts each token is sent to in each MoE layer.', shape: (m) => [m.num_experts_per_tok], unit: 'experts per token', code: { letter: 'k', key: 'num_experts_per_tok' } },
  { id: 'n-g', tex: ['n_g'], kind: 'dimension', name: 'expert groups', meaning: 'How many equal groups the routed experts fall into for group-limited routing.', shape: (m) => [m.n_group], unit: 'groups', code: { letter: 'G', key: 'n_group' }, only: ['shared-routed-moe'] },
  { id: 'k-g', tex: ['K_g'], kind: 'dimension', name: 'groups kept', meaning: "How many of the best expert groups a token’s routed experts may come from.", shape: (m) => [m.topk_group], unit: 'groups', code: { letter: 'G_k', key: 'topk_group' }, only: ['shared-routed-moe'] },

  // Attention and MLA.
  { id: 'h', tex: ['H'], kind: 'matrix', name: 'normed token rows', meaning: "The attention layer’s input: one row per token, each the token’s residual stream after RMSNorm.", formula: 'T \\times D', shape: (m) => ['T', m.hidden_size], only: ATTENTION_CHAPTERS },
  { id: 'e', tex: ['E'], kind: 'matrix', name: 'embedding table', meaning: 'The table the model looks each token up in before the first layer: one row of D numbers per token of the vocabulary.', formula: 'V \\times D', shape: (m) => [m.vocab_size, m.hidden_size], only: ['transformer', 'language-models'] },
  { id: 'w-o', tex: ['W^O'], kind: 'matrix', name: 'output projection', meaning: "The learned matrix that joins the heads' outputs back into a row of the model’s width.", formula: 'n_h d_v \\times D', shape: (m) => [m.num_attention_heads * m.v_head_dim, m.hidden_size] },
  { id: 'w-dkv', tex: ['W^{DKV}'], kind: 'matrix', name: 'key–value down-projection', meaning: "MLA’s learned matrix that compresses a token’s row into its key–value latent.", formula: 'D \\times d_c', shape: (m) => [m.hidden_size, m.kv_lora_rank] },
  { id: 'w-uk', tex: ['W^{UK}'], kind: 'matrix', name: 'key up-projection', meaning: "MLA’s learned matrix that expands the key–value latent into every head’s content key.", formula: 'd_c \\times n_h d_h', shape: (m) => [m.kv_lora_rank, m.num_attention_heads * m.qk_nope_head_dim] },
  { id: 'w-uk-i', tex: ['W^{UK}_i', 'W_i^{UK}'], kind: 'matrix', name: "one head’s key up-projection", meaning: "Head i’s block of the key up-projection: it turns the latent into that head’s content key.", formula: 'd_c \\times d_h', shape: (m) => [m.kv_lora_rank, m.qk_nope_head_dim] },
  { id: 'w-uv', tex: ['W^{UV}'], kind: 'matrix', name: 'value up-projection', meaning: "MLA’s learned matrix that expands the key–value latent into every head’s value.", formula: 'd_c \\times n_h d_v', shape: (m) => [m.kv_lora_rank, m.num_attention_heads * m.v_head_dim] },
  { id: 'w-uv-i', tex: ['W^{UV}_i', 'W_i^{UV}'], kind: 'matrix', name: "one head’s value up-projection", meaning: "Head i’s block of the value up-projection: it turns the latent into that head’s value.", formula: 'd_c \\times d_v', shape: (m) => [m.kv_lora_rank, m.v_head_dim] },
  { id: 'w-dq', tex: ['W^{DQ}'], kind: 'matrix', name: 'query down-projection', meaning: "MLA’s learned matrix that compresses a token’s row into its query latent.", formula: "D \\times d_c'", shape: (m) => [m.hidden_size, m.q_lora_rank] },
  { id: 'w-uq', tex: ['W^{UQ}'], kind: 'matrix', name: 'query up-projection', meaning: "MLA’s learned matrix that expands the query latent into every head’s content query.", formula: "d_c' \\times n_h d_h", shape: (m) => [m.q_lora_rank, m.num_attention_heads * m.qk_nope_head_dim] },
  { id: 'w-qr', tex: ['W^{QR}'], kind: 'matrix', name: 'RoPE query projection', meaning: "MLA’s learned matrix that makes every head’s rotary query from the query latent.", formula: "d_c' \\times n_h d_h^R", shape: (m) => [m.q_lora_rank, m.num_attention_heads * m.qk_rope_head_dim] },
  { id: 'w-kr', tex: ['W^{KR}'], kind: 'matrix', name: 'RoPE key projection', meaning: "MLA’s learned matrix that makes the one rotary key all heads share, straight from the token’s row.", formula: 'D \\times d_h^R', shape: (m) => [m.hidden_size, m.qk_rope_head_dim] },
  { id: 'c-kv', tex: indexed('c', 'KV', ['t', 'j']), kind: 'vector', name: 'key–value latent', meaning: "The compressed row MLA caches for each token, from which every head’s keys and values are rebuilt.", formula: 'd_c', shape: (m) => [m.kv_lora_rank], unit: 'numbers per token' },
  { id: 'c-q', tex: indexed('c', 'Q', ['t']), kind: 'vector', name: 'query latent', meaning: "The compressed row from which MLA makes a token’s queries; it is not cached.", formula: "d_c'", shape: (m) => [m.q_lora_rank], unit: 'numbers per token' },
  { id: 'k-r-key', tex: indexed('k', 'R', ['t', 'j']), kind: 'vector', name: 'RoPE key', meaning: 'The rotary key: one per token, shared by all heads, rotated by its position and cached beside the latent.', formula: 'd_h^R', shape: (m) => [m.qk_rope_head_dim], unit: 'numbers per token' },
  { id: 'q-r', tex: indexed('q', 'R', ['t,i']), kind: 'vector', name: 'RoPE query', meaning: "A head’s rotary query, rotated by the token’s position; one per head.", formula: 'd_h^R', shape: (m) => [m.qk_rope_head_dim], unit: 'numbers per head' },
  { id: 'q-c', tex: indexed('q', 'C', ['t,i']), kind: 'vector', name: 'content query', meaning: "A head’s query without position, made from the query latent.", formula: 'd_h', shape: (m) => [m.qk_nope_head_dim], unit: 'numbers per head' },
  { id: 'k-c', tex: indexed('k', 'C', ['t,i', 'j,i']), kind: 'vector', name: 'content key', meaning: "A head’s key without position, rebuilt from the token’s latent.", formula: 'd_h', shape: (m) => [m.qk_nope_head_dim], unit: 'numbers per head' },
  { id: 'v-c', tex: indexed('v', 'C', ['t', 't,i', 'j,i']), kind: 'vector', name: 'value', meaning: "A head’s value, rebuilt from the token’s latent.", formula: 'd_v', shape: (m) => [m.v_head_dim], unit: 'numbers per head' },

  // Feed-forward and mixture of experts.
  { id: 'x-t', tex: ['x_t'], kind: 'vector', name: 'residual stream', meaning: "Token t’s row of the residual stream, the running sum every sublayer adds its output to.", formula: 'D', shape: (m) => [m.hidden_size], unit: 'numbers per token' },
  { id: 'u-t', tex: ['u_t'], kind: 'vector', name: 'FFN input', meaning: "Token t’s residual stream after RMSNorm: the row the feed-forward network, the router and every expert read.", formula: 'D', shape: (m) => [m.hidden_size], unit: 'numbers per token', only: MOE_CHAPTERS },
  { id: 'e-i', tex: ['e_i'], kind: 'vector', name: 'expert centroid', meaning: "Routed expert i’s learned vector; the router scores a token by its dot product with it.", formula: 'D', shape: (m) => [m.hidden_size], unit: 'numbers per expert', only: MOE_CHAPTERS },
  { id: 's-it', tex: ['s_{i,t}'], kind: 'scalar', name: 'affinity', meaning: "How strongly token t suits routed expert i: the sigmoid of the dot product of the token’s FFN input with the expert’s centroid.", formula: 'N_r', shape: (m) => [m.n_routed_experts], unit: 'affinities per token', only: MOE_CHAPTERS },
  { id: 'g-it', tex: ['g_{i,t}'], kind: 'scalar', name: 'gate', meaning: "The weight expert i’s output gets for token t: zero unless the expert was chosen, the chosen ones normalised to sum to 1.", formula: 'K_r \\text{ of } N_r', shape: (m) => [m.num_experts_per_tok], unit: `non-zero gates per token`, only: MOE_CHAPTERS },
  { id: 'b-i', tex: ['b_i'], kind: 'scalar', name: 'balancing bias', meaning: "A number added to expert i’s affinity only when choosing experts, nudged after each step so no expert stays overloaded.", formula: 'N_r', shape: (m) => [m.n_routed_experts], unit: 'biases per layer', only: MOE_CHAPTERS },
  { id: 'rho', tex: ['\\rho'], kind: 'scalar', name: 'routed scale', meaning: "The constant the normalised routed gates are multiplied by, the routed scaling factor of the config.", shape: (m) => [m.routed_scaling_factor], only: MOE_CHAPTERS },

  // RoPE.
  { id: 'd-rope', tex: ['d'], kind: 'dimension', name: 'rotary width', meaning: 'How many numbers RoPE rotates in a query or key, as pairs; in DeepSeek, the width of the decoupled rotary part.', formula: 'd_h^R', shape: (m) => [m.qk_rope_head_dim], only: ['rope'] },
  { id: 'theta-i', tex: ['\\theta_i'], kind: 'scalar', name: 'rotation frequency', meaning: 'The angle pair i of a rotary vector turns by per position; the pairs run from fast to slow.', formula: 'd_h^R / 2', shape: (m) => [m.qk_rope_head_dim / 2], unit: 'frequencies', only: ['rope'] },
  { id: 'r-m', tex: ['R_m', 'R_n'], kind: 'matrix', name: 'rotation at position m', meaning: "The block-diagonal matrix that turns each pair of a rotary vector by m times the pair’s frequency.", formula: 'd_h^R \\times d_h^R', shape: (m) => [m.qk_rope_head_dim, m.qk_rope_head_dim], only: ['rope'] },
];

/** TeX as compared: spaces dropped, and braces around a single character or command removed (`d_h^{R}` is `d_h^R`). */
export function normalizeTex(tex: string): string {
  return tex.replace(/\s+/g, '').replace(/\{(\\[A-Za-z]+|[^{}\\])\}/g, '$1');
}

/**
 * The entry a piece of inline TeX stands for in a chapter, if any: the whole `$…$` must be the symbol, so `$d_c$`
 * gets a card and `$d_c = 4 d_h$` does not.
 * @example findNotation('d_h^{R}', 'rope')?.id // 'd-h-r'
 */
export function findNotation(tex: string, chapter: string | undefined, entries: readonly NotationEntry[] = NOTATION): NotationEntry | undefined {
  const key = normalizeTex(tex);
  return entries.find(
    (e) =>
      e.tex.some((t) => normalizeTex(t) === key) &&
      (e.only === undefined || (chapter !== undefined && e.only.includes(chapter))) &&
      !(chapter !== undefined && e.except?.includes(chapter)),
  );
}

const count = (n: number | string): string => (typeof n === 'string' ? n : n.toLocaleString('en-US', { maximumFractionDigits: 3 }));

/**
 * An entry’s size in one model, as the card and the notation page print it.
 * @example sizeText(entry('w-dkv'), miniseek) // '64 × 16'
 */
export function sizeText(entry: NotationEntry, m: ModelSizes): string {
  const text = entry.shape(m).map(count).join(' × ');
  return entry.unit ? `${text} ${entry.unit}` : text;
}

/** Checks the table: unique ids, and no TeX that two entries could both claim in one chapter. */
export function notationProblems(entries: readonly NotationEntry[] = NOTATION): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) problems.push(`id "${e.id}" is used twice`);
    ids.add(e.id);
    if (!/^[a-z][a-z0-9-]*$/.test(e.id)) problems.push(`id "${e.id}" is not a readable anchor`);
  }
  for (const [i, a] of entries.entries()) {
    for (const b of entries.slice(i + 1)) {
      const shared = a.tex.map(normalizeTex).filter((t) => b.tex.map(normalizeTex).includes(t));
      const overlap = a.only === undefined || b.only === undefined || a.only.some((c) => b.only!.includes(c));
      if (shared.length > 0 && overlap) problems.push(`"${shared[0]}" means both ${a.id} and ${b.id}`);
    }
  }
  return problems;
}
