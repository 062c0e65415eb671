/**
 * A small multilayer perceptron for the Foundations chapters (issue #17): two inputs, hidden layers of neurons
 * (weighted sum + bias + activation), one output logit read through a sigmoid as P(class 1). Backpropagation is
 * written out layer by layer, not through the model's Tape, because the backpropagation chapter shows every one
 * of these gradients and checks it against a finite difference. Float64 throughout: the numbers a reader checks
 * by hand should not carry float32 noise.
 */
import { seededNormal } from '../model/random';
import type { Point } from './datasets';

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'silu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** How the page writes an activation's name. @example activationName('silu') // 'SiLU' */
export const activationName = (a: Activation): string => ({ relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid', silu: 'SiLU' })[a];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** f(z) and f′(z) of each activation. ReLU's derivative at exactly 0 is taken as 0. */
export const ACTIVATION: Record<Activation, { f: (z: number) => number; df: (z: number) => number }> = {
  relu: { f: (z) => Math.max(0, z), df: (z) => (z > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 },
  sigmoid: { f: sigmoid, df: (z) => sigmoid(z) * (1 - sigmoid(z)) },
  silu: { f: (z) => z * sigmoid(z), df: (z) => sigmoid(z) * (1 + z * (1 - sigmoid(z))) },
};

export interface MlpSpec {
  /** Neurons per hidden layer, e.g. [8, 8]. */
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly seed: number;
}

/** Layer l maps sizes[l] inputs to sizes[l + 1] outputs: W_l is [out, in] row-major, b_l has `out` entries. */
export interface Mlp {
  readonly sizes: readonly number[];
  readonly activation: Activation;
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

/**
 * A fresh network: weights ~ N(0, gain²/fan_in) (gain √2 for ReLU, 1 otherwise), biases 0. Seeded.
 * @example const net = createMlp({ hidden: [8, 8], activation: 'tanh', seed: 1 })
 */
export function createMlp(spec: MlpSpec): Mlp {
  if (spec.hidden.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`mlp: hidden layer sizes must be positive integers, got [${spec.hidden.join(', ')}]`);
  const sizes = [2, ...spec.hidden, 1];
  const normal = seededNormal(spec.seed);
  const gain = spec.activation === 'relu' ? Math.SQRT2 : 1;
  const weights: Float64Array[] = [];
  const biases: Float64Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    weights.push(Float64Array.from({ length: sizes[l + 1]! * fanIn }, () => (gain * normal()) / Math.sqrt(fanIn)));
    biases.push(new Float64Array(sizes[l + 1]!));
  }
  return { sizes, activation: spec.activation, weights, biases };
}

/** Every value of one forward pass: pre-activations z_l and activations a_l per layer (a_0 is the input). */
export interface ForwardTrace {
  readonly z: Float64Array[];
  readonly a: Float64Array[];
  /** The output logit and P(class 1) = σ(logit). */
  readonly logit: number;
  readonly p: number;
}

/**
 * z_l = W_l a_{l−1} + b_l, a_l = f(z_l) for the hidden layers; the last layer's z is the logit.
 * @example forwardMlp(net, 0.3, -0.2).p // P(class 1) at (0.3, −0.2)
 */
export function forwardMlp(net: Mlp, x: number, y: number): ForwardTrace {
  const f = ACTIVATION[net.activation].f;
  const a: Float64Array[] = [Float64Array.of(x, y)];
  const z: Float64Array[] = [];
  const L = net.weights.length;
  for (let l = 0; l < L; l++) {
    const nIn = net.sizes[l]!;
    const nOut = net.sizes[l + 1]!;
    const W = net.weights[l]!;
    const input = a[l]!;
    const zl = new Float64Array(nOut);
    for (let o = 0; o < nOut; o++) {
      let s = net.biases[l]![o]!;
      for (let i = 0; i < nIn; i++) s += W[o * nIn + i]! * input[i]!;
      zl[o] = s;
    }
    z.push(zl);
    a.push(l === L - 1 ? zl : zl.map(f));
  }
  const logit = z[L - 1]![0]!;
  return { z, a, logit, p: sigmoid(logit) };
}

/** Binary cross-entropy of a logit against a label, computed stably: log(1 + e^z) − y·z. */
export function bce(logit: number, label: 0 | 1): number {
  return Math.max(logit, 0) - label * logit + Math.log1p(Math.exp(-Math.abs(logit)));
}

export interface Gradients {
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

/**
 * The mean loss over `batch` and its gradient with respect to every weight and bias, by backpropagation:
 * δ_L = (σ(z_L) − y)/B at the output; δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(z_l) below; ∂L/∂W_l = δ_l a_{l−1}ᵀ, ∂L/∂b_l = δ_l.
 * @example const { loss, grads } = lossAndGradients(net, points.slice(0, 16))
 */
export function lossAndGradients(net: Mlp, batch: readonly Point[]): { loss: number; grads: Gradients } {
  if (batch.length === 0) throw new Error('mlp: an empty batch has no loss');
  const df = ACTIVATION[net.activation].df;
  const L = net.weights.length;
  const grads: Gradients = { weights: net.weights.map((w) => new Float64Array(w.length)), biases: net.biases.map((b) => new Float64Array(b.length)) };
  let loss = 0;
  for (const point of batch) {
    const t = forwardMlp(net, point.x, point.y);
    loss += bce(t.logit, point.label);
    let delta = Float64Array.of((t.p - point.label) / batch.length);
    for (let l = L - 1; l >= 0; l--) {
      const nIn = net.sizes[l]!;
      const nOut = net.sizes[l + 1]!;
      const input = t.a[l]!;
      const gW = grads.weights[l]!;
      const gb = grads.biases[l]!;
      for (let o = 0; o < nOut; o++) {
        gb[o]! += delta[o]!;
        for (let i = 0; i < nIn; i++) gW[o * nIn + i]! += delta[o]! * input[i]!;
      }
      if (l === 0) break;
      const W = net.weights[l]!;
      const below = new Float64Array(nIn);
      for (let i = 0; i < nIn; i++) {
        let s = 0;
        for (let o = 0; o < nOut; o++) s += W[o * nIn + i]! * delta[o]!;
        below[i] = s * df(t.z[l - 1]![i]!);
      }
      delta = below;
    }
  }
  return { loss: loss / batch.length, grads };
}

/**
 * The same derivative by central differences, (L(θ + h) − L(θ − h)) / 2h, for one weight or bias: what the
 * backpropagation chapter checks each analytic gradient against.
 * @example numericGradient(net, batch, { layer: 0, kind: 'weight', index: 3 })
 */
export function numericGradient(net: Mlp, batch: readonly Point[], at: { layer: number; kind: 'weight' | 'bias'; index: number }, h = 1e-5): number {
  const params = (at.kind === 'weight' ? net.weights : net.biases)[at.layer];
  if (!params || at.index < 0 || at.index >= params.length) throw new Error(`mlp: no ${at.kind} ${at.index} in layer ${at.layer}`);
  const mean = () => batch.reduce((s, p) => s + bce(forwardMlp(net, p.x, p.y).logit, p.label), 0) / batch.length;
  const keep = params[at.index]!;
  params[at.index] = keep + h;
  const up = mean();
  params[at.index] = keep - h;
  const down = mean();
  params[at.index] = keep;
  return (up - down) / (2 * h);
}

/** Share of points whose predicted class (P ≥ 0.5) is their label. */
export function accuracy(net: Mlp, points: readonly Point[]): number {
  if (points.length === 0) return 0;
  return points.filter((p) => (forwardMlp(net, p.x, p.y).p >= 0.5 ? 1 : 0) === p.label).length / points.length;
}

/**
 * P(class 1) on an n × n grid over [−1, 1]², row 0 at y = +1 (the top of a drawn square), for the decision boundary.
 * @example decisionGrid(net, 40)[0] // P at (−1, +1)
 */
export function decisionGrid(net: Mlp, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const y = 1 - (2 * r) / (n - 1);
    for (let c = 0; c < n; c++) out[r * n + c] = forwardMlp(net, -1 + (2 * c) / (n - 1), y).p;
  }
  return out;
}
