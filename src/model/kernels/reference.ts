/**
 * The compute kernels in plain JavaScript: the readable reference the fast WebAssembly kernels are checked
 * against, and the fallback where WebAssembly SIMD is missing. Sums run in float64 (JavaScript numbers) and are
 * stored as float32.
 */
import type { Kernels } from './kernel-types';

export const referenceKernels: Kernels = {
  name: 'reference',

  matmulNT(x, w, y, T, n, m) {
    for (let t = 0; t < T; t++) {
      const xo = t * n;
      for (let o = 0; o < m; o++) {
        const wo = o * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += x[xo + i]! * w[wo + i]!;
        y[t * m + o] = s;
      }
    }
  },

  matmulNNAcc(dy, w, dx, T, m, n) {
    for (let t = 0; t < T; t++) {
      const xo = t * n;
      for (let o = 0; o < m; o++) {
        const g = dy[t * m + o]!;
        if (g === 0) continue;
        const wo = o * n;
        for (let i = 0; i < n; i++) dx[xo + i]! += g * w[wo + i]!;
      }
    }
  },

  matmulTNAcc(dy, x, dw, T, m, n) {
    for (let t = 0; t < T; t++) {
      const xo = t * n;
      for (let o = 0; o < m; o++) {
        const g = dy[t * m + o]!;
        if (g === 0) continue;
        const wo = o * n;
        for (let i = 0; i < n; i++) dw[wo + i]! += g * x[xo + i]!;
      }
    }
  },

  attentionForward(q, k, v, scores, probs, out, T, H, dq, dv, scale) {
    const Cq = H * dq;
    const Cv = H * dv;
    out.fill(0, 0, T * Cv);
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const row = (h * T + t) * T;
        let max = -Infinity;
        for (let j = 0; j < T; j++) {
          if (j > t) {
            scores[row + j] = -Infinity;
            probs[row + j] = 0;
            continue;
          }
          let s = 0;
          for (let i = 0; i < dq; i++) s += q[t * Cq + h * dq + i]! * k[j * Cq + h * dq + i]!;
          s *= scale;
          scores[row + j] = s;
          if (s > max) max = s;
        }
        let total = 0;
        for (let j = 0; j <= t; j++) {
          const e = Math.exp(scores[row + j]! - max);
          probs[row + j] = e;
          total += e;
        }
        for (let j = 0; j <= t; j++) {
          const p = probs[row + j]! / total;
          probs[row + j] = p;
          for (let i = 0; i < dv; i++) out[t * Cv + h * dv + i]! += p * v[j * Cv + h * dv + i]!;
        }
      }
    }
  },

  attentionBackward(q, k, v, probs, dO, gq, gk, gv, T, H, dq, dv, scale) {
    const Cq = H * dq;
    const Cv = H * dv;
    const dp = new Float32Array(T);
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const row = (h * T + t) * T;
        let weighted = 0;
        for (let j = 0; j <= t; j++) {
          const p = probs[row + j]!;
          let d = 0;
          for (let i = 0; i < dv; i++) {
            const g = dO[t * Cv + h * dv + i]!;
            d += g * v[j * Cv + h * dv + i]!;
            if (gv) gv[j * Cv + h * dv + i]! += p * g;
          }
          dp[j] = d;
          weighted += p * d;
        }
        for (let j = 0; j <= t; j++) {
          // softmax backward, then the 1/√d scale: d(score_tj) = p_tj (dp_tj − Σ p·dp) · scale
          const ds = probs[row + j]! * (dp[j]! - weighted) * scale;
          if (ds === 0) continue;
          for (let i = 0; i < dq; i++) {
            if (gq) gq[t * Cq + h * dq + i]! += ds * k[j * Cq + h * dq + i]!;
            if (gk) gk[j * Cq + h * dq + i]! += ds * q[t * Cq + h * dq + i]!;
          }
        }
      }
    }
  },
};
