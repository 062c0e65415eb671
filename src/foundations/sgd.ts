/**
 * Mini-batch stochastic gradient descent for the Foundations MLP (seed 003: divide randomly shuffled data into
 * mini-batches and do backpropagation one batch at a time). Seeded: the same data, network and settings give the
 * same curve, step for step.
 */
import { seededRandom } from '../model/random';
import type { Point } from './datasets';
import { lossAndGradients, type Mlp } from './mlp';

export interface SgdSettings {
  /** Step size η: θ ← θ − η ∂L/∂θ. */
  readonly lr: number;
  /** Points per mini-batch (the last batch of an epoch may be smaller). */
  readonly batch: number;
}

export interface SgdStep {
  /** Steps done, this one included. */
  readonly step: number;
  /** Passes over the data started so far (1 during the first). */
  readonly epoch: number;
  /** The mini-batch's mean loss before this step's update. */
  readonly loss: number;
}

/** Trains `net` in place, one mini-batch per `step()`; the settings may change between steps. */
export class SgdTrainer {
  private readonly rand: () => number;
  private order: number[] = [];
  private cursor = 0;
  private steps = 0;
  private epochs = 0;

  constructor(
    readonly net: Mlp,
    private readonly data: readonly Point[],
    public settings: SgdSettings,
    seed: number,
  ) {
    if (data.length === 0) throw new Error('sgd: no data to train on');
    checkSettings(settings);
    this.rand = seededRandom(seed);
  }

  /**
   * One update from the next mini-batch of the shuffled data; a new shuffle starts each epoch.
   * @example trainer.step() // { step: 1, epoch: 1, loss: 0.71 }
   */
  step(): SgdStep {
    checkSettings(this.settings);
    if (this.cursor >= this.order.length) this.shuffle();
    const indices = this.order.slice(this.cursor, this.cursor + this.settings.batch);
    this.cursor += indices.length;
    const { loss, grads } = lossAndGradients(this.net, indices.map((i) => this.data[i]!));
    const lr = this.settings.lr;
    this.net.weights.forEach((w, l) => {
      const g = grads.weights[l]!;
      for (let i = 0; i < w.length; i++) w[i]! -= lr * g[i]!;
    });
    this.net.biases.forEach((b, l) => {
      const g = grads.biases[l]!;
      for (let i = 0; i < b.length; i++) b[i]! -= lr * g[i]!;
    });
    this.steps++;
    return { step: this.steps, epoch: this.epochs, loss };
  }

  /** A fresh random order of the data, from the trainer's own generator. */
  private shuffle(): void {
    this.order = shuffledOrder(this.data.length, this.rand);
    this.cursor = 0;
    this.epochs++;
  }
}

/**
 * The indices 0 … n − 1 in a random order (Fisher–Yates): what one epoch of the trainer walks through, batch by batch.
 * A trainer seeded with s draws its first epoch's order as shuffledOrder(n, seededRandom(s)).
 * @example shuffledOrder(5, seededRandom(1)) // e.g. [3, 0, 4, 1, 2]
 */
export function shuffledOrder(n: number, rand: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function checkSettings(s: SgdSettings): void {
  if (!(s.lr > 0) || !Number.isFinite(s.lr)) throw new Error(`sgd: the learning rate must be a positive number, got ${s.lr}`);
  if (!Number.isInteger(s.batch) || s.batch < 1) throw new Error(`sgd: the batch size must be a positive integer, got ${s.batch}`);
}
