/**
 * Total and active parameters of a DeepSeekMoE model, counted from its config tensor by tensor as the Hugging Face
 * DeepseekV3/V2 layout stores them. "Active" is what one token's forward pass multiplies by: every weight except
 * the routed experts it was not sent to (K_r of N_r per MoE layer) and the embedding table, from which a token
 * only reads its own row. Counted this way, V3, V2 and V2-Lite all land on their papers' active counts.
 */
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
}

/** MLA's projections in one layer (V3 eqs. 1–11), with the RMSNorms after the latents. */
function attentionParams(c: MoeModelConfig): { weights: number; norms: number } {
  const D = c.hidden_size;
  const H = c.num_attention_heads;
  const dQK = c.qk_nope_head_dim + c.qk_rope_head_dim;
  const query = c.q_lora_rank ? D * c.q_lora_rank + c.q_lora_rank * H * dQK : D * H * dQK;
  const kvA = D * (c.kv_lora_rank + c.qk_rope_head_dim);
  const kvB = c.kv_lora_rank * H * (c.qk_nope_head_dim + c.v_head_dim);
  const out = H * c.v_head_dim * D;
  return { weights: query + kvA + kvB + out, norms: (c.q_lora_rank ?? 0) + c.kv_lora_rank };
}

/**
 * @example countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v3']).total // 671,026,419,200, about 671.0B
 */
export function countParams(c: MoeModelConfig): ParamCount {
  const L = c.num_hidden_layers;
  const D = c.hidden_size;
  const moeLayers = L - c.first_k_dense_replace;
  const denseLayers = c.first_k_dense_replace;
  const perExpert = 3 * D * c.moe_intermediate_size;
  const att = attentionParams(c);
  const E = c.n_routed_experts;
  const embedding = c.vocab_size * D;
  const dense = c.intermediate_size === undefined ? 0 : denseLayers * 3 * D * c.intermediate_size;
  const shared = moeLayers * c.n_shared_experts * perExpert;
  const routed = moeLayers * E * perExpert;
  const routedActive = moeLayers * c.num_experts_per_tok * perExpert;
  const router = moeLayers * (E * D + (c.routing_bias ? E : 0));
  const norms = L * (2 * D + att.norms) + D;
  const parts: ParamPart[] = [
    { id: 'embedding', label: 'embedding (a lookup)', total: embedding, active: 0 },
    { id: 'attention', label: 'attention (MLA)', total: L * att.weights, active: L * att.weights },
    { id: 'norms', label: 'RMSNorm weights', total: norms, active: norms },
    { id: 'dense', label: `dense FFN (first ${denseLayers === 1 ? 'layer' : `${denseLayers} layers`})`, total: dense, active: dense },
    { id: 'shared', label: 'shared experts', total: shared, active: shared },
    { id: 'routed', label: 'routed experts', total: routed, active: routedActive },
    { id: 'router', label: 'routers', total: router, active: router },
    { id: 'head', label: 'output head', total: embedding, active: embedding },
  ];
  const sum = (key: 'total' | 'active') => parts.reduce((s, p) => s + p[key], 0);
  return { parts, total: sum('total'), active: sum('active'), embedding, moeLayers, perExpert };
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
