/**
 * The load-balancing lab's engine: V3's auxiliary-loss-free bias update (arXiv 2412.19437, §2.1.2) run on
 * MiniSeek's routers over a stream of batches. Each step routes one batch with the current biases b_i, counts each
 * expert's load, and moves b_i by γ against it (src/train/load-balance.ts, the same update training uses).
 * Framework-free: the worker, the build and the unit tests run it alike.
 */
import type { MiniSeekConfig } from '../../model/config';
import { chooseExperts } from '../../model/moe-ops';
import { imbalance, updateBias } from '../../train/load-balance';
import type { RoutedSentence } from './sentence-stream';

/** Batches the reported load is summed over: one batch of about 400 tokens (32 sentences) is too noisy on its own (see the tests). */
export const LOAD_WINDOW = 10;

/** What the reader can change while the lab runs. */
export interface LabSettings {
  /** The bias update speed γ; 0 freezes the bias, as V3 did for its last 500B tokens. */
  readonly gamma: number;
  /** Sentences per batch. */
  readonly batch: number;
  /** false: routing ignores the bias (and the bias is not updated). */
  readonly biasOn: boolean;
}

export const DEFAULT_SETTINGS: LabSettings = { gamma: 0.005, batch: 32, biasOn: true };

/** Steps one press of Run takes by default; the default γ is chosen to balance the loads within it (see the tests). */
export const DEFAULT_RUN = 200;

/** The routing constants the lab needs from the config. */
export interface RouterShape {
  readonly experts: number;
  readonly groups: number;
  readonly topkGroup: number;
  readonly k: number;
}

/** @example routerShape(model.config) // { experts: 8, groups: 2, topkGroup: 1, k: 2 } */
export function routerShape(c: MiniSeekConfig): RouterShape {
  return { experts: c.n_routed_experts, groups: c.n_group, topkGroup: c.topk_group, k: c.num_experts_per_tok };
}

/** A sentence source: sentence i of an endless, seeded stream. */
export type Sentences = (index: number) => RoutedSentence;

/** Per MoE layer: the bias, and the loads of the last LOAD_WINDOW batches (newest last). */
interface LayerState {
  bias: Float32Array;
  window: Float32Array[];
}

/**
 * @example
 * const lab = new BalanceLab(routerShape(config), startBias, (i) => stream.at(i));
 * lab.warmUp(DEFAULT_SETTINGS); lab.step(DEFAULT_SETTINGS); lab.ratios() // [max/mean per MoE layer]
 */
export class BalanceLab {
  /** Bias updates done. */
  steps = 0;
  /** The next sentence of the stream to route. */
  private cursor = 0;
  private readonly layers: LayerState[];

  constructor(
    private readonly shape: RouterShape,
    startBias: readonly Float32Array[],
    private readonly sentences: Sentences,
  ) {
    for (const b of startBias) {
      if (b.length !== shape.experts) throw new Error(`BalanceLab: a start bias has ${b.length} entries, expected ${shape.experts} experts`);
    }
    this.layers = startBias.map((b) => ({ bias: Float32Array.from(b), window: [] }));
  }

  /** The number of MoE layers. */
  get layerCount(): number {
    return this.layers.length;
  }

  /**
   * Fills the load window with LOAD_WINDOW batches routed by the start biases, before any update, so that step 0
   * already reports where the lab starts (over as many tokens as every later report).
   */
  warmUp(settings: LabSettings): void {
    for (let i = 0; i < LOAD_WINDOW; i++) this.route(settings);
  }

  /** One step: route the next batch, record its loads, then update each layer's bias by γ against them. */
  step(settings: LabSettings): void {
    const loads = this.route(settings);
    if (settings.biasOn) this.layers.forEach((layer, l) => updateBias(layer.bias, loads[l]!, settings.gamma));
    this.steps++;
  }

  /** Routes the next `settings.batch` sentences with the current biases; returns each layer's load and records it. */
  private route(settings: LabSettings): Float32Array[] {
    const { experts, groups, topkGroup, k } = this.shape;
    const zero = new Float32Array(experts);
    const loads = this.layers.map(() => new Float32Array(experts));
    for (let s = 0; s < settings.batch; s++) {
      const sentence = this.sentences(this.cursor++);
      this.layers.forEach((layer, l) => {
        const affinity = sentence.affinity[l]!;
        const bias = settings.biasOn ? layer.bias : zero;
        const { chosen } = chooseExperts(affinity, bias, sentence.tokens, experts, groups, topkGroup, k);
        for (const e of chosen) loads[l]![e]! += 1;
      });
    }
    this.layers.forEach((layer, l) => {
      layer.window.push(loads[l]!);
      if (layer.window.length > LOAD_WINDOW) layer.window.shift();
    });
    return loads;
  }

  /** Each layer's expert loads summed over the window: how many (token, expert) choices each expert received. */
  windowLoads(): Float32Array[] {
    return this.layers.map((layer) => {
      const sum = new Float32Array(this.shape.experts);
      for (const load of layer.window) load.forEach((x, e) => (sum[e]! += x));
      return sum;
    });
  }

  /** max/mean expert load over the window, per MoE layer; 1 is perfect balance. */
  ratios(): number[] {
    return this.windowLoads().map(imbalance);
  }

  /** A copy of each layer's current bias. */
  biases(): Float32Array[] {
    return this.layers.map((layer) => Float32Array.from(layer.bias));
  }
}
