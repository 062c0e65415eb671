/**
 * The backpropagation chapter's numbers, all float64 and pure: a 2 → 3 → 1 network on one point (its forward
 * values, the error δ of each layer, every gradient by backpropagation and the same by a central finite difference),
 * and the ways a network's parameters can be edited. Built on src/foundations/mlp.ts, the code the lab trains with.
 */
import type { Point } from '../../foundations/datasets';
import { seededNormal } from '../../model/random';
import { ACTIVATION, createMlp, forwardMlp, lossAndGradients, numericGradient, type Activation, type ForwardTrace, type Mlp } from '../../foundations/mlp';

/** The chapter's network: 2 inputs, 3 hidden neurons, 1 output logit. */
export const TINY_HIDDEN = [3] as const;

/** The spread of the chapter network's starting biases (createMlp starts them at 0). */
const BIAS_SCALE = 0.3;

/** One weight or bias of a network, as numericGradient addresses it, with the names the figure prints. */
export interface ParamRef {
  readonly layer: number;
  readonly kind: 'weight' | 'bias';
  readonly index: number;
  /** KaTeX, e.g. W^{1}_{21}: layer 1, row (neuron) 2, column (input) 1, both counted from 1. */
  readonly tex: string;
  /** Plain text for menus and screen readers, e.g. "W¹[2,1]". */
  readonly text: string;
}

const SUP = ['¹', '²', '³', '⁴', '⁵'];

/**
 * Every parameter of a network in a fixed order: layer 1's weights row by row, then its biases, then layer 2's…
 * @example paramRefs(createTinyNet('tanh', 1)).length // 13 = 3·2 + 3 + 1·3 + 1
 */
export function paramRefs(net: Mlp): ParamRef[] {
  const refs: ParamRef[] = [];
  for (let l = 0; l < net.weights.length; l++) {
    const nIn = net.sizes[l]!;
    const nOut = net.sizes[l + 1]!;
    for (let o = 0; o < nOut; o++)
      for (let i = 0; i < nIn; i++)
        refs.push({ layer: l, kind: 'weight', index: o * nIn + i, tex: `W^{${l + 1}}_{${o + 1}${i + 1}}`, text: `W${SUP[l]}[${o + 1},${i + 1}]` });
    for (let o = 0; o < nOut; o++)
      refs.push({ layer: l, kind: 'bias', index: o, tex: nOut === 1 ? `b^{${l + 1}}` : `b^{${l + 1}}_{${o + 1}}`, text: nOut === 1 ? `b${SUP[l]}` : `b${SUP[l]}[${o + 1}]` });
  }
  return refs;
}

/**
 * The chapter's network, seeded: weights as createMlp draws them, and biases drawn too (small), so that no bias
 * starts at exactly 0 and every number in the figure is one worth checking.
 * @example createTinyNet('tanh', 1).sizes // [2, 3, 1]
 */
export function createTinyNet(activation: Activation, seed: number): Mlp {
  const net = createMlp({ hidden: [...TINY_HIDDEN], activation, seed });
  // Biases from a generator of their own, so the weights are exactly those the lab's createMlp draws for the seed.
  const normal = seededNormal(seed + 1000);
  for (const b of net.biases) for (let o = 0; o < b.length; o++) b[o] = BIAS_SCALE * normal();
  return net;
}

/** The value of one parameter. */
export function paramValue(net: Mlp, ref: ParamRef): number {
  return (ref.kind === 'weight' ? net.weights : net.biases)[ref.layer]![ref.index]!;
}

/**
 * A copy of the network with one parameter changed (the figure's state is never edited in place).
 * @example withParam(net, paramRefs(net)[0]!, 0.5)
 */
export function withParam(net: Mlp, ref: ParamRef, value: number): Mlp {
  const copy: Mlp = { sizes: net.sizes, activation: net.activation, weights: net.weights.map((w) => w.slice()), biases: net.biases.map((b) => b.slice()) };
  (ref.kind === 'weight' ? copy.weights : copy.biases)[ref.layer]![ref.index] = value;
  return copy;
}

/** The same weights read through another activation. */
export function withActivation(net: Mlp, activation: Activation): Mlp {
  return { ...net, activation, weights: net.weights.map((w) => w.slice()), biases: net.biases.map((b) => b.slice()) };
}

/**
 * |a − b| / max(|a|, |b|): how far two computations of one number disagree, as a share of the number. 0 when both are 0.
 * @example relativeDifference(1, 1.001) // ≈ 0.001
 */
export function relativeDifference(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

/** One gradient, computed twice. */
export interface GradientRow {
  readonly ref: ParamRef;
  readonly value: number;
  /** ∂L/∂θ by backpropagation. */
  readonly backprop: number;
  /** The same by (L(θ + h) − L(θ − h)) / 2h. */
  readonly numeric: number;
  readonly rel: number;
}

/** The step of the central difference (mlp.ts's default): small enough for O(h²) error, large enough for rounding. */
export const FD_STEP = 1e-5;

/**
 * Every parameter's gradient on one point, by backpropagation and by a central finite difference.
 * @example gradientRows(net, point).map((r) => r.rel) // all below 1e-7
 */
export function gradientRows(net: Mlp, point: Point): GradientRow[] {
  const { grads } = lossAndGradients(net, [point]);
  // numericGradient nudges a parameter and puts it back: work on a copy so a caller's network is never touched.
  const probe = withActivation(net, net.activation);
  return paramRefs(net).map((ref) => {
    const backprop = (ref.kind === 'weight' ? grads.weights : grads.biases)[ref.layer]![ref.index]!;
    const numeric = numericGradient(probe, [point], ref, FD_STEP);
    return { ref, value: paramValue(net, ref), backprop, numeric, rel: relativeDifference(backprop, numeric) };
  });
}

/** Everything the backward pass of the 2 → 3 → 1 network computes, named as the chapter names it. */
export interface BackwardView {
  readonly forward: ForwardTrace;
  readonly loss: number;
  /** δ² = ∂L/∂z² = p − y, one number. */
  readonly delta2: number;
  /** W²ᵀδ²: what each hidden neuron's output a¹_j receives, ∂L/∂a¹. */
  readonly back: Float64Array;
  /** f′(z¹), the activation's slope at each hidden neuron. */
  readonly slope: Float64Array;
  /** δ¹ = (W²ᵀδ²) ⊙ f′(z¹) = ∂L/∂z¹. */
  readonly delta1: Float64Array;
}

/**
 * The forward values and each layer's δ for one point, written out (the same arithmetic as lossAndGradients).
 * @example backwardView(net, { x: 0.3, y: -0.2, label: 1 }).delta2 // p − 1
 */
export function backwardView(net: Mlp, point: Point): BackwardView {
  if (net.weights.length !== 2) throw new Error(`backwardView: expected a network with one hidden layer, got ${net.weights.length - 1}`);
  const forward = forwardMlp(net, point.x, point.y);
  const { loss } = lossAndGradients(net, [point]);
  const delta2 = forward.p - point.label;
  const W2 = net.weights[1]!;
  const z1 = forward.z[0]!;
  const back = Float64Array.from(W2, (w) => w * delta2);
  const slope = z1.map(ACTIVATION[net.activation].df);
  const delta1 = back.map((g, j) => g * slope[j]!);
  return { forward, loss, delta2, back, slope, delta1 };
}

/** The largest relative difference of a set of rows. */
export function worstRow(rows: readonly GradientRow[]): GradientRow {
  return rows.reduce((a, b) => (b.rel > a.rel ? b : a));
}

/**
 * The largest absolute difference |g_bp − g_fd| of a set of rows: what the finite difference's own errors (its h²
 * term and float64 rounding divided by 2h) add up to, the same size for every parameter.
 */
export function maxAbsDifference(rows: readonly GradientRow[]): number {
  return rows.reduce((m, r) => Math.max(m, Math.abs(r.backprop - r.numeric)), 0);
}

/**
 * How many rows have a gradient smaller in size than this row's, plus one: 1 = the smallest gradient.
 * @example sizeRank(rows, worstRow(rows)) // 2 when the worst relative difference falls on the second-smallest gradient
 */
export function sizeRank(rows: readonly GradientRow[], row: GradientRow): number {
  return rows.filter((r) => Math.abs(r.backprop) < Math.abs(row.backprop)).length + 1;
}

/** What the reader typed, read as a number within ±limit, or the message to show instead. */
export type Parsed = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

/**
 * Reads a typed number: accepts a true minus sign (−) and a decimal comma; refuses empty, non-numbers and huge values.
 * @example parseNumber('−0,5') // { ok: true, value: -0.5 }; parseNumber('abc').ok // false
 */
export function parseNumber(text: string, limit = 10): Parsed {
  const t = text.trim().replace(/^[−–]/, '-').replace(',', '.');
  if (t === '') return { ok: false, message: 'Type a number, for example 0.5.' };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return { ok: false, message: `“${text.trim().slice(0, 24)}” is not a number: use digits, a point and a minus sign, for example −0.25.` };
  const value = Number(t);
  if (!Number.isFinite(value) || Math.abs(value) > limit) return { ok: false, message: `Keep it between −${limit} and ${limit}: beyond that the neurons saturate and nothing new happens.` };
  return { ok: true, value };
}
