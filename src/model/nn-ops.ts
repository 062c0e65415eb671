/**
 * The model's differentiable ops on the CPU: linear, RMSNorm, SwiGLU, embedding, residual add, column slices and row
 * gathers. Each records its backward step when a Tape is active. Linear's three products run through `kernels()`
 * (kernels/: the WebAssembly SIMD ones once loaded, else the plain JavaScript reference).
 */
import { gradOf, record, recording } from './autodiff';
import { kernels } from './kernels/active';
import { Tensor, matrixDims } from './tensor';

function result(name: string, shape: readonly number[], inputs: readonly Tensor[]): Tensor {
  const out = new Tensor(name, shape);
  out.requiresGrad = inputs.some((t) => t.requiresGrad);
  return out;
}

/**
 * What a linear multiplies instead of its input and weight (same sizes), or undefined to keep them: the FP8 chapter's
 * emulation (fp8.ts) passes quantised-then-dequantised copies, chosen by the linear's name.
 */
export type LinearTransform = (name: string, x: Tensor, w: Tensor) => { readonly x: Float32Array; readonly w: Float32Array } | undefined;

/** The transform every linear consults; null outside withLinearTransform, so the ordinary forward pays one check. */
let linearTransform: LinearTransform | null = null;

/**
 * Runs `fn` with every linear's product taken on what `transform` returns (scoped, like the tape's `active`). The
 * backward of a recorded linear still uses the untransformed x and W (a straight-through estimate).
 * @example withLinearTransform(fp8Linears(16), () => forward(model, ids))
 */
export function withLinearTransform<T>(transform: LinearTransform, fn: () => T): T {
  const previous = linearTransform;
  linearTransform = transform;
  try {
    return fn();
  } finally {
    linearTransform = previous;
  }
}

/**
 * y = x·Wᵀ for x [T, in] and a weight stored as nn.Linear does, W [out, in] → y [T, out].
 * @example linear('q_a', h, weights['q_a_proj']) // [T, d_cq]
 */
export function linear(name: string, x: Tensor, w: Tensor): Tensor {
  const [T, n] = matrixDims(x);
  const [m, n2] = matrixDims(w);
  if (n !== n2) throw new Error(`linear "${name}": input "${x.name}" has ${n} columns, weight "${w.name}" expects ${n2} ([${m}, ${n2}])`);
  const y = result(name, [T, m], [x, w]);
  const swapped = linearTransform?.(name, x, w);
  if (swapped && (swapped.x.length !== x.size || swapped.w.length !== w.size)) {
    throw new Error(`linear "${name}": the transform returned ${swapped.x.length} and ${swapped.w.length} values for ${x.size} and ${w.size}`);
  }
  kernels().matmulNT(swapped?.x ?? x.data, swapped?.w ?? w.data, y.data, T, n, m);
  record([x, w], () => {
    const dy = y.grad;
    if (!dy) return;
    // dX = dY·W and dW = dYᵀ·X: two products, each its own kernel.
    if (x.requiresGrad) kernels().matmulNNAcc(dy, w.data, gradOf(x), T, m, n);
    if (w.requiresGrad) kernels().matmulTNAcc(dy, x.data, gradOf(w), T, m, n);
  });
  return y;
}

/** Elementwise a + b (the residual stream). */
export function add(name: string, a: Tensor, b: Tensor): Tensor {
  if (a.size !== b.size) throw new Error(`add "${name}": "${a.name}" [${a.shape}] and "${b.name}" [${b.shape}] differ in size`);
  const y = result(name, a.shape, [a, b]);
  for (let i = 0; i < a.size; i++) y.data[i] = a.data[i]! + b.data[i]!;
  record([a, b], () => {
    const dy = y.grad;
    if (!dy) return;
    for (const t of [a, b]) {
      if (!t.requiresGrad) continue;
      const g = gradOf(t);
      for (let i = 0; i < g.length; i++) g[i]! += dy[i]!;
    }
  });
  return y;
}

/**
 * RMSNorm over each row: y = x / sqrt(mean(x²) + eps) · w, as DeepseekV3RMSNorm.
 * @example rmsNorm('attn_norm', x, weights['input_layernorm'], 1e-6)
 */
export function rmsNorm(name: string, x: Tensor, w: Tensor, eps: number): Tensor {
  const [T, D] = matrixDims(x);
  if (w.size !== D) throw new Error(`rmsNorm "${name}": weight "${w.name}" has ${w.size} values, rows of "${x.name}" have ${D}`);
  const y = result(name, [T, D], [x, w]);
  const inv = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    let ss = 0;
    for (let i = 0; i < D; i++) ss += x.data[t * D + i]! ** 2;
    const r = 1 / Math.sqrt(ss / D + eps);
    inv[t] = r;
    for (let i = 0; i < D; i++) y.data[t * D + i] = x.data[t * D + i]! * r * w.data[i]!;
  }
  record([x, w], () => {
    const dy = y.grad;
    if (!dy) return;
    const xd = x.data;
    const wd = w.data;
    const dx = x.requiresGrad ? gradOf(x) : undefined;
    const dw = w.requiresGrad ? gradOf(w) : undefined;
    for (let t = 0; t < T; t++) {
      const r = inv[t]!;
      const o = t * D;
      if (dx) {
        // d/dx_i of x_i·r·w_i: r·w_i·dy_i − x_i·r³/D · Σ_j dy_j·w_j·x_j
        let dot = 0;
        for (let j = 0; j < D; j++) dot += dy[o + j]! * wd[j]! * xd[o + j]!;
        const k = (r * r * r * dot) / D;
        for (let i = 0; i < D; i++) dx[o + i]! += r * wd[i]! * dy[o + i]! - xd[o + i]! * k;
      }
      if (dw) for (let i = 0; i < D; i++) dw[i]! += dy[o + i]! * xd[o + i]! * r;
    }
  });
  return y;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * SwiGLU's gate: silu(g) ⊙ u, with silu(g) = g·σ(g). An expert is down(swiglu(gate(x), up(x))).
 */
export function swiglu(name: string, g: Tensor, u: Tensor): Tensor {
  if (g.size !== u.size) throw new Error(`swiglu "${name}": gate "${g.name}" and up "${u.name}" differ in size`);
  const y = result(name, g.shape, [g, u]);
  const gd = g.data;
  const ud = u.data;
  const yd = y.data;
  // σ(g) is kept for the backward step only when one will run (it would cost an exp per element again).
  const sig = recording() && y.requiresGrad ? new Float32Array(g.size) : undefined;
  for (let i = 0; i < gd.length; i++) {
    const z = gd[i]!;
    const s = sigmoid(z);
    if (sig) sig[i] = s;
    yd[i] = z * s * ud[i]!;
  }
  record([g, u], () => {
    const dy = y.grad;
    if (!dy || !sig) return;
    if (g.requiresGrad) {
      const dg = gradOf(g);
      for (let i = 0; i < dg.length; i++) {
        const z = gd[i]!;
        const s = sig[i]!;
        dg[i]! += dy[i]! * ud[i]! * s * (1 + z * (1 - s));
      }
    }
    if (u.requiresGrad) {
      const du = gradOf(u);
      for (let i = 0; i < du.length; i++) du[i]! += dy[i]! * gd[i]! * sig[i]!;
    }
  });
  return y;
}

/** Rows of the embedding table for the token ids: E [V, D] → [T, D]. */
export function embedding(name: string, ids: readonly number[], table: Tensor): Tensor {
  const [V, D] = matrixDims(table);
  const y = result(name, [ids.length, D], [table]);
  ids.forEach((id, t) => {
    if (!Number.isInteger(id) || id < 0 || id >= V) throw new Error(`embedding "${name}": token id ${id} is outside 0..${V - 1}`);
    y.data.set(table.data.subarray(id * D, (id + 1) * D), t * D);
  });
  record([table], () => {
    const dy = y.grad;
    if (!dy) return;
    const g = gradOf(table);
    ids.forEach((id, t) => {
      for (let i = 0; i < D; i++) g[id * D + i]! += dy[t * D + i]!;
    });
  });
  return y;
}

/**
 * Columns [start, end) of every row: how a projection's output is split (e.g. c^KV and k^R from kv_a_proj).
 * @example sliceCols('c_kv', kvA, 0, d_c)
 */
export function sliceCols(name: string, x: Tensor, start: number, end: number): Tensor {
  const [T, C] = matrixDims(x);
  if (start < 0 || end > C || start >= end) throw new Error(`sliceCols "${name}": [${start}, ${end}) is not inside the ${C} columns of "${x.name}"`);
  const W = end - start;
  const y = result(name, [T, W], [x]);
  const xd = x.data;
  const yd = y.data;
  for (let t = 0; t < T; t++) for (let i = 0; i < W; i++) yd[t * W + i] = xd[t * C + start + i]!;
  record([x], () => {
    const dy = y.grad;
    if (!dy) return;
    const dx = gradOf(x);
    for (let t = 0; t < T; t++) for (let i = 0; i < W; i++) dx[t * C + start + i]! += dy[t * W + i]!;
  });
  return y;
}

/**
 * Gathers column blocks: for each head h, `width` columns starting at h·stride + offset, concatenated.
 * Splits q_b_proj's output [T, H·(d_nope+d_rope)] into q_nope [T, H·d_nope] and q_rope [T, H·d_rope].
 */
export function headColumns(name: string, x: Tensor, heads: number, stride: number, offset: number, width: number): Tensor {
  const [T, C] = matrixDims(x);
  if (heads * stride !== C || offset + width > stride) {
    throw new Error(`headColumns "${name}": ${heads} heads × stride ${stride} do not tile the ${C} columns of "${x.name}"`);
  }
  const W = heads * width;
  const y = result(name, [T, W], [x]);
  const xd = x.data;
  const yd = y.data;
  // Element loops: a subarray() per head and row would allocate a view each time.
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < heads; h++) {
      const src = t * C + h * stride + offset;
      const dst = t * W + h * width;
      for (let i = 0; i < width; i++) yd[dst + i] = xd[src + i]!;
    }
  }
  record([x], () => {
    const dy = y.grad;
    if (!dy) return;
    const dx = gradOf(x);
    for (let t = 0; t < T; t++)
      for (let h = 0; h < heads; h++)
        for (let i = 0; i < width; i++) dx[t * C + h * stride + offset + i]! += dy[t * W + h * width + i]!;
  });
  return y;
}

/** The listed rows of x, in order: the tokens routed to one expert. */
export function gatherRows(name: string, x: Tensor, rows: readonly number[]): Tensor {
  const [, D] = matrixDims(x);
  const y = result(name, [rows.length, D], [x]);
  for (let i = 0; i < rows.length; i++) {
    const src = rows[i]! * D;
    for (let j = 0; j < D; j++) y.data[i * D + j] = x.data[src + j]!;
  }
  record([x], () => {
    const dy = y.grad;
    if (!dy) return;
    const dx = gradOf(x);
    for (let i = 0; i < rows.length; i++) {
      const o = rows[i]! * D;
      for (let j = 0; j < D; j++) dx[o + j]! += dy[i * D + j]!;
    }
  });
  return y;
}

/** One expert's part of a scatter: its outputs x [n, D], the token row of each, and each one's gate [n]. */
export interface ScaledRows {
  readonly x: Tensor;
  readonly rows: readonly number[];
  readonly scale: Tensor;
}

/**
 * out[rows[i]] += scale[i] · x[i] for every part and every i, in part order, into a fresh [T, D] tensor: the
 * routed experts' weighted outputs put back at their tokens' positions and summed. One output for all parts, not
 * one [T, D] tensor per expert (adding an expert's zeros elsewhere changes nothing). The gradient flows to each
 * part's x and gate values.
 */
export function scatterScaledRows(name: string, T: number, D: number, parts: readonly ScaledRows[]): Tensor {
  for (const { x, rows, scale } of parts) {
    const [n, Dx] = matrixDims(x);
    if (Dx !== D) throw new Error(`scatterScaledRows "${name}": "${x.name}" has ${Dx} columns, expected ${D}`);
    if (rows.length !== n || scale.size !== n) throw new Error(`scatterScaledRows "${name}": ${rows.length} rows and ${scale.size} gates for ${n} inputs`);
  }
  const y = result(name, [T, D], parts.flatMap((p) => [p.x, p.scale]));
  const yd = y.data;
  for (const { x, rows, scale } of parts) {
    const xd = x.data;
    for (let i = 0; i < rows.length; i++) {
      const s = scale.data[i]!;
      const o = rows[i]! * D;
      for (let j = 0; j < D; j++) yd[o + j]! += Math.fround(s * xd[i * D + j]!);
    }
  }
  record(
    parts.flatMap((p) => [p.x, p.scale]),
    () => {
      const dy = y.grad;
      if (!dy) return;
      for (const { x, rows, scale } of parts) {
        const dx = x.requiresGrad ? gradOf(x) : undefined;
        const ds = scale.requiresGrad ? gradOf(scale) : undefined;
        const xd = x.data;
        for (let i = 0; i < rows.length; i++) {
          const s = scale.data[i]!;
          const o = rows[i]! * D;
          let dot = 0;
          for (let j = 0; j < D; j++) {
            const g = dy[o + j]!;
            if (dx) dx[i * D + j]! += s * g;
            dot += g * xd[i * D + j]!;
          }
          if (ds) ds[i]! += dot;
        }
      }
    },
  );
  return y;
}

/** Sums tensors of one shape (the routed experts' contributions). An empty list gives zeros of `shape`. */
export function sum(name: string, shape: readonly number[], parts: readonly Tensor[]): Tensor {
  const y = result(name, shape, parts);
  for (const p of parts) {
    if (p.size !== y.size) throw new Error(`sum "${name}": "${p.name}" has ${p.size} values, expected ${y.size}`);
    for (let i = 0; i < y.size; i++) y.data[i]! += p.data[i]!;
  }
  record(parts, () => {
    const dy = y.grad;
    if (!dy) return;
    for (const p of parts) {
      if (!p.requiresGrad) continue;
      const g = gradOf(p);
      for (let i = 0; i < g.length; i++) g[i]! += dy[i]!;
    }
  });
  return y;
}
