/**
 * Total and active parameters of a DeepSeekMoE model, counted from its config tensor by tensor as the Hugging Face
 * DeepseekV3/V2 layout stores them. "Active" is what one token's forward pass multiplies by: every weight except
 * the routed experts it was not sent to (K_r of N_r per MoE layer) and the embedding table, from which a token
 * only reads its own row. The arithmetic is the course's one counter (src/model/param-count.ts); this module only
 * splits it into the lines the calculator shows.
 */
import { paramBreakdown, swigluParams } from '../../model/param-count';
import type { MoeModelConfig } from './model-configs';

/** One line of the count: a kind of weight, with its share of the total and of what one token uses. */
export interface ParamPart {
  readonly id: 'embedding' | 'attention' | 'norms' | 'dense' | 'shared' | 'routed' | 'router' | 'head';
  readonly label: string;
  readonly total: number;
  readonly active: number;
}

export interface ParamCount {
  readonly parts: readonly ParamPart[];
  readonly total: number;
  readonly active: number;
  /** The embedding table: a lookup, not a product, so it is in the total but not the active count. */
  readonly embedding: number;
  readonly moeLayers: number;
  /** Weights of one expert: gate, up and down projections of a SwiGLU of width moe_intermediate_size. */
  readonly perExpert: number;
  /**
   * The sizes the chapter's formula N_active = N_total − L_MoE (N_r − K_r) · 3 D F_e − V D names, read from the
   * config: D = hidden_size, F_e = moe_intermediate_size (one expert's width, F_e as in chapters 10–11), V = vocab_size.
   */
  readonly sizes: { readonly D: number; readonly Fe: number; readonly V: number };
}

/**
 * The course's one parameter counter (src/model/param-count.ts), split the way this chapter's calculator shows it:
 * the embedding apart from the output head (a lookup, so not active), MLA's latent RMSNorms with the other norms,
 * and the router's bias only where the model has one (V3 and MiniSeek; V2's router has none).
 * @example countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v3']).total // 671,026,419,200, about 671.0B
 */
export function countParams(c: MoeModelConfig): ParamCount {
  const all = paramBreakdown(c);
  const used = paramBreakdown(c, { active: true });
  const L = c.num_hidden_layers;
  const moeLayers = L - c.first_k_dense_replace;
  const denseLayers = c.first_k_dense_replace;
  const embedding = c.vocab_size * c.hidden_size;
  const latentNorms = L * ((c.q_lora_rank ?? 0) + c.kv_lora_rank);
  const attention = all.attention - latentNorms;
  const norms = all.norms + latentNorms;
  const router = all.router - (c.routing_bias ? 0 : moeLayers * c.n_routed_experts);
  const parts: ParamPart[] = [
    { id: 'embedding', label: 'embedding (a lookup)', total: embedding, active: 0 },
    { id: 'attention', label: 'attention (MLA)', total: attention, active: attention },
    { id: 'norms', label: 'RMSNorm weights', total: norms, active: norms },
    { id: 'dense', label: `dense FFN (first ${denseLayers === 1 ? 'layer' : `${denseLayers} layers`})`, total: all.denseFfn, active: all.denseFfn },
    { id: 'shared', label: 'shared experts', total: all.sharedExperts, active: all.sharedExperts },
    { id: 'routed', label: 'routed experts', total: all.routedExperts, active: used.routedExperts },
    { id: 'router', label: 'routers', total: router, active: router },
    { id: 'head', label: 'output head', total: all.embeddings - embedding, active: all.embeddings - embedding },
  ];
  const sum = (key: 'total' | 'active') => parts.reduce((s, p) => s + p[key], 0);
  return {
    parts, total: sum('total'), active: sum('active'), embedding, moeLayers, perExpert: swigluParams(c.hidden_size, c.moe_intermediate_size),
    sizes: { D: c.hidden_size, Fe: c.moe_intermediate_size, V: c.vocab_size },
  };
}

/**
 * A parameter count in words: "671.0B", "2.59B", "203,872".
 * @example formatParams(671_026_522_112) // '671.0B'
 */
export function formatParams(n: number): string {
  if (n >= 1e11) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  return n.toLocaleString('en-US');
}

/**
 * How far a count is from the paper's figure, as a signed percentage of the paper's figure.
 * @example relativeGap(671.03e9, 671e9) // 0.0039 (per cent)
 */
export function relativeGap(counted: number, stated: number): number {
  return ((counted - stated) / stated) * 100;
}

/**
 * Whether a count rounds to a paper's figure at the precision the paper gives it in billions ("37B": whole
 * billions; "2.4B": tenths). The papers do not say whether their active counts include the embedding table, so
 * the chapter asks this of the count with it and without it.
 * @example roundsTo(36.63e9, 37e9) // true; roundsTo(37.55e9, 37e9) // false
 */
export function roundsTo(counted: number, stated: number): boolean {
  const billions = String(stated / 1e9);
  const decimals = billions.includes('.') ? billions.split('.')[1]!.length : 0;
  return (counted / 1e9).toFixed(decimals) === (stated / 1e9).toFixed(decimals);
}
