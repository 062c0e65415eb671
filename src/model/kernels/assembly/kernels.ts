// MiniSeek's CPU kernels in AssemblyScript, compiled to WebAssembly with 128-bit SIMD (scripts/build-kernels.ts).
// Every pointer is a byte offset into this module's memory; the caller (../wasm-kernels.ts) copies the operands in
// and the results out. Matrices are row-major float32.
//
// Two products do all the work. gemmNT is nn.Linear's forward, y = x·wᵀ, as dot products of rows read along
// memory. gemm, C[M, N] (+)= A[M, K] · B[K, N], does the rest: A is read through two strides (so Aᵀ costs nothing:
// dW = dYᵀ·X reads dY with its strides swapped) and B and C have a row stride (so a head's columns inside
// [T, H·d] are addressed in place). gemm computes four rows of C and eight columns (two SIMD registers) at once:
// per k, four broadcasts of A, two loads of B and eight multiply-adds, all in registers (8 accumulators + 6
// operands fit the 16 registers of x86-64's SSE). Each of its lanes is one output summed over k in order.

// ---- the general product -------------------------------------------------------------------------------------

@inline function start(c: usize, acc: bool): v128 {
  return acc ? v128.load(c) : f32x4.splat(0);
}

/** Four rows of C, from column j in steps of 8, then 4, then 1. */
function rows4(a: usize, aRow: i32, aK: i32, b: usize, ldb: i32, c: usize, ldc: i32, N: i32, K: i32, acc: bool): void {
  const aR = <usize>(aRow << 2);
  const aStep = <usize>(aK << 2);
  const bStep = <usize>(ldb << 2);
  const cR = <usize>(ldc << 2);
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    const cj = c + (<usize>j << 2);
    let c00 = start(cj, acc), c01 = start(cj + 16, acc);
    let c10 = start(cj + cR, acc), c11 = start(cj + cR + 16, acc);
    let c20 = start(cj + 2 * cR, acc), c21 = start(cj + 2 * cR + 16, acc);
    let c30 = start(cj + 3 * cR, acc), c31 = start(cj + 3 * cR + 16, acc);
    let pa = a;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      const b0 = v128.load(pb);
      const b1 = v128.load(pb, 16);
      const a0 = f32x4.splat(load<f32>(pa));
      const a1 = f32x4.splat(load<f32>(pa + aR));
      const a2 = f32x4.splat(load<f32>(pa + 2 * aR));
      const a3 = f32x4.splat(load<f32>(pa + 3 * aR));
      c00 = f32x4.add(c00, f32x4.mul(a0, b0));
      c01 = f32x4.add(c01, f32x4.mul(a0, b1));
      c10 = f32x4.add(c10, f32x4.mul(a1, b0));
      c11 = f32x4.add(c11, f32x4.mul(a1, b1));
      c20 = f32x4.add(c20, f32x4.mul(a2, b0));
      c21 = f32x4.add(c21, f32x4.mul(a2, b1));
      c30 = f32x4.add(c30, f32x4.mul(a3, b0));
      c31 = f32x4.add(c31, f32x4.mul(a3, b1));
      pa += aStep;
      pb += bStep;
    }
    v128.store(cj, c00);
    v128.store(cj, c01, 16);
    v128.store(cj + cR, c10);
    v128.store(cj + cR, c11, 16);
    v128.store(cj + 2 * cR, c20);
    v128.store(cj + 2 * cR, c21, 16);
    v128.store(cj + 3 * cR, c30);
    v128.store(cj + 3 * cR, c31, 16);
  }
  for (; j + 4 <= N; j += 4) {
    const cj = c + (<usize>j << 2);
    let c0 = start(cj, acc), c1 = start(cj + cR, acc), c2 = start(cj + 2 * cR, acc), c3 = start(cj + 3 * cR, acc);
    let pa = a;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      const b0 = v128.load(pb);
      c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(pa)), b0));
      c1 = f32x4.add(c1, f32x4.mul(f32x4.splat(load<f32>(pa + aR)), b0));
      c2 = f32x4.add(c2, f32x4.mul(f32x4.splat(load<f32>(pa + 2 * aR)), b0));
      c3 = f32x4.add(c3, f32x4.mul(f32x4.splat(load<f32>(pa + 3 * aR)), b0));
      pa += aStep;
      pb += bStep;
    }
    v128.store(cj, c0);
    v128.store(cj + cR, c1);
    v128.store(cj + 2 * cR, c2);
    v128.store(cj + 3 * cR, c3);
  }
  for (; j < N; j++) {
    const cj = c + (<usize>j << 2);
    let s0: f32 = acc ? load<f32>(cj) : 0;
    let s1: f32 = acc ? load<f32>(cj + cR) : 0;
    let s2: f32 = acc ? load<f32>(cj + 2 * cR) : 0;
    let s3: f32 = acc ? load<f32>(cj + 3 * cR) : 0;
    let pa = a;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      const bk = load<f32>(pb);
      s0 += load<f32>(pa) * bk;
      s1 += load<f32>(pa + aR) * bk;
      s2 += load<f32>(pa + 2 * aR) * bk;
      s3 += load<f32>(pa + 3 * aR) * bk;
      pa += aStep;
      pb += bStep;
    }
    store<f32>(cj, s0);
    store<f32>(cj + cR, s1);
    store<f32>(cj + 2 * cR, s2);
    store<f32>(cj + 3 * cR, s3);
  }
}

/** One row of C (the rows left over after the blocks of four). */
function rows1(a: usize, aK: i32, b: usize, ldb: i32, c: usize, N: i32, K: i32, acc: bool): void {
  const aStep = <usize>(aK << 2);
  const bStep = <usize>(ldb << 2);
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    const cj = c + (<usize>j << 2);
    let c0 = start(cj, acc), c1 = start(cj + 16, acc);
    let pa = a;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      const a0 = f32x4.splat(load<f32>(pa));
      c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(pb)));
      c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(pb, 16)));
      pa += aStep;
      pb += bStep;
    }
    v128.store(cj, c0);
    v128.store(cj, c1, 16);
  }
  for (; j + 4 <= N; j += 4) {
    const cj = c + (<usize>j << 2);
    let c0 = start(cj, acc);
    let pa = a;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(pa)), v128.load(pb)));
      pa += aStep;
      pb += bStep;
    }
    v128.store(cj, c0);
  }
  for (; j < N; j++) {
    const cj = c + (<usize>j << 2);
    let s: f32 = acc ? load<f32>(cj) : 0;
    let pa = a;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      s += load<f32>(pa) * load<f32>(pb);
      pa += aStep;
      pb += bStep;
    }
    store<f32>(cj, s);
  }
}

/**
 * C[M, N] = A·B (acc = 0) or C += A·B (acc = 1); A[i][k] at a + 4(i·aRow + k·aK), B[k][j] at b + 4(k·ldb + j),
 * C[i][j] at c + 4(i·ldc + j).
 */
export function gemm(a: usize, aRow: i32, aK: i32, b: usize, ldb: i32, c: usize, ldc: i32, M: i32, N: i32, K: i32, acc: i32): void {
  const accumulate = acc != 0;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    rows4(a + (<usize>(i * aRow) << 2), aRow, aK, b, ldb, c + (<usize>(i * ldc) << 2), ldc, N, K, accumulate);
  }
  for (; i < M; i++) rows1(a + (<usize>(i * aRow) << 2), aK, b, ldb, c + (<usize>(i * ldc) << 2), N, K, accumulate);
}

// ---- y = x·wᵀ (nn.Linear's forward) ---------------------------------------------------------------------------

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Σ_i a[i]·b[i] over the n − n4 elements after the last full SIMD register. */
@inline function tailDot(a: usize, b: usize, n4: i32, n: i32): f32 {
  let s: f32 = 0;
  for (let i = n4; i < n; i++) s += load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2));
  return s;
}

/**
 * y[T, m] = x[T, n] · w[m, n]ᵀ as dot products of rows, both read along memory: two rows of x against four rows of
 * w at a time, eight SIMD accumulators (4 lanes of partial sums each) reduced at the end. No transposed copy of w.
 */
export function gemmNT(x: usize, w: usize, y: usize, T: i32, n: i32, m: i32): void {
  const n4 = n & ~3;
  const rowB = <usize>(n << 2);
  let t = 0;
  for (; t + 2 <= T; t += 2) {
    const xa = x + <usize>(t * n) * 4;
    const xb = xa + rowB;
    const ya = y + <usize>(t * m) * 4;
    const yb = ya + (<usize>m << 2);
    let o = 0;
    for (; o + 4 <= m; o += 4) {
      const w0 = w + <usize>(o * n) * 4;
      const w1 = w0 + rowB;
      const w2 = w1 + rowB;
      const w3 = w2 + rowB;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
      for (let i = 0; i < n4; i += 4) {
        const off = <usize>i << 2;
        const va = v128.load(xa + off);
        const vb = v128.load(xb + off);
        const v0 = v128.load(w0 + off);
        const v1 = v128.load(w1 + off);
        const v2 = v128.load(w2 + off);
        const v3 = v128.load(w3 + off);
        a0 = f32x4.add(a0, f32x4.mul(va, v0));
        a1 = f32x4.add(a1, f32x4.mul(va, v1));
        a2 = f32x4.add(a2, f32x4.mul(va, v2));
        a3 = f32x4.add(a3, f32x4.mul(va, v3));
        b0 = f32x4.add(b0, f32x4.mul(vb, v0));
        b1 = f32x4.add(b1, f32x4.mul(vb, v1));
        b2 = f32x4.add(b2, f32x4.mul(vb, v2));
        b3 = f32x4.add(b3, f32x4.mul(vb, v3));
      }
      const oB = <usize>o << 2;
      store<f32>(ya + oB, hsum(a0) + tailDot(xa, w0, n4, n));
      store<f32>(ya + oB + 4, hsum(a1) + tailDot(xa, w1, n4, n));
      store<f32>(ya + oB + 8, hsum(a2) + tailDot(xa, w2, n4, n));
      store<f32>(ya + oB + 12, hsum(a3) + tailDot(xa, w3, n4, n));
      store<f32>(yb + oB, hsum(b0) + tailDot(xb, w0, n4, n));
      store<f32>(yb + oB + 4, hsum(b1) + tailDot(xb, w1, n4, n));
      store<f32>(yb + oB + 8, hsum(b2) + tailDot(xb, w2, n4, n));
      store<f32>(yb + oB + 12, hsum(b3) + tailDot(xb, w3, n4, n));
    }
    for (; o < m; o++) {
      const w0 = w + <usize>(o * n) * 4;
      let a0 = f32x4.splat(0), b0 = f32x4.splat(0);
      for (let i = 0; i < n4; i += 4) {
        const off = <usize>i << 2;
        const v0 = v128.load(w0 + off);
        a0 = f32x4.add(a0, f32x4.mul(v128.load(xa + off), v0));
        b0 = f32x4.add(b0, f32x4.mul(v128.load(xb + off), v0));
      }
      store<f32>(ya + (<usize>o << 2), hsum(a0) + tailDot(xa, w0, n4, n));
      store<f32>(yb + (<usize>o << 2), hsum(b0) + tailDot(xb, w0, n4, n));
    }
  }
  for (; t < T; t++) {
    const xa = x + <usize>(t * n) * 4;
    const ya = y + <usize>(t * m) * 4;
    for (let o = 0; o < m; o++) {
      const w0 = w + <usize>(o * n) * 4;
      let a0 = f32x4.splat(0);
      for (let i = 0; i < n4; i += 4) a0 = f32x4.add(a0, f32x4.mul(v128.load(xa + (<usize>i << 2)), v128.load(w0 + (<usize>i << 2))));
      store<f32>(ya + (<usize>o << 2), hsum(a0) + tailDot(xa, w0, n4, n));
    }
  }
}

/** dst[cols, rows] = src[rows, cols]ᵀ, where src's rows are `ld` floats apart. */
export function transpose(src: usize, ld: i32, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    const s = src + (<usize>(r * ld) << 2);
    for (let j = 0; j < cols; j++) store<f32>(dst + (<usize>(j * rows + r) << 2), load<f32>(s + (<usize>j << 2)));
  }
}

// ---- attention ----------------------------------------------------------------------------------------------------

/**
 * Turns one head's raw dot products s[T, T] into scaled scores (−∞ above the diagonal) and softmax rows p
 * (0 above the diagonal). Exponentials and the row sum in float64, as the reference does.
 */
function causalSoftmax(s: usize, p: usize, T: i32, scale: f32): void {
  for (let t = 0; t < T; t++) {
    const row = <usize>(t * T) << 2;
    let max: f32 = -Infinity;
    for (let j = 0; j <= t; j++) {
      const v = load<f32>(s + row + (<usize>j << 2)) * scale;
      store<f32>(s + row + (<usize>j << 2), v);
      if (v > max) max = v;
    }
    let total: f64 = 0;
    for (let j = 0; j <= t; j++) {
      const e = Math.exp(<f64>(load<f32>(s + row + (<usize>j << 2)) - max));
      store<f32>(p + row + (<usize>j << 2), <f32>e);
      total += <f64>(<f32>e);
    }
    for (let j = 0; j <= t; j++) store<f32>(p + row + (<usize>j << 2), <f32>(<f64>load<f32>(p + row + (<usize>j << 2)) / total));
    for (let j = t + 1; j < T; j++) {
      store<f32>(s + row + (<usize>j << 2), -Infinity);
      store<f32>(p + row + (<usize>j << 2), 0);
    }
  }
}

/**
 * Causal attention, all heads (V3 eq. 10): per head, S = Q_h·K_hᵀ (through a transposed copy of K_h in `scratch`),
 * softmax, O_h = P_h·V_h. q, k [T, H·dq]; v, out [T, H·dv]; scores, probs [H, T, T]; scratch ≥ dq·T floats.
 * The product covers the whole T×T square, masked entries included: simpler and, at these sizes, barely slower.
 */
export function attentionForward(q: usize, k: usize, v: usize, scores: usize, probs: usize, out: usize, scratch: usize, T: i32, H: i32, dq: i32, dv: i32, scale: f32): void {
  const Cq = H * dq;
  const Cv = H * dv;
  for (let h = 0; h < H; h++) {
    const sh = scores + (<usize>(h * T * T) << 2);
    const ph = probs + (<usize>(h * T * T) << 2);
    transpose(k + (<usize>(h * dq) << 2), Cq, T, dq, scratch);
    gemm(q + (<usize>(h * dq) << 2), Cq, 1, scratch, T, sh, T, T, T, dq, 0);
    causalSoftmax(sh, ph, T, scale);
    gemm(ph, T, 1, v + (<usize>(h * dv) << 2), Cv, out + (<usize>(h * dv) << 2), Cv, T, dv, T, 0);
  }
}

/**
 * Attention's backward for all heads: dP = dO_h·V_hᵀ; dS = P ⊙ (dP − rowsum(P ⊙ dP))·scale; then
 * gq += dS·K_h, gk += dSᵀ·Q_h, gv += P_hᵀ·dO_h (each only when its flag bit is set: 1 q, 2 k, 4 v).
 * scratch ≥ dv·T + 2·T·T floats.
 */
export function attentionBackward(q: usize, k: usize, v: usize, probs: usize, dO: usize, gq: usize, gk: usize, gv: usize, want: i32, scratch: usize, T: i32, H: i32, dq: i32, dv: i32, scale: f32): void {
  const Cq = H * dq;
  const Cv = H * dv;
  const vT = scratch;
  const dP = vT + (<usize>(dv * T) << 2);
  const dS = dP + (<usize>(T * T) << 2);
  for (let h = 0; h < H; h++) {
    const ph = probs + (<usize>(h * T * T) << 2);
    const dOh = dO + (<usize>(h * dv) << 2);
    transpose(v + (<usize>(h * dv) << 2), Cv, T, dv, vT);
    gemm(dOh, Cv, 1, vT, T, dP, T, T, T, dv, 0);
    for (let t = 0; t < T; t++) {
      const row = <usize>(t * T) << 2;
      let weighted: f64 = 0;
      for (let j = 0; j <= t; j++) weighted += <f64>load<f32>(ph + row + (<usize>j << 2)) * <f64>load<f32>(dP + row + (<usize>j << 2));
      for (let j = 0; j <= t; j++) {
        const pj = <f64>load<f32>(ph + row + (<usize>j << 2));
        store<f32>(dS + row + (<usize>j << 2), <f32>(pj * (<f64>load<f32>(dP + row + (<usize>j << 2)) - weighted) * <f64>scale));
      }
      for (let j = t + 1; j < T; j++) store<f32>(dS + row + (<usize>j << 2), 0);
    }
    if (want & 1) gemm(dS, T, 1, k + (<usize>(h * dq) << 2), Cq, gq + (<usize>(h * dq) << 2), Cq, T, dq, T, 1);
    if (want & 2) gemm(dS, 1, T, q + (<usize>(h * dq) << 2), Cq, gk + (<usize>(h * dq) << 2), Cq, T, dq, T, 1);
    if (want & 4) gemm(ph, 1, T, dOh, Cv, gv + (<usize>(h * dv) << 2), Cv, T, dv, T, 1);
  }
}
