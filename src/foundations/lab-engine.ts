/**
 * The training lab's state, free of the page: the data, the network, its trainer and the loss history. The lab's
 * worker owns one; the page only sends settings and asks for steps, and draws the snapshots it gets back.
 */
import { makeDataset, type DatasetName, type Point } from './datasets';
import { accuracy, createMlp, decisionGrid, lossAndGradients, type Activation, type Mlp } from './mlp';
import { SgdTrainer, type SgdSettings } from './sgd';

export interface LabConfig {
  readonly dataset: DatasetName;
  readonly points: number;
  readonly noise: number;
  readonly hidden: readonly number[];
  readonly activation: Activation;
  /** Seeds the data, the initial weights and the shuffles alike. */
  readonly seed: number;
}

export const DEFAULT_LAB_CONFIG: LabConfig = { dataset: 'circle', points: 200, noise: 0.05, hidden: [8, 8], activation: 'tanh', seed: 1 };
export const DEFAULT_SGD: SgdSettings = { lr: 0.3, batch: 16 };
/** Cells per side of the decision-boundary grid a snapshot carries. */
export const GRID = 48;
/** At most this many points of the loss history travel in a snapshot (evenly thinned beyond it). */
const HISTORY_POINTS = 300;

export interface LabSnapshot {
  readonly step: number;
  readonly epoch: number;
  /** The last mini-batch's loss (NaN before the first step), and the loss and accuracy over all the data. */
  readonly batchLoss: number;
  readonly loss: number;
  readonly accuracy: number;
  /** P(class 1) on a GRID × GRID grid over [−1, 1]², row 0 at the top (y = +1). */
  readonly grid: Float32Array;
  /** [step, loss over all data] pairs: step 0 and then every recorded step, thinned to at most HISTORY_POINTS. */
  readonly history: readonly (readonly [number, number])[];
  readonly points: readonly Point[];
}

export class LabEngine {
  readonly net: Mlp;
  readonly data: Point[];
  private readonly trainer: SgdTrainer;
  private readonly history: [number, number][] = [];
  private step = 0;
  private epoch = 0;
  private batchLoss = NaN;

  constructor(
    readonly config: LabConfig,
    settings: SgdSettings,
  ) {
    this.data = makeDataset(config.dataset, { points: config.points, noise: config.noise, seed: config.seed });
    this.net = createMlp({ hidden: config.hidden, activation: config.activation, seed: config.seed });
    this.trainer = new SgdTrainer(this.net, this.data, settings, config.seed);
    this.history.push([0, this.fullLoss()]);
  }

  set settings(s: SgdSettings) {
    this.trainer.settings = s;
  }

  /** Runs `n` SGD steps; records the loss over all data after each one (cheap: 200 points, a few dozen weights). */
  run(n: number): void {
    for (let i = 0; i < n; i++) {
      const s = this.trainer.step();
      this.step = s.step;
      this.epoch = s.epoch;
      this.batchLoss = s.loss;
      this.history.push([this.step, this.fullLoss()]);
    }
  }

  /** @example engine.run(10); engine.snapshot().loss */
  snapshot(withPoints = false): LabSnapshot {
    const last = this.history[this.history.length - 1]!;
    return {
      step: this.step,
      epoch: this.epoch,
      batchLoss: this.batchLoss,
      loss: last[1],
      accuracy: accuracy(this.net, this.data),
      grid: Float32Array.from(decisionGrid(this.net, GRID)),
      history: thin(this.history, HISTORY_POINTS),
      points: withPoints ? this.data : [],
    };
  }

  private fullLoss(): number {
    return lossAndGradients(this.net, this.data).loss;
  }
}

/** At most `max` entries, evenly spaced, always keeping the first and the last. */
export function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  return Array.from({ length: max }, (_, i) => xs[Math.round((i * (xs.length - 1)) / (max - 1))]!);
}
