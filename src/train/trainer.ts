/**
 * MiniSeek's training loop, framework-free: next-token cross-entropy plus V3's sequence-wise balance loss,
 * AdamW with warm-up and cosine decay, and the auxiliary-loss-free bias update after every step.
 * The per-step pieces (drawing the windows, one window's forward and backward, applying a step) are exported so
 * that the data-parallel trainer (parallel-trainer.ts) runs exactly the same computation split across threads.
 */
import { Tape, type DeferredGrads } from '../model/autodiff';
import type { MiniSeekConfig } from '../model/config';
import { forwardSteps, linearsNow, type LinearProducts } from '../model/forward';
import { balanceLoss, crossEntropy } from '../model/loss';
import { sum } from '../model/nn-ops';
import { seededRandom } from '../model/random';
import type { Tensor } from '../model/tensor';
import { Region, inRegion } from '../model/tensor-memory';
import { AdamW } from './adamw';
import { expertLoad, updateBias } from './load-balance';

export interface TrainOptions {
  readonly steps: number;
  /** Sequences per step; their gradients are averaged. */
  readonly batch: number;
  readonly seqLen: number;
  readonly lr: number;
  readonly warmupSteps: number;
  /** The learning rate decays (cosine) to lr × this by the last step. */
  readonly finalLrRatio: number;
  /** γ of the bias update (V3 uses 0.001 over 14.3T tokens; a short run needs a larger step). */
  readonly biasGamma: number;
  /** α of the sequence-wise balance loss (V3 eq. 17: 0.0001). */
  readonly balanceAlpha: number;
  readonly seed: number;
}

export interface StepLog {
  readonly step: number;
  readonly loss: number;
  readonly balanceLoss: number;
  readonly lr: number;
  readonly gradNorm: number;
  /** Per MoE layer, the fraction of routed slots each expert took this step (sums to 1 per layer). */
  readonly load: number[][];
}

/** Linear warm-up, then cosine decay to lr × finalLrRatio. */
export function learningRate(step: number, o: Pick<TrainOptions, 'steps' | 'lr' | 'warmupSteps' | 'finalLrRatio'>): number {
  if (step < o.warmupSteps) return (o.lr * (step + 1)) / o.warmupSteps;
  const progress = (step - o.warmupSteps) / Math.max(1, o.steps - o.warmupSteps);
  const min = o.lr * o.finalLrRatio;
  return min + (o.lr - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
}

/** Fails early when the stream cannot hold one training window (a sequence and its shifted targets). */
export function checkStream(stream: Int32Array, seqLen: number): void {
  if (stream.length < seqLen + 2) throw new Error(`train: the token stream (${stream.length}) is shorter than one sequence`);
}

/**
 * The start of each of a step's `batch` windows, drawn from the run's seeded generator in batch order.
 * @example const starts = drawWindows(rand, stream.length, options) // [start₀ … start₇]
 */
export function drawWindows(rand: () => number, streamLength: number, o: Pick<TrainOptions, 'batch' | 'seqLen'>): number[] {
  return Array.from({ length: o.batch }, () => Math.floor(rand() * (streamLength - o.seqLen - 1)));
}

/** What one window contributes to a step besides its gradients. */
export interface WindowResult {
  /** Its mean next-token cross-entropy. */
  readonly loss: number;
  /** Its balance losses summed over the MoE layers. */
  readonly balanceLoss: number;
  /** Per MoE layer (in the model's order), how many of its tokens chose each expert. */
  readonly loads: ReadonlyArray<{ readonly layer: number; readonly load: Float32Array }>;
}

/**
 * Forward and backward of the window at `start`: cross-entropy plus the balance loss, back-propagated into the
 * parameters' `.grad` (added to what is there, so consecutive calls accumulate a batch). With a reused `region`,
 * the window's tensors and their gradients are views into its memory, reset here (nothing of the previous window
 * may still be in use); the parameters' gradients are always arrays of their own.
 * @example const { loss } = windowPass({ config, weights }, stream, 1200, options, new Region(true))
 */
export function windowPass(
  model: { config: MiniSeekConfig; weights: Map<string, Tensor> },
  stream: Int32Array,
  start: number,
  o: Pick<TrainOptions, 'seqLen' | 'balanceAlpha'>,
  region?: Region,
): WindowResult {
  if (!region) return windowPassIn(model, stream, start, o);
  region.reset();
  return inRegion(region, () => windowPassIn(model, stream, start, o));
}

function windowPassIn(
  model: { config: MiniSeekConfig; weights: Map<string, Tensor> },
  stream: Int32Array,
  start: number,
  o: Pick<TrainOptions, 'seqLen' | 'balanceAlpha'>,
): WindowResult {
  const tape = new Tape();
  return tape.run(() => {
    const steps = windowPassSteps(model, stream, start, o, tape);
    let r = steps.next();
    while (!r.done) {
      if (r.value.kind !== 'linear') throw new Error('windowPass: a backward step left work to a runner');
      r = steps.next(linearsNow(r.value));
    }
    return r.value;
  });
}

/**
 * One window's forward and backward as steps (forward.ts's LinearProducts, and the tape's deferred gradients), for a
 * runner that computes the products elsewhere; `tape` must be active whenever the runner resumes the steps, and the
 * region the window's tensors live in too. `windowPass` is this, run on the CPU.
 */
export function* windowPassSteps(
  model: { config: MiniSeekConfig; weights: Map<string, Tensor> },
  stream: Int32Array,
  start: number,
  o: Pick<TrainOptions, 'seqLen' | 'balanceAlpha'>,
  tape: Tape,
): Generator<LinearProducts | DeferredGrads, WindowResult, Tensor[]> {
  const { config } = model;
  const window = stream.subarray(start, start + o.seqLen + 1);
  const ids = Array.from(window.subarray(0, o.seqLen));
  const targets = Array.from(window.subarray(1));
  const { logits, routing } = yield* forwardSteps(model, ids);
  const ce = crossEntropy('loss', logits, targets);
  const balance = routing.map((r) => balanceLoss(`balance.${r.layer}`, r.affinity, r.chosen, config.num_experts_per_tok, o.balanceAlpha));
  const result: WindowResult = {
    loss: ce.data[0]!,
    balanceLoss: balance.reduce((s, t) => s + t.data[0]!, 0),
    loads: routing.map((r) => ({ layer: r.layer, load: expertLoad(r.chosen, config.n_routed_experts) })),
  };
  yield* tape.backwardSteps(sum('total', [1], [ce, ...balance]));
  return result;
}

/** A step's losses and expert loads, summed over its windows in batch order (the order fixes the float sums). */
export class StepTotals {
  loss = 0;
  balanceLoss = 0;
  readonly loads = new Map<number, Float32Array>();

  add(w: WindowResult): void {
    this.loss += w.loss;
    this.balanceLoss += w.balanceLoss;
    for (const { layer, load } of w.loads) {
      const into = this.loads.get(layer) ?? new Float32Array(load.length);
      load.forEach((x, e) => (into[e]! += x));
      this.loads.set(layer, into);
    }
  }
}

/**
 * Ends a step whose summed gradients are in the parameters' `.grad`: averages them over the batch, runs AdamW at
 * the step's learning rate, moves each MoE layer's routing bias against its load, and returns the step's log.
 */
export function applyStep(
  step: number,
  weights: Map<string, Tensor>,
  params: readonly Tensor[],
  optimiser: AdamW,
  totals: StepTotals,
  options: TrainOptions,
): StepLog {
  for (const p of params) if (p.grad) for (let i = 0; i < p.size; i++) p.grad[i]! /= options.batch;
  const lr = learningRate(step, options);
  const gradNorm = optimiser.update(lr);
  for (const [layer, load] of totals.loads) {
    updateBias(weights.get(`model.layers.${layer}.mlp.gate.e_score_correction_bias`)!.data, load, options.biasGamma);
  }
  return {
    step,
    loss: totals.loss / options.batch,
    balanceLoss: totals.balanceLoss / options.batch,
    lr,
    gradNorm,
    load: [...totals.loads.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, load]) => {
        const total = load.reduce((s, x) => s + x, 0);
        return Array.from(load, (x) => x / total);
      }),
  };
}

/** The parameters AdamW moves (the routing bias is a buffer, moved by the bias update instead). */
export function trainableParams(weights: Map<string, Tensor>): Tensor[] {
  return [...weights.values()].filter((t) => t.requiresGrad);
}

/**
 * Trains in place on windows of the token stream and returns one log entry per step. Deterministic: the same
 * weights, stream and options give the same result bit for bit. The window gradients accumulate one after the
 * other in the parameters' `.grad`; the parallel trainer sums them per window instead, which differs in the last bits.
 * @example train(config, weights, stream, { ...options, steps: 5 }, (log) => console.log(log.loss))
 */
export function train(
  config: MiniSeekConfig,
  weights: Map<string, Tensor>,
  stream: Int32Array,
  options: TrainOptions,
  onStep?: (log: StepLog) => void,
): StepLog[] {
  checkStream(stream, options.seqLen);
  const model = { config, weights };
  const params = trainableParams(weights);
  const optimiser = new AdamW(params);
  const rand = seededRandom(options.seed);
  const region = new Region(true);
  const logs: StepLog[] = [];
  for (let step = 0; step < options.steps; step++) {
    const totals = new StepTotals();
    for (const start of drawWindows(rand, stream.length, options)) totals.add(windowPass(model, stream, start, options, region));
    const log = applyStep(step, weights, params, optimiser, totals, options);
    logs.push(log);
    onStep?.(log);
  }
  return logs;
}
