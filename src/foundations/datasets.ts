/**
 * Two-dimensional classification problems for the backpropagation lab (issue #17), in the spirit of TensorFlow
 * Playground: points in [−1, 1]² with a label 0 or 1. Seeded, so a lab's "same settings, same curve" holds.
 */
import { seededNormal, seededRandom } from '../model/random';

export interface Point {
  readonly x: number;
  readonly y: number;
  /** The class, 0 or 1. */
  readonly label: 0 | 1;
}

export const DATASETS = ['circle', 'xor', 'gaussians', 'spiral'] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface DatasetOptions {
  readonly points: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (0 = clean). */
  readonly noise: number;
  readonly seed: number;
}

/** What each problem asks of a network, for the lab's menu. */
export const DATASET_LABELS: Record<DatasetName, string> = {
  circle: 'Circle: class 1 inside a ring of class 0',
  xor: 'XOR: the sign of x times the sign of y',
  gaussians: 'Two clusters: separable by a straight line',
  spiral: 'Spiral: two interleaved arms',
};

const clamp = (v: number) => Math.max(-1, Math.min(1, v));

/**
 * `points` labelled points of the named problem; half of each class where the problem allows it.
 * @example makeDataset('circle', { points: 200, noise: 0.05, seed: 1 }).length // 200
 */
export function makeDataset(name: DatasetName, o: DatasetOptions): Point[] {
  if (!Number.isInteger(o.points) || o.points < 2) throw new Error(`dataset: points must be an integer ≥ 2, got ${o.points}`);
  if (!(o.noise >= 0)) throw new Error(`dataset: noise must be ≥ 0, got ${o.noise}`);
  const rand = seededRandom(o.seed);
  const normal = seededNormal(o.seed + 1);
  const noisy = (v: number) => clamp(v + o.noise * normal());
  const out: Point[] = [];
  for (let i = 0; i < o.points; i++) {
    const label: 0 | 1 = i % 2 === 0 ? 0 : 1;
    switch (name) {
      case 'circle': {
        // Class 1 within radius 0.5, class 0 on a ring from 0.7 to 1.0.
        const r = label === 1 ? 0.5 * Math.sqrt(rand()) : 0.7 + 0.3 * rand();
        const a = 2 * Math.PI * rand();
        out.push({ x: noisy(r * Math.cos(a)), y: noisy(r * Math.sin(a)), label });
        break;
      }
      case 'xor': {
        // Uniform in the square away from the axes; the label is whether x and y share a sign.
        const pad = 0.05;
        const x = (pad + (1 - pad) * rand()) * (rand() < 0.5 ? -1 : 1);
        const y = (pad + (1 - pad) * rand()) * (rand() < 0.5 ? -1 : 1);
        out.push({ x: noisy(x), y: noisy(y), label: x * y > 0 ? 1 : 0 });
        break;
      }
      case 'gaussians': {
        const c = label === 1 ? 0.5 : -0.5;
        out.push({ x: clamp(c + 0.25 * normal() + o.noise * normal()), y: clamp(c + 0.25 * normal() + o.noise * normal()), label });
        break;
      }
      case 'spiral': {
        // Two arms, r from 0.05 to 0.95 over 1.75 turns, the second arm turned by π.
        const t = rand();
        const r = 0.05 + 0.9 * t;
        const a = 1.75 * 2 * Math.PI * t + (label === 1 ? Math.PI : 0);
        out.push({ x: noisy(r * Math.cos(a)), y: noisy(r * Math.sin(a)), label });
        break;
      }
    }
  }
  return out;
}
