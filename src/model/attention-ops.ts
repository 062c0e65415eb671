/**
 * Attention's ops on the CPU: RoPE in the reference's interleaved layout, the per-head concatenation of MLA's
 * no-RoPE and RoPE parts, and causal scaled dot-product attention. Each records its backward step. Attention's
 * forward and backward run through `kernels()` (kernels/).
 */
import { gradOf, record } from './autodiff';
import { kernels } from './kernels/active';
import { Tensor, matrixDims } from './tensor';

/**
 * cos and sin of position·θ_i for positions 0..T−1 and θ_i = base^(−2i/d), i < d/2, computed on the CPU
 * (WGSL's sin/cos are too coarse, so the GPU gets these tables too). Each table is [T, d/2].
 * @example const { cos, sin } = ropeTables(7, 8, 10000)
 */
export function ropeTables(T: number, d: number, base: number): { cos: Float32Array; sin: Float32Array } {
  const half = d / 2;
  const cos = new Float32Array(T * half);
  const sin = new Float32Array(T * half);
  for (let i = 0; i < half; i++) {
    // Computed in float32 like the reference's inv_freq, so the angles match it to the last bit that matters.
    const invFreq = Math.fround(1 / base ** ((2 * i) / d));
    for (let t = 0; t < T; t++) {
      const angle = Math.fround(t * invFreq);
      cos[t * half + i] = Math.cos(angle);
      sin[t * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/**
 * Rotates each head's d dimensions pairwise by position (RoFormer, arXiv 2104.09864 §3.4). With `interleave`
 * (the reference's `rope_interleave`), pair i is (x[2i], x[2i+1]) and the output is written de-interleaved,
 * first halves then second halves, exactly as Hugging Face's apply_rotary_pos_emb_interleave leaves it;
 * otherwise pair i is (x[i], x[i+d/2]) (rotate_half). Queries and keys use the same layout, so q·k is the same.
 * @example rope('q_rope', qRope, 4, 8, tables, true) // [T, 4·8]
 */
export function rope(
  name: string,
  x: Tensor,
  heads: number,
  d: number,
  tables: { cos: Float32Array; sin: Float32Array },
  interleave: boolean,
): Tensor {
  const [T, C] = matrixDims(x);
  if (C !== heads * d) throw new Error(`rope "${name}": "${x.name}" has ${C} columns, expected ${heads} heads × ${d}`);
  const half = d / 2;
  if (tables.cos.length < T * half) throw new Error(`rope "${name}": tables cover ${tables.cos.length / half} positions, need ${T}`);
  const a = (i: number) => (interleave ? 2 * i : i);
  const b = (i: number) => (interleave ? 2 * i + 1 : i + half);
  const y = new Tensor(name, [T, C]);
  y.requiresGrad = x.requiresGrad;
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < heads; h++) {
      const base = t * C + h * d;
      for (let i = 0; i < half; i++) {
        const c = tables.cos[t * half + i]!;
        const s = tables.sin[t * half + i]!;
        const xa = x.data[base + a(i)]!;
        const xb = x.data[base + b(i)]!;
        y.data[base + i] = xa * c - xb * s;
        y.data[base + i + half] = xb * c + xa * s;
      }
    }
  }
  record([x], () => {
    const dy = y.grad;
    if (!dy) return;
    const dx = gradOf(x);
    for (let t = 0; t < T; t++) {
      for (let h = 0; h < heads; h++) {
        const base = t * C + h * d;
        for (let i = 0; i < half; i++) {
          const c = tables.cos[t * half + i]!;
          const s = tables.sin[t * half + i]!;
          const g1 = dy[base + i]!;
          const g2 = dy[base + i + half]!;
          // The transpose of a rotation is the rotation back.
          dx[base + a(i)]! += g1 * c + g2 * s;
          dx[base + b(i)]! += -g1 * s + g2 * c;
        }
      }
    }
  });
  return y;
}

/**
 * Per head h: [a_h ; b_h], where a is [T, H·da] and b is either per head [T, H·db] or, with `sharedB`, one
 * block [T, db] that every head shares (MLA's decoupled key k^R). Gives q = [q^C ; q^R] and k = [k^C ; k^R]
 * (V3 eqs. 4 and 9). The gradient of a shared block is the sum over heads.
 * @example concatHeads('k', kNope, kRope, H, true) // [T, H·(d_nope + d_rope)]
 */
export function concatHeads(name: string, a: Tensor, b: Tensor, heads: number, sharedB: boolean): Tensor {
  const [T, Ca] = matrixDims(a);
  const [Tb, Cb] = matrixDims(b);
  if (T !== Tb) throw new Error(`concatHeads "${name}": "${a.name}" has ${T} rows, "${b.name}" ${Tb}`);
  if (Ca % heads !== 0 || (!sharedB && Cb % heads !== 0)) {
    throw new Error(`concatHeads "${name}": ${heads} heads do not divide the columns of "${a.name}" (${Ca}) and "${b.name}" (${Cb})`);
  }
  const da = Ca / heads;
  const db = sharedB ? Cb : Cb / heads;
  const W = da + db;
  const y = new Tensor(name, [T, heads * W]);
  y.requiresGrad = a.requiresGrad || b.requiresGrad;
  const bStart = (t: number, h: number) => (sharedB ? t * Cb : t * Cb + h * db);
  const ad = a.data;
  const bd = b.data;
  const yd = y.data;
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < heads; h++) {
      const out = t * heads * W + h * W;
      const as = t * Ca + h * da;
      const bs = bStart(t, h);
      for (let i = 0; i < da; i++) yd[out + i] = ad[as + i]!;
      for (let i = 0; i < db; i++) yd[out + da + i] = bd[bs + i]!;
    }
  }
  record([a, b], () => {
    const dy = y.grad;
    if (!dy) return;
    const ga = a.requiresGrad ? gradOf(a) : undefined;
    const gb = b.requiresGrad ? gradOf(b) : undefined;
    for (let t = 0; t < T; t++) {
      for (let h = 0; h < heads; h++) {
        const out = t * heads * W + h * W;
        if (ga) for (let i = 0; i < da; i++) ga[t * Ca + h * da + i]! += dy[out + i]!;
        if (gb) for (let i = 0; i < db; i++) gb[bStart(t, h) + i]! += dy[out + da + i]!;
      }
    }
  });
  return y;
}

export interface AttentionResult {
  /** [T, H·d_v]: each head's weighted sum of values, heads side by side (the input of o_proj). */
  readonly output: Tensor;
  /** [H, T, T]: scaled scores q·k/√d with −∞ above the diagonal (future positions), as they enter softmax. */
  readonly scores: Tensor;
  /** [H, T, T]: the softmax of each score row; zero above the diagonal. */
  readonly probs: Tensor;
}

/**
 * Causal scaled dot-product attention for H heads (V3 eq. 10): o_{t,h} = Σ_{j≤t} softmax_j(q_{t,h}·k_{j,h}·scale) v_{j,h}.
 * q and k are [T, H·d_qk], v is [T, H·d_v].
 * @example causalAttention('attn', q, k, v, 4, 1 / Math.sqrt(24))
 */
export function causalAttention(name: string, q: Tensor, k: Tensor, v: Tensor, heads: number, scale: number): AttentionResult {
  const [T, Cq] = matrixDims(q);
  const [Tk, Ck] = matrixDims(k);
  const [Tv, Cv] = matrixDims(v);
  if (Cq !== Ck || T !== Tk || T !== Tv || Cq % heads !== 0 || Cv % heads !== 0) {
    throw new Error(`causalAttention "${name}": q [${q.shape}], k [${k.shape}], v [${v.shape}] do not fit ${heads} heads`);
  }
  const dq = Cq / heads;
  const dv = Cv / heads;
  const scores = new Tensor(`${name}.scores`, [heads, T, T]);
  const probs = new Tensor(`${name}.probs`, [heads, T, T]);
  const output = new Tensor(`${name}.output`, [T, Cv]);
  output.requiresGrad = q.requiresGrad || k.requiresGrad || v.requiresGrad;
  kernels().attentionForward(q.data, k.data, v.data, scores.data, probs.data, output.data, T, heads, dq, dv, scale);
  record([q, k, v], () => {
    const dO = output.grad;
    if (!dO) return;
    const gq = q.requiresGrad ? gradOf(q) : undefined;
    const gk = k.requiresGrad ? gradOf(k) : undefined;
    const gv = v.requiresGrad ? gradOf(v) : undefined;
    kernels().attentionBackward(q.data, k.data, v.data, probs.data, dO, gq, gk, gv, T, heads, dq, dv, scale);
  });
  return { output, scores, probs };
}

/**
 * Each head's own share of the output projection (V3 eq. 11 split by head): with W^O_i the d_v columns of o_proj
 * that read head i, head_out[i] = o_{·,i} W^O_iᵀ in o_proj's [out, in] layout, and Σ_i head_out[i] is the layer's
 * u_t exactly: Concat(head_1, …, head_H) W^O = Σ_i head_i W^O_i. For figures; it records no backward.
 * @example headOutputs('layers.0.attn.head_out', output, oProj, 4) // [4, T, D]
 */
export function headOutputs(name: string, output: Tensor, oProj: Tensor, heads: number): Tensor {
  const [T, C] = matrixDims(output);
  const [D, C2] = matrixDims(oProj);
  if (C !== C2 || C % heads !== 0) throw new Error(`headOutputs "${name}": output [${output.shape}] and o_proj [${oProj.shape}] do not fit ${heads} heads`);
  const dv = C / heads;
  const y = new Tensor(name, [heads, T, D]);
  for (let h = 0; h < heads; h++)
    for (let t = 0; t < T; t++)
      for (let o = 0; o < D; o++) {
        let s = 0;
        for (let i = 0; i < dv; i++) s += output.data[t * C + h * dv + i]! * oProj.data[o * C + h * dv + i]!;
        y.data[(h * T + t) * D + o] = s;
      }
  return y;
}
