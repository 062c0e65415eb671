/**
 * MLA's absorbed form (V2 §2.1.2 and App. C): W^UK folded into the query side and W^UV into the output, so
 * attention runs on the cached latent c^KV directly and per-head keys and values are never formed. Used to show
 * (and test) that it equals the explicit form; the model itself runs the explicit one.
 */
import { ropeTables, rope } from './attention-ops';
import { qkHeadDim, type MiniSeekConfig } from './config';
import { headColumns, linear, rmsNorm, sliceCols } from './nn-ops';
import { Tensor } from './tensor';
import { weight, type Weights } from './weights';

export interface AbsorbedAttention {
  /** [T, H·d_c]: each query's no-RoPE part carried into latent space, q̃_{t,h} = W^UK_hᵀ q^C_{t,h}. */
  readonly queryLatent: Tensor;
  /** [H, T, T]: attention probabilities computed from q̃·c^KV + q^R·k^R. */
  readonly probs: Tensor;
  /** [T, H·d_c]: each head's weighted sum of the cached latents. */
  readonly latentOutput: Tensor;
  /** [T, H·d_v]: W^UV_h applied to each head's latent output, equal to the explicit attention output. */
  readonly output: Tensor;
  /** [T, D]: the layer's attention result through W^O·blockdiag(W^UV), equal to the explicit o_proj output. */
  readonly out: Tensor;
}

/**
 * @example absorbedAttention(model.config, model.weights, 0, normedInput).out // ≈ trace 'layers.0.attn.out'
 */
export function absorbedAttention(c: MiniSeekConfig, weights: Weights, layer: number, h: Tensor): AbsorbedAttention {
  const P = `model.layers.${layer}.self_attn`;
  const w = (name: string) => weight(weights, `${P}.${name}`);
  const [T] = h.shape as [number];
  const H = c.num_attention_heads;
  const dn = c.qk_nope_head_dim;
  const dr = c.qk_rope_head_dim;
  const dv = c.v_head_dim;
  const dc = c.kv_lora_rank;
  const D = c.hidden_size;
  const tables = ropeTables(T, dr, c.rope_theta);
  const cQ = rmsNorm('c_q', linear('q_a', h, w('q_a_proj.weight')), w('q_a_layernorm.weight'), c.rms_norm_eps);
  const q = linear('q_b', cQ, w('q_b_proj.weight'));
  const qNope = headColumns('q_nope', q, H, dn + dr, 0, dn);
  const qRope = rope('q_rope', headColumns('q_rope_raw', q, H, dn + dr, dn, dr), H, dr, tables, c.rope_interleave);
  const kvA = linear('kv_a', h, w('kv_a_proj_with_mqa.weight'));
  const cKv = rmsNorm('c_kv', sliceCols('c_kv_raw', kvA, 0, dc), w('kv_a_layernorm.weight'), c.rms_norm_eps);
  const kRope = rope('k_rope', sliceCols('k_rope_raw', kvA, dc, dc + dr), 1, dr, tables, c.rope_interleave);
  const kvB = w('kv_b_proj.weight'); // [H·(d_nope+d_v), d_c]: per head, d_nope rows of W^UK then d_v rows of W^UV
  const ukRow = (hd: number, i: number) => (hd * (dn + dv) + i) * dc;
  const uvRow = (hd: number, i: number) => (hd * (dn + dv) + dn + i) * dc;

  const queryLatent = new Tensor('query_latent', [T, H * dc]);
  for (let t = 0; t < T; t++)
    for (let hd = 0; hd < H; hd++)
      for (let i = 0; i < dn; i++) {
        const qi = qNope.data[t * H * dn + hd * dn + i]!;
        for (let j = 0; j < dc; j++) queryLatent.data[t * H * dc + hd * dc + j]! += qi * kvB.data[ukRow(hd, i) + j]!;
      }

  const scale = 1 / Math.sqrt(qkHeadDim(c));
  const probs = new Tensor('probs', [H, T, T]);
  const latentOutput = new Tensor('latent_output', [T, H * dc]);
  for (let hd = 0; hd < H; hd++) {
    for (let t = 0; t < T; t++) {
      const row = (hd * T + t) * T;
      let max = -Infinity;
      for (let j = 0; j <= t; j++) {
        let s = 0;
        for (let i = 0; i < dc; i++) s += queryLatent.data[t * H * dc + hd * dc + i]! * cKv.data[j * dc + i]!;
        for (let i = 0; i < dr; i++) s += qRope.data[t * H * dr + hd * dr + i]! * kRope.data[j * dr + i]!;
        probs.data[row + j] = s * scale;
        max = Math.max(max, s * scale);
      }
      let total = 0;
      for (let j = 0; j <= t; j++) total += probs.data[row + j] = Math.exp(probs.data[row + j]! - max);
      for (let j = 0; j <= t; j++) {
        const p = (probs.data[row + j]! /= total);
        for (let i = 0; i < dc; i++) latentOutput.data[t * H * dc + hd * dc + i]! += p * cKv.data[j * dc + i]!;
      }
    }
  }

  const output = new Tensor('output', [T, H * dv]);
  for (let t = 0; t < T; t++)
    for (let hd = 0; hd < H; hd++)
      for (let i = 0; i < dv; i++) {
        let s = 0;
        for (let j = 0; j < dc; j++) s += kvB.data[uvRow(hd, i) + j]! * latentOutput.data[t * H * dc + hd * dc + j]!;
        output.data[t * H * dv + hd * dv + i] = s;
      }

  // W^UV absorbed into W^O: W' = W^O · blockdiag(W^UV_1 … W^UV_H), [D, H·d_c], applied to the latent outputs.
  const wo = w('o_proj.weight');
  const folded = new Tensor('o_proj_absorbed', [D, H * dc]);
  for (let o = 0; o < D; o++)
    for (let hd = 0; hd < H; hd++)
      for (let i = 0; i < dv; i++) {
        const a = wo.data[o * H * dv + hd * dv + i]!;
        for (let j = 0; j < dc; j++) folded.data[o * H * dc + hd * dc + j]! += a * kvB.data[uvRow(hd, i) + j]!;
      }
  const out = linear('out', latentOutput, folded);
  return { queryLatent, probs, latentOutput, output, out };
}
