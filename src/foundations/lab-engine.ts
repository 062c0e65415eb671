/**
 * The training lab's state, free of the page: the data, the network, its trainer and the loss history. The lab's
 * worker owns one; the page only sends settings and asks for steps, and draws the snapshots it gets back.
 * LabEngine trains on the CPU (mlp.ts, float64); GpuLabEngine trains the same network on a device (the GPU through
 * WebGPU: gpu-mlp.ts, float32) from the same data, initial weights and mini-batch order, and hands over to a
 * LabEngine where the device fails.
 */
import { makeDataset, type DatasetName, type Point } from './datasets';
import { DeviceMlp } from './gpu-mlp';
import type { MlpDevice } from './mlp-batch';
import { accuracy, createMlp, decisionGrid, lossAndGradients, type Activation, type Mlp } from './mlp';
import { checkSettings, MiniBatches, SgdTrainer, type SgdSettings } from './sgd';

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
/** Most steps one run may take (the lab protocol's cap per request; the GPU's results buffer is this long). */
export const MAX_RUN = 200;

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

/** Where a lab's training stands: what a LabEngine picks up from a GpuLabEngine. */
export interface LabProgress {
  readonly net: Mlp;
  readonly batches: MiniBatches;
  readonly step: number;
  readonly epoch: number;
  readonly batchLoss: number;
  readonly history: [number, number][];
}

function snapshotOf(net: Mlp, data: readonly Point[], p: Omit<LabProgress, 'net' | 'batches'>, withPoints: boolean): LabSnapshot {
  const last = p.history[p.history.length - 1]!;
  return {
    step: p.step,
    epoch: p.epoch,
    batchLoss: p.batchLoss,
    loss: last[1],
    accuracy: accuracy(net, data),
    grid: Float32Array.from(decisionGrid(net, GRID)),
    history: thin(p.history, HISTORY_POINTS),
    points: withPoints ? data : [],
  };
}

export class LabEngine {
  readonly net: Mlp;
  readonly data: Point[];
  private readonly trainer: SgdTrainer;
  private readonly history: [number, number][] = [];
  private step = 0;
  private epoch = 0;
  private batchLoss = NaN;

  /** @param from where a GPU lab had got to: go on from there (its network, batches and history) instead of a fresh start */
  constructor(
    readonly config: LabConfig,
    settings: SgdSettings,
    from?: LabProgress,
  ) {
    this.data = makeDataset(config.dataset, { points: config.points, noise: config.noise, seed: config.seed });
    if (from) {
      this.net = from.net;
      this.trainer = new SgdTrainer(this.net, this.data, settings, { batches: from.batches, steps: from.step });
      this.history = [...from.history];
      ({ step: this.step, epoch: this.epoch, batchLoss: this.batchLoss } = from);
      return;
    }
    this.net = createMlp({ hidden: config.hidden, activation: config.activation, seed: config.seed });
    this.trainer = new SgdTrainer(this.net, this.data, settings, config.seed);
    this.history.push([0, this.fullLoss()]);
  }

  set settings(s: SgdSettings) {
    this.trainer.settings = s;
  }

  /** Steps done so far. */
  get steps(): number {
    return this.step;
  }

  /**
   * Runs `n` SGD steps, on the next mini-batches or on `batches` already drawn; records the loss over all data after
   * each one (cheap: 200 points, a few dozen weights).
   */
  run(n: number, batches?: readonly (readonly number[])[]): void {
    for (let i = 0; i < n; i++) {
      const s = this.trainer.step(batches?.[i]);
      this.step = s.step;
      this.epoch = s.epoch;
      this.batchLoss = s.loss;
      this.history.push([this.step, this.fullLoss()]);
    }
  }

  /** @example engine.run(10); engine.snapshot().loss */
  snapshot(withPoints = false): LabSnapshot {
    return snapshotOf(this.net, this.data, { step: this.step, epoch: this.epoch, batchLoss: this.batchLoss, history: this.history }, withPoints);
  }

  private fullLoss(): number {
    return lossAndGradients(this.net, this.data).loss;
  }
}

/**
 * The lab on a device: the parameters live there (float32) and every step runs there (gpu-mlp.ts); after each run
 * the parameters come back into a float64 copy of the network, from which the snapshot's decision field and
 * accuracy are drawn on the CPU. The data, initial weights and mini-batch order are LabEngine's for the same config.
 */
export class GpuLabEngine<B> {
  private settingsNow: SgdSettings;
  private step = 0;
  private epoch = 0;
  private batchLoss = NaN;
  /** The mini-batches of a run the device did not finish, for the CPU to take again (onCpu). */
  private unfinished: number[][] = [];

  private constructor(
    readonly config: LabConfig,
    settings: SgdSettings,
    readonly data: Point[],
    /** The network as of the last finished run, in float64: what the snapshot draws and the CPU would go on from. */
    readonly net: Mlp,
    private readonly gpu: DeviceMlp<B>,
    private readonly batches: MiniBatches,
    private readonly history: [number, number][],
  ) {
    this.settingsNow = settings;
  }

  /**
   * A fresh network on `device`, its step-0 loss computed there.
   * @example const engine = await GpuLabEngine.create(DEFAULT_LAB_CONFIG, DEFAULT_SGD, kernels)
   */
  static async create<B>(config: LabConfig, settings: SgdSettings, device: MlpDevice<B>): Promise<GpuLabEngine<B>> {
    checkSettings(settings);
    const data = makeDataset(config.dataset, { points: config.points, noise: config.noise, seed: config.seed });
    const start = createMlp({ hidden: config.hidden, activation: config.activation, seed: config.seed });
    const gpu = new DeviceMlp(device, start.sizes, start.activation, start, data, MAX_RUN);
    try {
      // The copy holds what the device holds: the weights rounded to float32.
      const net: Mlp = { ...start, weights: start.weights.map(rounded), biases: start.biases.map(rounded) };
      const loss = await gpu.fullLoss();
      return new GpuLabEngine(config, settings, data, net, gpu, new MiniBatches(data.length, config.seed), [[0, loss]]);
    } catch (error) {
      gpu.destroy();
      throw error;
    }
  }

  set settings(s: SgdSettings) {
    checkSettings(s);
    this.settingsNow = s;
  }

  /** Steps finished on the device so far. */
  get steps(): number {
    return this.step;
  }

  /** Runs `n` SGD steps on the device (at most MAX_RUN); if it fails, the steps are kept for onCpu and it throws. */
  async run(n: number): Promise<void> {
    const { lr, batch } = this.settingsNow;
    const batches = Array.from({ length: n }, () => this.batches.next(batch));
    this.unfinished = batches;
    if (n === 0) return;
    const done = await this.gpu.run(batches, lr);
    done.weights.forEach((w, l) => this.net.weights[l]!.set(w));
    done.biases.forEach((b, l) => this.net.biases[l]!.set(b));
    done.fullLosses.forEach((loss, k) => this.history.push([this.step + k + 1, loss]));
    this.step += n;
    this.epoch = this.batches.epoch;
    this.batchLoss = done.batchLosses[n - 1]!;
    this.unfinished = [];
  }

  snapshot(withPoints = false): LabSnapshot {
    return snapshotOf(this.net, this.data, { step: this.step, epoch: this.epoch, batchLoss: this.batchLoss, history: this.history }, withPoints);
  }

  /**
   * A CPU engine that goes on from here: the last finished run's network, the same mini-batch order, the history
   * so far, and any steps the device did not finish taken on the CPU. The device's buffers are freed.
   */
  onCpu(): LabEngine {
    this.destroy();
    const cpu = new LabEngine(this.config, this.settingsNow, {
      net: this.net,
      batches: this.batches,
      step: this.step,
      epoch: this.epoch,
      batchLoss: this.batchLoss,
      history: this.history,
    });
    cpu.run(this.unfinished.length, this.unfinished);
    this.unfinished = [];
    return cpu;
  }

  /** Frees the device's buffers (a lost device's too: destroying them is harmless). */
  destroy(): void {
    this.gpu.destroy();
  }
}

function rounded(a: Float64Array): Float64Array {
  return Float64Array.from(Float32Array.from(a));
}

/** At most `max` entries, evenly spaced, always keeping the first and the last. */
export function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  return Array.from({ length: max }, (_, i) => xs[Math.round((i * (xs.length - 1)) / (max - 1))]!);
}
