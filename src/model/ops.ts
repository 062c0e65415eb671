/** The CPU reference ops used by the figures (matrix product, transpose, scaling, row softmax); shapes use T, D, d_k. */
import { Tensor, matrixDims } from './tensor';

/**
 * Matrix product: a [M, K] · b [K, N] → [M, N].
 * @example matmul('scores', q, transpose('kT', k))
 */
export function matmul(name: string, a: Tensor, b: Tensor): Tensor {
  const [m, k] = matrixDims(a);
  const [k2, n] = matrixDims(b);
  if (k !== k2) {
    throw new Error(`matmul "${name}": inner dimensions differ: "${a.name}" is [${m}, ${k}], "${b.name}" is [${k2}, ${n}]`);
  }
  const out = new Tensor(name, [m, n]);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a.data[i * k + p]!;
      if (aip === 0) continue;
      for (let j = 0; j < n; j++) out.data[i * n + j]! += aip * b.data[p * n + j]!;
    }
  }
  return out;
}

/** Transpose of a 2-D tensor: [M, N] → [N, M]. */
export function transpose(name: string, a: Tensor): Tensor {
  const [m, n] = matrixDims(a);
  const out = new Tensor(name, [n, m]);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.data[j * m + i] = a.data[i * n + j]!;
  return out;
}

/** Multiplies every element by a constant. */
export function scale(name: string, a: Tensor, factor: number): Tensor {
  return new Tensor(name, a.shape, a.data.map((x) => x * factor));
}

/**
 * Softmax over each row, with the row maximum subtracted first so large scores cannot overflow exp.
 * @example softmaxRows('weights', scaled).row(0).reduce((s, x) => s + x) // 1
 */
export function softmaxRows(name: string, a: Tensor): Tensor {
  const [rows, cols] = matrixDims(a);
  const out = new Tensor(name, [rows, cols]);
  for (let r = 0; r < rows; r++) {
    const src = a.row(r);
    const dst = out.data.subarray(r * cols, (r + 1) * cols);
    let max = -Infinity;
    for (const x of src) max = Math.max(max, x);
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      dst[c] = Math.exp(src[c]! - max);
      sum += dst[c]!;
    }
    for (let c = 0; c < cols; c++) dst[c]! /= sum;
  }
  return out;
}
