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

/**
 * The order the data is visited in: a fresh seeded shuffle of every point each epoch (Fisher–Yates), cut into
 * mini-batches. SgdTrainer and the lab's WebGPU trainer draw their batches from one of these, so both see the same
 * points in the same order for the same seed.
 */
export class MiniBatches {
  private readonly rand: () => number;
  private order: number[] = [];
  private cursor = 0;
  private epochs = 0;

  constructor(
    private readonly count: number,
    seed: number,
  ) {
    if (count === 0) throw new Error('sgd: no data to train on');
    this.rand = seededRandom(seed);
  }

  /** Passes over the data started so far. */
  get epoch(): number {
    return this.epochs;
  }

  /**
   * The indices of the next `size` points (fewer at the end of an epoch); a new shuffle starts each epoch.
   * @example new MiniBatches(200, 1).next(16).length // 16
   */
  next(size: number): number[] {
    if (this.cursor >= this.order.length) this.shuffle();
    const indices = this.order.slice(this.cursor, this.cursor + size);
    this.cursor += indices.length;
    return indices;
  }

  /** A fresh random order of the data, from this object's own generator. */
  private shuffle(): void {
    this.order = shuffledOrder(this.count, this.rand);
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

/**
 * One parameter tensor's SGD update in place, w ← w − η g: the CPU twin of sgd.wgsl (the lab's WebGPU trainer).
 * @example sgdUpdate(net.weights[0], grads.weights[0], 0.3)
 */
export function sgdUpdate(w: Float64Array | Float32Array, g: ArrayLike<number>, lr: number): void {
  for (let i = 0; i < w.length; i++) w[i]! -= lr * g[i]!;
}

/** Trains `net` in place, one mini-batch per `step()`; the settings may change between steps. */
export class SgdTrainer {
  private readonly batches: MiniBatches;
  private steps = 0;

  /**
   * @param from the seed of a fresh shuffle, or batches already under way (the lab's CPU fallback goes on from the
   *   GPU's order), with the steps they have given
   */
  constructor(
    readonly net: Mlp,
    private readonly data: readonly Point[],
    public settings: SgdSettings,
    from: number | { readonly batches: MiniBatches; readonly steps: number },
  ) {
    if (data.length === 0) throw new Error('sgd: no data to train on');
    checkSettings(settings);
    if (typeof from === 'number') this.batches = new MiniBatches(data.length, from);
    else ({ batches: this.batches, steps: this.steps } = from);
  }

  /**
   * One update from the next mini-batch of the shuffled data (a new shuffle starts each epoch), or from `given`,
   * indices already drawn from this trainer's batches (the lab's CPU fallback retakes the GPU's unfinished steps).
   * @example trainer.step() // { step: 1, epoch: 1, loss: 0.71 }
   */
  step(given?: readonly number[]): SgdStep {
    checkSettings(this.settings);
    const indices = given ?? this.batches.next(this.settings.batch);
    const { loss, grads } = lossAndGradients(this.net, indices.map((i) => this.data[i]!));
    const lr = this.settings.lr;
    this.net.weights.forEach((w, l) => sgdUpdate(w, grads.weights[l]!, lr));
    this.net.biases.forEach((b, l) => sgdUpdate(b, grads.biases[l]!, lr));
    this.steps++;
    return { step: this.steps, epoch: this.batches.epoch, loss };
  }
}

/** Throws on a learning rate that is not a positive number or a batch size that is not a positive integer. */
export function checkSettings(s: SgdSettings): void {
  if (!(s.lr > 0) || !Number.isFinite(s.lr)) throw new Error(`sgd: the learning rate must be a positive number, got ${s.lr}`);
  if (!Number.isInteger(s.batch) || s.batch < 1) throw new Error(`sgd: the batch size must be a positive integer, got ${s.batch}`);
}
