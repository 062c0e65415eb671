/**
 * FP8 as DeepSeek-V3 trains with it (arXiv 2412.19437, §3.3), emulated in float64/float32: the E4M3 format, block
 * scaling (1×B tiles for activations, B×B blocks for weights, scale = amax/448), and an accumulator that keeps only a
 * few mantissa bits, with and without promotion to FP32 every N_C products. Pure functions, no model.
 *
 * E4M3 (the "fn" variant V3 uses): 1 sign bit, 4 exponent bits with bias 7, 3 mantissa bits. Exponent field 0 holds
 * the subnormals m/8 · 2^−6 (so the smallest is 2^−9); fields 1…15 hold normals (1 + m/8) · 2^(e−7); field 15 with
 * mantissa 111 is NaN, which leaves 1.75 · 2^8 = 448 as the largest value. There are no infinities.
 * Conversion here rounds to nearest, ties to even, and saturates: anything beyond ±448 (±∞ included) becomes ±448.
 * NaN encodes to 0x7f (JavaScript cannot read a NaN's sign bit); both NaN codes, 0x7f and 0xff, decode to NaN.
 */

export const E4M3_BIAS = 7;
export const E4M3_MANTISSA_BITS = 3;
/** 1.75 · 2^8: exponent field 1111, mantissa 110 (1111 111 is NaN). */
export const E4M3_MAX = 448;
/** 2^−6: exponent field 0001, mantissa 000. */
export const E4M3_MIN_NORMAL = 2 ** -6;
/** 2^−9: exponent field 0000, mantissa 001. */
export const E4M3_MIN_SUBNORMAL = 2 ** -9;
/** The NaN code with the sign bit clear (0 1111 111). */
export const E4M3_NAN = 0x7f;

/** The exponent e with 2^e ≤ a < 2^(e+1), for a finite a > 0 (exact: Math.log2's rounding is corrected). */
export function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

/** r rounded to the nearest integer, a tie (…​.5) to the even one. */
export function roundHalfEven(r: number): number {
  const f = Math.floor(r);
  const d = r - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * The E4M3 value nearest x (ties to even), saturated to ±448; NaN stays NaN; −0 stays −0.
 * @example roundE4M3(3.3) // 3.25
 */
export function roundE4M3(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a === 0) return x;
  // The spacing of E4M3 values around a: 2^(e−3) for a normal, 2^−9 for the subnormals (e pinned at −6).
  const e = Math.max(exponentOf(Math.min(a, 2 * E4M3_MAX)), -6);
  const quantum = 2 ** (e - E4M3_MANTISSA_BITS);
  const r = Math.min(roundHalfEven(a / quantum) * quantum, E4M3_MAX);
  return x < 0 ? -r : r;
}

/**
 * The byte of x in E4M3 (sign · 4 exponent bits · 3 mantissa bits) after rounding as roundE4M3.
 * @example encodeE4M3(1) // 0x38 = 0 0111 000
 */
export function encodeE4M3(x: number): number {
  if (Number.isNaN(x)) return E4M3_NAN;
  const v = roundE4M3(x);
  const sign = v < 0 || Object.is(v, -0) ? 0x80 : 0;
  const a = Math.abs(v);
  if (a < E4M3_MIN_NORMAL) return sign | (a / E4M3_MIN_SUBNORMAL); // subnormal (or zero): exponent field 0
  const e = exponentOf(a);
  const mantissa = a / 2 ** (e - E4M3_MANTISSA_BITS) - 8;
  return sign | ((e + E4M3_BIAS) << 3) | mantissa;
}

/**
 * The value of an E4M3 byte.
 * @example decodeE4M3(0x7e) // 448
 */
export function decodeE4M3(code: number): number {
  if (!Number.isInteger(code) || code < 0 || code > 255) throw new Error(`decodeE4M3: ${code} is not a byte`);
  const sign = code & 0x80 ? -1 : 1;
  const field = (code >> 3) & 0xf;
  const mantissa = code & 7;
  if (field === 15 && mantissa === 7) return NaN;
  if (field === 0) return sign * mantissa * E4M3_MIN_SUBNORMAL;
  return sign * (1 + mantissa / 8) * 2 ** (field - E4M3_BIAS);
}

/** Everything the encoder figure shows about one number. */
export interface E4M3Reading {
  readonly input: number;
  readonly code: number;
  readonly sign: 0 | 1;
  /** The 4-bit exponent field (0…15) and the 3-bit mantissa field (0…7). */
  readonly exponentField: number;
  readonly mantissaField: number;
  /** The value the byte holds. */
  readonly value: number;
  readonly kind: 'zero' | 'subnormal' | 'normal' | 'nan';
  /** |x| was beyond 448 (or infinite) and was clamped. */
  readonly saturated: boolean;
  /** |x| was non-zero and became zero. */
  readonly underflow: boolean;
  /** value − x, and |value − x| / |x| (0 for x = 0). */
  readonly error: number;
  readonly relativeError: number;
}

/**
 * @example readE4M3(0.005).kind // 'subnormal'
 */
export function readE4M3(x: number): E4M3Reading {
  const code = encodeE4M3(x);
  const value = decodeE4M3(code);
  const exponentField = (code >> 3) & 0xf;
  const mantissaField = code & 7;
  const kind = Number.isNaN(value) ? 'nan' : value === 0 ? 'zero' : exponentField === 0 ? 'subnormal' : 'normal';
  const error = value - x;
  return {
    input: x,
    code,
    sign: code & 0x80 ? 1 : 0,
    exponentField,
    mantissaField,
    value,
    kind,
    saturated: Math.abs(x) > E4M3_MAX,
    underflow: x !== 0 && value === 0,
    error,
    relativeError: x === 0 || !Number.isFinite(x) ? 0 : Math.abs(error) / Math.abs(x),
  };
}

/** A matrix quantised block by block: its dequantised values and one scale per block. */
export interface BlockQuantised {
  /** rows × cols, each value decode(code) · its block's scale, as float32. */
  readonly values: Float32Array;
  /** blocksDown × blocksAcross scales, row-major (amax/448; 1 for an all-zero block). */
  readonly scales: Float32Array;
  readonly blocksDown: number;
  readonly blocksAcross: number;
  /** Non-zero inputs that became zero (below half the block's smallest subnormal step). */
  readonly underflows: number;
}

function checkBlock(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a whole number ≥ 1, got ${n}`);
}

/**
 * Quantises a rows × cols matrix (row-major) in blockRows × blockCols blocks, each with scale = amax/448 so its
 * largest value lands on 448; the blocks at the right and bottom edges are simply smaller. An all-zero block gets
 * scale 1 (any scale keeps zeros zero; 1 avoids dividing by zero).
 * @example quantiseBlocks(w, 64, 64, 16, 16).scales.length // 16
 */
export function quantiseBlocks(data: ArrayLike<number>, rows: number, cols: number, blockRows: number, blockCols: number): BlockQuantised {
  checkBlock('the block height', blockRows);
  checkBlock('the block width', blockCols);
  if (data.length !== rows * cols) throw new Error(`quantiseBlocks: ${data.length} values for a ${rows} × ${cols} matrix`);
  const down = Math.ceil(rows / blockRows);
  const across = Math.ceil(cols / blockCols);
  const values = new Float32Array(rows * cols);
  const scales = new Float32Array(down * across);
  let underflows = 0;
  for (let br = 0; br < down; br++) {
    const r1 = Math.min(rows, (br + 1) * blockRows);
    for (let bc = 0; bc < across; bc++) {
      const c1 = Math.min(cols, (bc + 1) * blockCols);
      let amax = 0;
      for (let r = br * blockRows; r < r1; r++) {
        for (let c = bc * blockCols; c < c1; c++) {
          const v = data[r * cols + c]!;
          if (!Number.isFinite(v)) throw new Error(`quantiseBlocks: value (${r}, ${c}) is ${v}; FP8 scaling needs finite numbers`);
          amax = Math.max(amax, Math.abs(v));
        }
      }
      // The scale is a float32, as the kernels keep it; q = x / s is what is rounded to E4M3.
      const scale = amax === 0 ? 1 : Math.fround(amax / E4M3_MAX);
      scales[br * across + bc] = scale;
      for (let r = br * blockRows; r < r1; r++) {
        for (let c = bc * blockCols; c < c1; c++) {
          const v = data[r * cols + c]!;
          const q = roundE4M3(v / scale);
          if (v !== 0 && q === 0) underflows++;
          values[r * cols + c] = q * scale;
        }
      }
    }
  }
  return { values, scales, blocksDown: down, blocksAcross: across, underflows };
}

/**
 * A weight W [out, in] in block × block blocks (V3 §3.3.2: 128 × 128, "per 128 input channels per 128 output channels").
 * @example quantiseWeight(w.data, 64, 64, 16)
 */
export function quantiseWeight(w: ArrayLike<number>, out: number, inDim: number, block: number): BlockQuantised {
  return quantiseBlocks(w, out, inDim, block, block);
}

/**
 * An activation x [T, in] in 1 × block tiles along its input dimension (V3 §3.3.2: 1 × 128, "per token per 128 channels").
 * @example quantiseActivation(x.data, T, 64, 16)
 */
export function quantiseActivation(x: ArrayLike<number>, T: number, inDim: number, block: number): BlockQuantised {
  return quantiseBlocks(x, T, inDim, 1, block);
}

/** The whole tensor under one scale (per-tensor scaling), for comparison. */
export function quantiseTensor(x: ArrayLike<number>, rows: number, cols: number): BlockQuantised {
  return quantiseBlocks(x, rows, cols, rows, cols);
}

/**
 * Each block's relative error ‖x̂ − x‖ / ‖x‖ over its values (0 for an all-zero block), blocksDown × blocksAcross.
 * @example blockErrors(w, q.values, 64, 64, 16, 16)
 */
export function blockErrors(original: ArrayLike<number>, quantised: ArrayLike<number>, rows: number, cols: number, blockRows: number, blockCols: number): Float64Array {
  const down = Math.ceil(rows / blockRows);
  const across = Math.ceil(cols / blockCols);
  const err = new Float64Array(down * across);
  const norm = new Float64Array(down * across);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const b = Math.floor(r / blockRows) * across + Math.floor(c / blockCols);
      const x = original[r * cols + c]!;
      err[b]! += (quantised[r * cols + c]! - x) ** 2;
      norm[b]! += x * x;
    }
  }
  return err.map((e, b) => (norm[b] === 0 ? 0 : Math.sqrt(e / norm[b]!)));
}

/** ‖x̂ − x‖ / ‖x‖ over a whole tensor. */
export function relativeError(original: ArrayLike<number>, quantised: ArrayLike<number>): number {
  let e = 0;
  let n = 0;
  for (let i = 0; i < original.length; i++) {
    e += (quantised[i]! - original[i]!) ** 2;
    n += original[i]! ** 2;
  }
  return n === 0 ? 0 : Math.sqrt(e / n);
}

/**
 * x kept to `bits` mantissa bits after the leading one (a float with a (bits+1)-bit significand and an unbounded
 * exponent): rounded to nearest even, or chopped toward zero as a fixed-width adder drops the bits it shifts out.
 * @example roundToBits(1 + 2 ** -20, 14) // 1
 */
export function roundToBits(x: number, bits: number, mode: 'nearest' | 'chop' = 'nearest'): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const quantum = 2 ** (exponentOf(Math.abs(x)) - bits);
  const r = x / quantum;
  return (mode === 'chop' ? Math.trunc(r) : Math.sign(r) * roundHalfEven(Math.abs(r))) * quantum;
}

export interface AccumulatorOptions {
  /** Mantissa bits the low-precision accumulator keeps (V3 §3.3.2 measured "around 14" on the H800). */
  readonly bits: number;
  /** Promote the partial sum to an FP32 accumulator every this many products (V3: N_C = 128); 0 or omitted: never. */
  readonly promoteEvery?: number;
  readonly mode?: 'nearest' | 'chop';
}

/**
 * Σ products in a limited-precision accumulator (each partial sum kept to `bits` mantissa bits), optionally promoted:
 * every `promoteEvery` products the partial sum is added into a float32 total and the limited one restarts at 0.
 * @example accumulate(products, { bits: 14, promoteEvery: 128 })
 */
export function accumulate(products: ArrayLike<number>, { bits, promoteEvery = 0, mode = 'chop' }: AccumulatorOptions): number {
  checkBlock('the accumulator bits', bits);
  let total = 0; // the FP32 accumulator on the CUDA cores
  let partial = 0; // the tensor cores' limited accumulator
  for (let i = 0; i < products.length; i++) {
    partial = roundToBits(partial + products[i]!, bits, mode);
    if (promoteEvery > 0 && (i + 1) % promoteEvery === 0) {
      total = Math.fround(total + partial);
      partial = 0;
    }
  }
  return promoteEvery > 0 ? Math.fround(total + partial) : partial;
}

/** Σ products added one by one in float32. */
export function accumulateFloat32(products: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < products.length; i++) s = Math.fround(s + products[i]!);
  return s;
}
