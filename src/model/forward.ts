/**
 * MiniSeek's forward pass on the CPU, the reference every other backend must match: embedding, then per layer
 * RMSNorm → MLA → residual, RMSNorm → dense SwiGLU or DeepSeekMoE → residual, then the final norm and lm_head.
 * Any named intermediate can be kept in a trace (names and shapes: trace-catalog.ts).
 */
import { causalAttention, concatHeads, headOutputs, rope, ropeTables } from './attention-ops';
import { isMoeLayer, qkHeadDim, type MiniSeekConfig } from './config';
import { chooseExperts, gateValues, pick, sigmoid } from './moe-ops';
import { add, embedding, gatherRows, headColumns, linear, rmsNorm, scatterScaledRows, sliceCols, swiglu, type ScaledRows } from './nn-ops';
import { Tensor } from './tensor';
import { Region, activeRegion, inRegion } from './tensor-memory';
import { weight, type Weights } from './weights';

export interface MiniSeek {
  readonly config: MiniSeekConfig;
  readonly weights: Weights;
}

export interface LayerRouting {
  readonly layer: number;
  /** [T, E] sigmoid affinities (differentiable during training). */
  readonly affinity: Tensor;
  /** [T·k] chosen expert ids. */
  readonly chosen: Int32Array;
}

export interface ForwardResult {
  /** [T, V] next-token logits, one row per position. */
  readonly logits: Tensor;
  /** The traced tensors, by trace name. */
  readonly trace: ReadonlyMap<string, Tensor>;
  /** Each MoE layer's routing, for the balance loss and the load-balancing bias update. */
  readonly routing: readonly LayerRouting[];
}

export interface ForwardOptions {
  /** Trace names to keep, or 'all'. Names a figure does not ask for cost nothing beyond the forward itself. */
  readonly trace?: readonly string[] | 'all';
}

/**
 * @example const { logits, trace } = forward(model, [1, 17, 42], { trace: ['layers.0.attn.probs'] })
 */
export function forward(model: MiniSeek, ids: readonly number[], options: ForwardOptions = {}): ForwardResult {
  // Tensors come from a few large chunks rather than a hundred arrays (tensor-memory.ts); a caller's region wins.
  return activeRegion() ? forwardIn(model, ids, options) : inRegion(new Region(false), () => forwardIn(model, ids, options));
}

function forwardIn(model: MiniSeek, ids: readonly number[], options: ForwardOptions): ForwardResult {
  const c = model.config;
  const w = (name: string) => weight(model.weights, name);
  const T = ids.length;
  if (T === 0) throw new Error('MiniSeek forward: no tokens to run');
  if (T > c.max_position_embeddings) {
    throw new Error(`MiniSeek forward: ${T} tokens exceed max_position_embeddings (${c.max_position_embeddings})`);
  }
  const wanted = options.trace === 'all' ? () => true : (name: string) => options.trace?.includes(name) ?? false;
  const trace = new Map<string, Tensor>();
  const keep = (t: Tensor): Tensor => {
    if (wanted(t.name)) trace.set(t.name, t);
    return t;
  };
  const routing: LayerRouting[] = [];
  const tables = ropeTables(T, c.qk_rope_head_dim, c.rope_theta);

  let x = keep(embedding('embed', ids, w('model.embed_tokens.weight')));
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const L = `layers.${l}`;
    const P = `model.layers.${l}`;
    keep(renamed(x, `${L}.input`));
    const h = keep(rmsNorm(`${L}.attn_norm`, x, w(`${P}.input_layernorm.weight`), c.rms_norm_eps));
    const attn = mla(c, l, h, tables, w, keep, wanted);
    x = keep(add(`${L}.after_attn`, x, attn));
    const u = keep(rmsNorm(`${L}.ffn_norm`, x, w(`${P}.post_attention_layernorm.weight`), c.rms_norm_eps));
    const ffn = isMoeLayer(c, l) ? moe(c, l, u, w, keep, wanted, routing) : swigluMlp(`${L}.mlp`, `${P}.mlp`, u, w, keep);
    x = keep(add(`${L}.output`, x, ffn));
  }
  const final = keep(rmsNorm('final_norm', x, w('model.norm.weight'), c.rms_norm_eps));
  const logits = keep(linear('logits', final, w('lm_head.weight')));
  return { logits, trace, routing };
}

type Keep = (t: Tensor) => Tensor;
type Lookup = (name: string) => Tensor;

/** The same values under a trace name (the residual stream entering a layer is the previous layer's output). */
function renamed(t: Tensor, name: string): Tensor {
  return new Tensor(name, t.shape, t.data);
}

/** Multi-head latent attention (V3 §2.1.1, eqs. 1–11) in the reference's layout. h: [T, D] → [T, D]. */
function mla(c: MiniSeekConfig, l: number, h: Tensor, tables: ReturnType<typeof ropeTables>, w: Lookup, keep: Keep, wanted: (name: string) => boolean): Tensor {
  const L = `layers.${l}.attn`;
  const P = `model.layers.${l}.self_attn`;
  const H = c.num_attention_heads;
  const dn = c.qk_nope_head_dim;
  const dr = c.qk_rope_head_dim;
  const dv = c.v_head_dim;
  const dc = c.kv_lora_rank;
  // Queries: c^Q = RMSNorm(W^DQ h) (eq. 6), then W^UQ and W^QR together as q_b_proj (eqs. 7–8).
  const qA = keep(linear(`${L}.q_a`, h, w(`${P}.q_a_proj.weight`))); // [T, d_cq]
  const cQ = keep(rmsNorm(`${L}.c_q`, qA, w(`${P}.q_a_layernorm.weight`), c.rms_norm_eps)); // [T, d_cq]
  const q = linear(`${L}.q_b`, cQ, w(`${P}.q_b_proj.weight`)); // [T, H·(d_nope+d_rope)]
  const qNope = keep(headColumns(`${L}.q_nope`, q, H, dn + dr, 0, dn)); // [T, H·d_nope]
  const qRope = keep(rope(`${L}.q_rope`, keep(headColumns(`${L}.q_rope_raw`, q, H, dn + dr, dn, dr)), H, dr, tables, c.rope_interleave));
  // Keys and values: one down-projection gives the latent c^KV (eq. 1) and the shared RoPE key k^R (eq. 3).
  const kvA = linear(`${L}.kv_a`, h, w(`${P}.kv_a_proj_with_mqa.weight`)); // [T, d_c + d_rope]
  const cKv = keep(rmsNorm(`${L}.c_kv`, sliceCols(`${L}.c_kv_raw`, kvA, 0, dc), w(`${P}.kv_a_layernorm.weight`), c.rms_norm_eps));
  const kRope = keep(rope(`${L}.k_rope`, keep(sliceCols(`${L}.k_rope_raw`, kvA, dc, dc + dr)), 1, dr, tables, c.rope_interleave));
  const kv = linear(`${L}.kv_b`, cKv, w(`${P}.kv_b_proj.weight`)); // [T, H·(d_nope+d_v)]: W^UK and W^UV (eqs. 2, 5)
  const kNope = keep(headColumns(`${L}.k_nope`, kv, H, dn + dv, 0, dn)); // [T, H·d_nope]
  const v = keep(headColumns(`${L}.v`, kv, H, dn + dv, dn, dv)); // [T, H·d_v]
  const qFull = keep(concatHeads(`${L}.q`, qNope, qRope, H, false)); // [T, H·(d_nope+d_rope)]
  const kFull = keep(concatHeads(`${L}.k`, kNope, kRope, H, true)); // k^R shared by all heads (eq. 4)
  const att = causalAttention(L, qFull, kFull, v, H, 1 / Math.sqrt(qkHeadDim(c)));
  keep(att.scores);
  keep(att.probs);
  keep(att.output);
  // Each head's share of u_t, for the figures that show Concat(heads)·W^O as a sum over heads (computed only on request).
  if (wanted(`${L}.head_out`)) keep(headOutputs(`${L}.head_out`, att.output, w(`${P}.o_proj.weight`), H));
  return keep(linear(`${L}.out`, att.output, w(`${P}.o_proj.weight`))); // eq. 11
}

/** A SwiGLU feed-forward: down(silu(gate(x)) ⊙ up(x)), the dense FFN and every expert alike. */
function swigluMlp(name: string, prefix: string, x: Tensor, w: Lookup, keep: Keep): Tensor {
  const g = keep(linear(`${name}.gate`, x, w(`${prefix}.gate_proj.weight`)));
  const u = keep(linear(`${name}.up`, x, w(`${prefix}.up_proj.weight`)));
  const hidden = keep(swiglu(`${name}.hidden`, g, u));
  return keep(linear(`${name}.out`, hidden, w(`${prefix}.down_proj.weight`)));
}

/**
 * DeepSeekMoE (V3 eq. 12): shared experts on every token plus k routed experts weighted by their gates.
 * u: [T, D] → [T, D].
 */
function moe(
  c: MiniSeekConfig,
  l: number,
  u: Tensor,
  w: Lookup,
  keep: Keep,
  wanted: (name: string) => boolean,
  routing: LayerRouting[],
): Tensor {
  const L = `layers.${l}.moe`;
  const P = `model.layers.${l}.mlp`;
  const T = u.shape[0]!;
  const E = c.n_routed_experts;
  const k = c.num_experts_per_tok;
  const affinity = keep(sigmoid(`${L}.affinity`, linear(`${L}.router_logits`, u, w(`${P}.gate.weight`)))); // [T, E]
  const bias = w(`${P}.gate.e_score_correction_bias`);
  const choice = chooseExperts(affinity.data, bias.data, T, E, c.n_group, c.topk_group, k);
  keep(new Tensor(`${L}.biased`, [T, E], choice.biased));
  keep(new Tensor(`${L}.group_scores`, [T, c.n_group], choice.groupScores));
  keep(new Tensor(`${L}.chosen`, [T, k], Float32Array.from(choice.chosen)));
  const gates = keep(gateValues(`${L}.gates`, affinity, choice.chosen, k, c.norm_topk_prob, c.routed_scaling_factor)); // [T, k]
  routing.push({ layer: l, affinity, chosen: choice.chosen });

  const contributions: ScaledRows[] = [];
  for (let e = 0; e < E; e++) {
    const rows: number[] = [];
    const slots: number[] = [];
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < k; j++) {
        if (choice.chosen[t * k + j] === e) {
          rows.push(t);
          slots.push(t * k + j);
        }
      }
    }
    if (rows.length === 0) continue;
    const name = `${L}.expert.${e}`;
    const out = swigluMlp(name, `${P}.experts.${e}`, gatherRows(`${name}.input`, u, rows), w, (t) => t);
    if (wanted(name)) {
      // The expert's own output, placed at its tokens' rows (zeros where it was not chosen).
      const placed = new Tensor(name, [T, c.hidden_size]);
      rows.forEach((r, i) => placed.data.set(out.row(i), r * c.hidden_size));
      keep(placed);
    }
    contributions.push({ x: out, rows, scale: pick(`${name}.gate`, gates, slots) });
  }
  if (wanted(`${L}.experts`)) {
    // Every routed expert on every token, for figures that show what a dense mixture would compute (the GPU
    // backend computes this tensor anyway); the layer's output above uses only the chosen experts.
    const all = new Tensor(`${L}.experts`, [E, T, c.hidden_size]);
    for (let e = 0; e < E; e++) all.data.set(swigluMlp(`${L}.experts.${e}`, `${P}.experts.${e}`, u, w, (t) => t).data, e * T * c.hidden_size);
    keep(all);
  }
  const routed = keep(scatterScaledRows(`${L}.routed`, T, c.hidden_size, contributions));
  const shared = swigluMlp(`${L}.shared`, `${P}.shared_experts`, u, w, keep);
  return keep(add(`${L}.out`, routed, shared));
}
