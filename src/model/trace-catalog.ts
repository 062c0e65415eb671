/**
 * Every tensor a forward pass can trace, with its shape and meaning: the one place figures, the CLI and the
 * GPU backend look names up. Shapes use the alphabet of config.ts (T tokens, D hidden, H heads, …).
 */
import { isMoeLayer, qkHeadDim, type MiniSeekConfig } from './config';

export interface TraceEntry {
  readonly name: string;
  readonly shape: readonly number[];
  /** The shape in letters, e.g. "[T, d_c]". */
  readonly dims: string;
  readonly meaning: string;
}

/**
 * @example traceCatalog(config, 7).find((e) => e.name === 'layers.0.attn.c_kv')?.shape // [7, 16]
 */
export function traceCatalog(c: MiniSeekConfig, T: number): TraceEntry[] {
  const D = c.hidden_size;
  const H = c.num_attention_heads;
  const E = c.n_routed_experts;
  const k = c.num_experts_per_tok;
  const entries: TraceEntry[] = [];
  const e = (name: string, shape: number[], dims: string, meaning: string) => entries.push({ name, shape, dims, meaning });
  e('embed', [T, D], '[T, D]', 'token embeddings, the residual stream entering layer 0');
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const L = `layers.${l}`;
    e(`${L}.input`, [T, D], '[T, D]', `the residual stream entering layer ${l}`);
    e(`${L}.attn_norm`, [T, D], '[T, D]', 'RMSNorm of the input: h_t, what attention reads');
    e(`${L}.attn.q_a`, [T, c.q_lora_rank], '[T, d_cq]', 'W^DQ h_t, the query down-projection before its RMSNorm');
    e(`${L}.attn.c_q`, [T, c.q_lora_rank], '[T, d_cq]', 'c^Q_t, the compressed query (V3 eq. 6)');
    e(`${L}.attn.q_nope`, [T, H * c.qk_nope_head_dim], '[T, H·d_nope]', 'q^C per head, not rotated by position (eq. 7)');
    e(`${L}.attn.q_rope_raw`, [T, H * c.qk_rope_head_dim], '[T, H·d_rope]', 'c^Q_t W^QR per head before RoPE, each pair side by side (x[2i], x[2i+1]) as the reference interleaves it');
    e(`${L}.attn.q_rope`, [T, H * c.qk_rope_head_dim], '[T, H·d_rope]', 'q^R per head after RoPE (eq. 8), each rotated pair written de-interleaved (first halves, then second halves), as Hugging Face\'s interleave path leaves it');
    e(`${L}.attn.c_kv`, [T, c.kv_lora_rank], '[T, d_c]', 'c^KV_t, the RMSNorm\'d latent: what the KV cache stores (eq. 1)');
    e(`${L}.attn.k_rope_raw`, [T, c.qk_rope_head_dim], '[T, d_rope]', 'h_t W^KR before RoPE, each pair side by side (x[2i], x[2i+1]) as the reference interleaves it');
    e(`${L}.attn.k_rope`, [T, c.qk_rope_head_dim], '[T, d_rope]', 'k^R_t after RoPE, one key shared by all heads, also cached (eq. 3); de-interleaved like q_rope');
    e(`${L}.attn.k_nope`, [T, H * c.qk_nope_head_dim], '[T, H·d_nope]', 'k^C per head = W^UK c^KV (eq. 2)');
    e(`${L}.attn.v`, [T, H * c.v_head_dim], '[T, H·d_v]', 'v^C per head = W^UV c^KV (eq. 5)');
    e(`${L}.attn.q`, [T, H * qkHeadDim(c)], '[T, H·(d_nope+d_rope)]', 'full queries [q^C; q^R] per head (eq. 9)');
    e(`${L}.attn.k`, [T, H * qkHeadDim(c)], '[T, H·(d_nope+d_rope)]', 'full keys [k^C; k^R] per head (eq. 4)');
    e(`${L}.attn.scores`, [H, T, T], '[H, T, T]', 'q·k/√(d_nope+d_rope), −∞ above the diagonal (causal)');
    e(`${L}.attn.probs`, [H, T, T], '[H, T, T]', 'softmax of each score row: the attention pattern (eq. 10)');
    e(`${L}.attn.output`, [T, H * c.v_head_dim], '[T, H·d_v]', 'each head\'s weighted sum of values, heads side by side');
    e(`${L}.attn.head_out`, [H, T, D], '[H, T, D]', 'each head\'s share of u_t, o_{t,i} through its own columns of W^O; the sum over heads is attn.out');
    e(`${L}.attn.out`, [T, D], '[T, D]', 'u_t = W^O [o_1; …; o_H] (eq. 11)');
    e(`${L}.after_attn`, [T, D], '[T, D]', 'residual stream after attention');
    e(`${L}.ffn_norm`, [T, D], '[T, D]', 'RMSNorm of the stream: what the feed-forward or MoE reads');
    if (isMoeLayer(c, l)) {
      e(`${L}.moe.affinity`, [T, E], '[T, E]', 's_{i,t} = σ(u_tᵀ e_i), router affinities (eq. 15)');
      e(`${L}.moe.biased`, [T, E], '[T, E]', 's_{i,t} + b_i: what experts are chosen on (eq. 16)');
      e(`${L}.moe.group_scores`, [T, c.n_group], '[T, G]', 'each group\'s score: the sum of its top-2 biased affinities');
      e(`${L}.moe.chosen`, [T, k], '[T, k]', 'ids of the chosen experts');
      e(`${L}.moe.gates`, [T, k], '[T, k]', 'gate values g_{i,t}, normalised and scaled (eqs. 13–14)');
      for (let x = 0; x < E; x++) e(`${L}.moe.expert.${x}`, [T, D], '[T, D]', `expert ${x}'s output at the tokens routed to it, zero elsewhere`);
      e(`${L}.moe.experts`, [E, T, D], '[E, T, D]', 'every routed expert\'s output at every token (what a dense mixture would weigh); only the chosen enter the output');
      e(`${L}.moe.routed`, [T, D], '[T, D]', 'Σ g_{i,t} FFN_i(u_t) over the chosen experts');
      e(`${L}.moe.shared.gate`, [T, c.moe_intermediate_size * c.n_shared_experts], '[T, E_s·F_e]', 'u_t W_gate of the shared expert, before SiLU');
      e(`${L}.moe.shared.up`, [T, c.moe_intermediate_size * c.n_shared_experts], '[T, E_s·F_e]', 'u_t W_up of the shared expert');
      e(`${L}.moe.shared.hidden`, [T, c.moe_intermediate_size * c.n_shared_experts], '[T, E_s·F_e]', 'shared expert\'s SwiGLU activations');
      e(`${L}.moe.shared.out`, [T, D], '[T, D]', 'shared expert output');
      e(`${L}.moe.out`, [T, D], '[T, D]', 'routed + shared (eq. 12 without the residual)');
    } else {
      e(`${L}.mlp.gate`, [T, c.intermediate_size], '[T, F]', 'u_t W_gate, the dense FFN\'s gate projection before SiLU');
      e(`${L}.mlp.up`, [T, c.intermediate_size], '[T, F]', 'u_t W_up, the dense FFN\'s up projection');
      e(`${L}.mlp.hidden`, [T, c.intermediate_size], '[T, F]', 'silu(gate) ⊙ up, the dense FFN\'s activations');
      e(`${L}.mlp.out`, [T, D], '[T, D]', 'dense SwiGLU output');
    }
    e(`${L}.output`, [T, D], '[T, D]', `residual stream leaving layer ${l}`);
  }
  e('final_norm', [T, D], '[T, D]', 'final RMSNorm');
  e('logits', [T, c.vocab_size], '[T, V]', 'next-token logits, one row per position');
  return entries;
}

/** Just the names (for validating a request). */
export function traceNames(c: MiniSeekConfig): string[] {
  return traceCatalog(c, 1).map((e) => e.name);
}
