/** The arithmetic of one neuron: a weighted sum plus a bias, three activations and their slopes, and their curves. */

/** ReLU(z) = max(0, z). @example relu(-1) // 0 */
export const relu = (z: number): number => Math.max(0, z);

/** The logistic sigmoid σ(z) = 1 / (1 + e^(−z)). @example sigmoid(0) // 0.5 */
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** SiLU(z) = z·σ(z) (Swish with β = 1). @example silu(0) // 0 */
export const silu = (z: number): number => z * sigmoid(z);

/** dReLU/dz: 1 for z > 0, else 0 (at 0 itself frameworks take 0, as here). @example reluSlope(2) // 1 */
export const reluSlope = (z: number): number => (z > 0 ? 1 : 0);

/** dσ/dz = σ(z)(1 − σ(z)), never above 1/4 (its value at 0). @example sigmoidSlope(0) // 0.25 */
export const sigmoidSlope = (z: number): number => sigmoid(z) * (1 - sigmoid(z));

/** dSiLU/dz = σ(z)·(1 + z(1 − σ(z))). @example siluSlope(0) // 0.5 */
export const siluSlope = (z: number): number => sigmoid(z) * (1 + z * (1 - sigmoid(z)));

/**
 * SiLU's steepest slope: above ReLU's 1, near z ≈ 2.4, before it falls back towards 1 (a scan of [0, 10] by 1e-4).
 * @example siluSlopePeak() // { at: 2.3994, value: 1.0998 }
 */
export function siluSlopePeak(): { at: number; value: number } {
  let at = 0;
  for (let z = 0; z <= 10; z += 1e-4) if (siluSlope(z) > siluSlope(at)) at = z;
  return { at, value: siluSlope(at) };
}

export type ActivationName = 'relu' | 'sigmoid' | 'silu';

/** The three activations in the order the chapter draws them, each with its slope. */
export const ACTIVATIONS: readonly { readonly name: ActivationName; readonly label: string; readonly f: (z: number) => number; readonly slope: (z: number) => number }[] = [
  { name: 'relu', label: 'ReLU', f: relu, slope: reluSlope },
  { name: 'sigmoid', label: 'sigmoid', f: sigmoid, slope: sigmoidSlope },
  { name: 'silu', label: 'SiLU', f: silu, slope: siluSlope },
];

/** A toy neuron's inputs, weights (one per input) and bias. */
export interface ToyNeuron {
  readonly x: readonly number[];
  readonly w: readonly number[];
  readonly b: number;
}

/**
 * The pre-activation z = Σ_i w_i x_i + b.
 * @example weightedSum({ x: [1, 2], w: [0.5, -1], b: 0.25 }) // -1.25
 */
export function weightedSum(n: ToyNeuron): number {
  if (n.x.length !== n.w.length) throw new Error(`toy neuron: ${n.x.length} inputs but ${n.w.length} weights`);
  return n.x.reduce((s, x, i) => s + n.w[i]! * x, 0) + n.b;
}

/**
 * A slider's value rounded to its step, so that 0.1 + 0.2 shows as 0.3 and the sum matches what is printed.
 * @example onStep(0.30000000000000004) // 0.3
 */
export const onStep = (v: number, step = 0.1): number => Math.round(v / step) * step;

/**
 * The toy neuron's sum written out term by term, as the figure's worked line prints it.
 * @example sumTerms({ x: [1, -2], w: [0.5, 0.3], b: -0.4 }) // '0.5·1 + 0.3·(−2) + (−0.4)'
 */
export function sumTerms(n: ToyNeuron, f: (x: number) => string = String): string {
  const p = (v: number) => (v < 0 ? `(${f(v)})` : f(v));
  return [...n.x.map((x, i) => `${p(n.w[i]!)}·${p(x)}`), p(n.b)].join(' + ').replace(/-/g, '−');
}

/**
 * The largest possible factor by which n sigmoid layers can scale a gradient through their slopes alone, (1/4)^n.
 * @example sigmoidChainBound(10) // ≈ 9.54e-7
 */
export const sigmoidChainBound = (layers: number): number => 0.25 ** layers;

/** The plot's frame: the z range across and the value range up, mapped onto a width × height box with padding. */
export interface PlotFrame {
  readonly zMin: number;
  readonly zMax: number;
  readonly yMin: number;
  readonly yMax: number;
  readonly width: number;
  readonly height: number;
  readonly pad: number;
}

/**
 * The frame an activation plot draws in: z from −reach to reach, where reach covers every marked z (at least 5); in
 * 'curves' mode the value axis runs from −1 to at least 3 and on past the largest value marked (with a little room), so a dot at
 * z = 10 sits on its curve, inside the frame, not capped at its top edge; in 'slopes' mode from −0.2 to 1.2 (every slope drawn lies in it).
 * @example plotFrame('curves', [1.4], [1.4, 0.8, 1.1]).yMax // 3
 * @example plotFrame('curves', [10], [10, 1, 10]).yMax // 11
 */
export function plotFrame(mode: 'curves' | 'slopes', points: readonly number[], values: readonly number[]): PlotFrame {
  const reach = Math.max(5, ...points.map((z) => Math.ceil(Math.abs(z)) + 1));
  const top = Math.max(3, ...values.filter(Number.isFinite).map((v) => Math.ceil(v + 0.25)));
  return { zMin: -reach, zMax: reach, yMin: mode === 'curves' ? -1 : -0.2, yMax: mode === 'curves' ? top : 1.2, width: 340, height: 190, pad: 24 };
}

/**
 * The value axis's ticks: ¼, ½ and 1 for slopes; for curves −1, then every whole number up to the top when it is 3,
 * or every 2, 5 or 10 so that no more than four ticks stand above 0 (and −1 only while the ticks are a unit apart).
 * @example yTicks(plotFrame('curves', [1.4], [1.4])) // [-1, 1, 2, 3]
 * @example yTicks(plotFrame('curves', [10], [10])) // [5, 10] (the top is 11)
 */
export function yTicks(fr: PlotFrame): number[] {
  if (fr.yMin > -1) return [0.25, 0.5, 1];
  const step = [1, 2, 5, 10, 20].find((s) => fr.yMax / s <= 4) ?? Math.ceil(fr.yMax / 4);
  const up = Array.from({ length: Math.floor(fr.yMax / step) }, (_, i) => (i + 1) * step);
  return step === 1 ? [-1, ...up] : up;
}

/** A tick's label: ¼ for 0.25, and a true minus sign (U+2212), as on the z axis. @example tickLabel(-1) // '−1' */
export const tickLabel = (t: number): string => (t === 0.25 ? '¼' : t === 0.5 ? '½' : String(t).replace('-', '−'));

/** Screen x of a z value. */
export const px = (fr: PlotFrame, z: number): number => fr.pad + ((z - fr.zMin) / (fr.zMax - fr.zMin)) * (fr.width - 2 * fr.pad);
/** Screen y of a value; with `clamp`, held inside the frame (for markers; curves are clipped instead). */
export const py = (fr: PlotFrame, y: number, clamp = false): number => {
  const clamped = clamp ? Math.min(fr.yMax, Math.max(fr.yMin, y)) : y;
  return fr.height - fr.pad - ((clamped - fr.yMin) / (fr.yMax - fr.yMin)) * (fr.height - 2 * fr.pad);
};

/**
 * An SVG path of f over the frame's z range, sampled at n + 1 points; the part outside the frame is for a clip path
 * to cut, so a curve that leaves the top is not drawn as if it levelled off.
 * @example curvePath(frame, relu, 2) // 'M…L…L…'
 */
export function curvePath(fr: PlotFrame, f: (z: number) => number, n = 160): string {
  const parts: string[] = [];
  for (let i = 0; i <= n; i++) {
    const z = fr.zMin + (i / n) * (fr.zMax - fr.zMin);
    parts.push(`${i ? 'L' : 'M'}${px(fr, z).toFixed(1)},${py(fr, f(z)).toFixed(1)}`);
  }
  return parts.join('');
}
