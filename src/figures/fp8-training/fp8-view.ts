/**
 * The FP8 chapter's numbers as plain data (the build passes them to the island; the island recomputes them from the
 * live model): one linear's input and weight under per-tensor and block scaling, the simulated accumulator, and
 * MiniSeek's next-word choices with FP8 linears against full precision (the CLI's --fp8 code: fp8-linear.ts).
 */
import { forward, type MiniSeek } from '../../model/forward';
import {
  accumulate,
  accumulateFloat32,
  blockErrors,
  E4M3_MIN_NORMAL,
  quantiseActivation,
  quantiseTensor,
  quantiseWeight,
  relativeError,
  roundE4M3,
} from '../../model/fp8';
import { forwardFp8, fp8Role, recordLinears, type LinearCall } from '../../model/fp8-linear';

/** V3's tile is 128 wide for a hidden size of 7168 (§3.3.2); MiniSeek's matrices are 64 wide, so 16 by default. */
export const DEFAULT_BLOCK = 16;
export const BLOCK_CHOICES = [1, 2, 4, 8, 16, 32, 64, 128] as const;
/** The linear the scaling steps start on: layer 0's down projection, whose input (the SwiGLU's output) has outliers. */
export const DEFAULT_LINEAR = 'layers.0.mlp.out';
/** The reader's added outlier: the input's largest value multiplied by one of these. */
export const OUTLIER_CHOICES = [1, 10, 100, 1000, 10000] as const;
/** V3 §3.3.2: about 14 bits retained, promotion every N_C = 128 elements. */
export const DEFAULT_BITS = 14;
export const DEFAULT_NC = 128;
export const ACCUMULATION_LENGTHS = [128, 1024, 4096, 16384] as const;
/** The trace the page's live run keeps for this figure: none beyond the tokens (the figure reruns the model itself). */
export const FP8_TRACE_NAMES: readonly string[] = ['layers.0.ffn_norm'];

export interface Grid {
  readonly shape: readonly [number, number];
  readonly data: readonly number[];
}

const grid = (rows: number, cols: number, data: ArrayLike<number>): Grid => ({ shape: [rows, cols], data: Array.from(data) });

/** One full-precision forward pass: its logits and every linear it called with its input. */
export interface Reading {
  readonly calls: readonly LinearCall[];
  readonly logits: Float32Array;
  readonly vocab: number;
}

export function readModel(model: MiniSeek, ids: readonly number[]): Reading {
  let logits = new Float32Array(0);
  const calls = recordLinears(() => {
    logits = forward(model, ids).logits.data.slice();
  });
  return { calls, logits, vocab: model.config.vocab_size };
}

/** The linears a reader can pick: attention's, the dense FFN's and the shared experts' (routed experts see few tokens). */
export function linearChoices(reading: Reading): string[] {
  return reading.calls.map((c) => c.name).filter((n) => fp8Role(n).precision === 'fp8' && !/\.expert\.\d+\./.test(n));
}

export interface ScalingStats {
  /** Non-zero values that became zero. */
  readonly underflows: number;
  /** Non-zero values that landed among the subnormals (at most 3 significant bits left, against a normal's 4). */
  readonly subnormals: number;
  /**
   * ‖x̂ − x‖ / ‖x‖ over every value but the largest. Dominated by the largest values, each of which a tile's scale
   * puts exactly on 448: the chapter reports `pushed` instead.
   */
  readonly error: number;
}

/**
 * The values one scale for the tensor pushes below E4M3's normal range (|x|/s < 2^-6, the outlier aside, zeros of
 * the input aside): how many, and their mean relative error under that scale and under the tiles. In the normal
 * range a floating-point format's relative error does not depend on the scale; these are the values it costs.
 */
export interface PushedValues {
  readonly count: number;
  readonly perTensor: number;
  readonly perTile: number;
}

export interface ScalingView {
  readonly name: string;
  readonly T: number;
  readonly out: number;
  readonly in: number;
  readonly block: number;
  readonly outlier: number;
  /** The input as quantised (with the reader's outlier), T × in. */
  readonly x: Grid;
  readonly amax: number;
  readonly median: number;
  /** Where the largest |x| sits. */
  readonly peak: readonly [number, number];
  readonly perTensor: ScalingStats & { readonly scale: number };
  readonly perTile: ScalingStats;
  readonly pushed: PushedValues;
  /** Each 1 × block tile's relative error, T × ⌈in/block⌉. */
  readonly tileErrors: Grid;
  readonly tileScales: Grid;
  /** Each value's |x̂ − x| / |x| under one scale for the tensor (1 where it became 0), T × in. */
  readonly perTensorErrors: Grid;
  /** Each block × block weight block's relative error, ⌈out/block⌉ × ⌈in/block⌉. */
  readonly weightErrors: Grid;
  readonly weightError: number;
  readonly weightPerTensorError: number;
  /** The worst weight block: its index and error. */
  readonly worstBlock: readonly [number, number, number];
}

/** The error is measured on every value but the largest: with an outlier, ‖x‖ is mostly the outlier itself. */
function stats(x: ArrayLike<number>, q: ArrayLike<number>, scales: ArrayLike<number>, scaleOf: (i: number) => number, underflows: number, peak: number): ScalingStats {
  let subnormals = 0;
  let e = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const a = roundE4M3(Math.abs(x[i]!) / scales[scaleOf(i)]!);
    if (x[i] !== 0 && a !== 0 && a < E4M3_MIN_NORMAL) subnormals++;
    if (i === peak) continue;
    e += (q[i]! - x[i]!) ** 2;
    n += x[i]! ** 2;
  }
  return { underflows, subnormals, error: n === 0 ? 0 : Math.sqrt(e / n) };
}

/**
 * One linear's input and weight under one scale for the whole tensor and under V3's tiles and blocks.
 * @example scalingView(reading.calls.find((c) => c.name === 'layers.0.mlp.out')!, 16, 1)
 */
export function scalingView(call: LinearCall, block: number, outlier = 1): ScalingView {
  const { T, out, in: n } = call;
  const x = Float32Array.from(call.x);
  let peak = 0;
  for (let i = 1; i < x.length; i++) if (Math.abs(x[i]!) > Math.abs(x[peak]!)) peak = i;
  x[peak] = Math.fround(x[peak]! * outlier);
  const abs = Array.from(x, Math.abs).sort((a, b) => a - b);
  const pt = quantiseTensor(x, T, n);
  const tl = quantiseActivation(x, T, n, block);
  const across = Math.ceil(n / block);
  const pushed = { count: 0, perTensor: 0, perTile: 0 };
  for (let i = 0; i < x.length; i++) {
    if (i === peak || x[i] === 0 || Math.abs(x[i]!) / pt.scales[0]! >= E4M3_MIN_NORMAL) continue;
    pushed.count++;
    pushed.perTensor += Math.abs(pt.values[i]! - x[i]!) / Math.abs(x[i]!);
    pushed.perTile += Math.abs(tl.values[i]! - x[i]!) / Math.abs(x[i]!);
  }
  if (pushed.count) {
    pushed.perTensor /= pushed.count;
    pushed.perTile /= pushed.count;
  }
  const wq = quantiseWeight(call.w, out, n, block);
  const wErr = blockErrors(call.w, wq.values, out, n, block, block);
  let worst = 0;
  for (let b = 1; b < wErr.length; b++) if (wErr[b]! > wErr[worst]!) worst = b;
  return {
    name: call.name,
    T,
    out,
    in: n,
    block,
    outlier,
    x: grid(T, n, x),
    amax: abs[abs.length - 1]!,
    median: abs[abs.length >> 1]!,
    peak: [Math.floor(peak / n), peak % n],
    perTensor: { ...stats(x, pt.values, pt.scales, () => 0, pt.underflows, peak), scale: pt.scales[0]! },
    perTile: stats(x, tl.values, tl.scales, (i) => Math.floor(i / n) * across + Math.floor((i % n) / block), tl.underflows, peak),
    pushed,
    tileErrors: grid(T, across, blockErrors(x, tl.values, T, n, 1, block)),
    tileScales: grid(T, across, tl.scales),
    perTensorErrors: grid(T, n, x.map((v, i) => (v === 0 ? 0 : Math.abs(pt.values[i]! - v) / Math.abs(v)))),
    weightErrors: grid(wq.blocksDown, wq.blocksAcross, wErr),
    weightError: relativeError(call.w, wq.values),
    weightPerTensorError: relativeError(call.w, quantiseTensor(call.w, out, n).values),
    worstBlock: [Math.floor(worst / wq.blocksAcross), worst % wq.blocksAcross, wErr[worst]!],
  };
}

/** A seeded stream in [0, 1) (a linear congruential generator: the figure and its tests draw the same numbers). */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/**
 * A made-up dot product of K FP8 products (seeded: a ∈ [−0.5, 1.5), b ∈ [0, 1), each rounded to E4M3), as long
 * as V3's K = 4096 and longer; MiniSeek's own have at most 128 terms.
 */
export function syntheticProducts(K: number, seed = 1): Float64Array {
  const r = seeded(seed);
  return Float64Array.from({ length: K }, () => roundE4M3(r() * 2 - 0.5) * roundE4M3(r()));
}

export interface AccumulationRow {
  readonly K: number;
  readonly exact: number;
  /** Relative errors of the limited accumulator alone, promoted every N_C, and of float32 throughout. */
  readonly limited: number;
  readonly promoted: number;
  readonly float32: number;
}

/**
 * @example accumulationView(14, 128)[2].limited // K = 4096, no promotion
 */
export function accumulationView(bits: number, nc: number, lengths: readonly number[] = ACCUMULATION_LENGTHS): AccumulationRow[] {
  const all = syntheticProducts(Math.max(...lengths));
  return lengths.map((K) => {
    const p = all.subarray(0, K);
    let exact = 0;
    for (const v of p) exact += v;
    const rel = (v: number) => Math.abs(v - exact) / Math.abs(exact);
    return {
      K,
      exact,
      limited: rel(accumulate(p, { bits })),
      promoted: rel(accumulate(p, { bits, promoteEvery: nc })),
      float32: rel(accumulateFloat32(p)),
    };
  });
}

/** The same limited accumulator on one of MiniSeek's own dot products (its K is the linear's input width). */
export function realAccumulation(call: LinearCall, bits: number): { K: number; error: number } {
  const row = call.T - 1;
  const products = Array.from({ length: call.in }, (_, i) => call.x[row * call.in + i]! * call.w[i]!);
  const exact = products.reduce((s, v) => s + v, 0);
  return { K: call.in, error: exact === 0 ? 0 : Math.abs(accumulate(products, { bits }) - exact) / Math.abs(exact) };
}

export interface EffectRow {
  readonly full: string;
  readonly fp8: string;
  readonly pFull: number;
  readonly pFp8: number;
  /** max |Δ logit| over the vocabulary. */
  readonly gap: number;
}

export interface EffectView {
  readonly block: number;
  readonly rows: readonly EffectRow[];
  /** Positions whose top next word is the same. */
  readonly agree: number;
  /** (token, slot) expert choices that differ, per MoE layer. */
  readonly routingChanges: readonly { layer: number; changed: number; of: number }[];
  readonly maxGap: number;
  /** The position of the largest logit change, and the word whose logit it is. */
  readonly maxGapAt: number;
  readonly maxGapWord: string;
  /** That word's full-precision probability at that position. */
  readonly maxGapP: number;
  /** Per position: whether any MoE layer chose other experts for it under FP8. */
  readonly routeChanged: readonly boolean[];
}

function softmax(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]!);
  const e = Float64Array.from(row, (v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

const argmax = (p: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
};

/**
 * MiniSeek's next word at every position, full precision against FP8 linears with the given block.
 * @example effectView(model, ids, 16, reading.logits, (id) => tokenizer.tokenOf(id))
 */
export function effectView(model: MiniSeek, ids: readonly number[], block: number, fullLogits: Float32Array, word: (id: number) => string): EffectView {
  const c = model.config;
  const moe = Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => l >= c.first_k_dense_replace);
  const names = moe.map((l) => `layers.${l}.moe.chosen`);
  const full = forward(model, ids, { trace: names });
  const q = forwardFp8(model, ids, block, { trace: names });
  const V = c.vocab_size;
  const rows: EffectRow[] = [];
  let agree = 0;
  let maxGap = 0;
  let maxGapAt = 0;
  let maxGapWord = '';
  let maxGapP = 0;
  for (let t = 0; t < ids.length; t++) {
    const a = fullLogits.subarray(t * V, (t + 1) * V);
    const b = q.logits.data.subarray(t * V, (t + 1) * V);
    const pa = softmax(a);
    const pb = softmax(b);
    const ia = argmax(pa);
    const ib = argmax(pb);
    let gap = 0;
    let gapWord = 0;
    for (let v = 0; v < V; v++) {
      const d = Math.abs(a[v]! - b[v]!);
      if (d > gap) [gap, gapWord] = [d, v];
    }
    if (gap > maxGap) [maxGap, maxGapAt, maxGapWord, maxGapP] = [gap, t, word(gapWord), pa[gapWord]!];
    if (ia === ib) agree++;
    rows.push({ full: word(ia), fp8: word(ib), pFull: pa[ia]!, pFp8: pb[ib]!, gap });
  }
  const routeChanged = ids.map(() => false);
  const routingChanges = moe.map((layer, i) => {
    const A = full.trace.get(names[i]!)!.data;
    const B = q.trace.get(names[i]!)!.data;
    let changed = 0;
    // The chosen experts of a token as a set: the same two in another order is no change.
    const k = c.num_experts_per_tok;
    for (let t = 0; t < ids.length; t++) {
      const sa = new Set(A.subarray(t * k, (t + 1) * k));
      for (const e of B.subarray(t * k, (t + 1) * k)) {
        if (sa.has(e)) continue;
        changed++;
        routeChanged[t] = true;
      }
    }
    return { layer, changed, of: ids.length * k };
  });
  return { block, rows, agree, routingChanges, maxGap, maxGapAt, maxGapWord, maxGapP, routeChanged };
}

export interface PolicyRow {
  readonly kind: string;
  readonly precision: 'fp8' | 'full';
  /** How many of the model's linears of that kind, and their weights' parameter count. */
  readonly linears: number;
  readonly params: number;
}

/** The forward pass's linears grouped by what the recipe does with them (the routed experts as the pass met them). */
export function policyView(model: MiniSeek): PolicyRow[] {
  const c = model.config;
  // Every routed expert once: the dense-mixture trace runs each on every token.
  const ids = [c.bos_token_id, c.bos_token_id];
  const calls = recordLinears(() => forward(model, ids, { trace: Array.from({ length: c.num_hidden_layers }, (_, l) => `layers.${l}.moe.experts`) }));
  const rows = new Map<string, PolicyRow>();
  for (const call of calls) {
    if (/\.expert\.\d+\./.test(call.name)) continue; // counted through .experts.
    const role = fp8Role(call.name);
    const row = rows.get(role.part) ?? { kind: role.part, precision: role.precision, linears: 0, params: 0 };
    rows.set(role.part, { ...row, linears: row.linears + 1, params: row.params + call.w.length });
  }
  // The parameters that are no linear's weight: the embedding table, the norms' scales, the router's bias.
  const others = { embedding: 0, norms: 0, bias: 0 };
  for (const [name, t] of model.weights) {
    if (name === 'model.embed_tokens.weight') others.embedding += t.size;
    else if (/norm\.weight$/.test(name)) others.norms += t.size;
    else if (/e_score_correction_bias$/.test(name)) others.bias += t.size;
  }
  const normCount = [...model.weights.keys()].filter((n) => /norm\.weight$/.test(n)).length;
  return [
    ...rows.values(),
    { kind: 'embedding', precision: 'full', linears: 0, params: others.embedding },
    { kind: 'RMSNorm scales', precision: 'full', linears: normCount, params: others.norms },
    { kind: 'router bias', precision: 'full', linears: 0, params: others.bias },
  ];
}
