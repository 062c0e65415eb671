/**
 * MiniSeek's training loop, framework-free: next-token cross-entropy plus V3's sequence-wise balance loss,
 * AdamW with warm-up and cosine decay, and the auxiliary-loss-free bias update after every step.
 */
import { Tape } from '../model/autodiff';
import type { MiniSeekConfig } from '../model/config';
import { forward } from '../model/forward';
import { balanceLoss, crossEntropy } from '../model/loss';
import { sum } from '../model/nn-ops';
import { seededRandom } from '../model/random';
import type { Tensor } from '../model/tensor';
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

/**
 * Trains in place on windows of the token stream and returns one log entry per step. Deterministic: the same
 * weights, stream and options give the same result bit for bit.
 * @example train(config, weights, stream, { ...options, steps: 5 }, (log) => console.log(log.loss))
 */
export function train(
  config: MiniSeekConfig,
  weights: Map<string, Tensor>,
  stream: Int32Array,
  options: TrainOptions,
  onStep?: (log: StepLog) => void,
): StepLog[] {
  if (stream.length < options.seqLen + 2) throw new Error(`train: the token stream (${stream.length}) is shorter than one sequence`);
  const model = { config, weights };
  const params = [...weights.values()].filter((t) => t.requiresGrad);
  const optimiser = new AdamW(params);
  const rand = seededRandom(options.seed);
  const logs: StepLog[] = [];
  const E = config.n_routed_experts;
  for (let step = 0; step < options.steps; step++) {
    let lossSum = 0;
    let balanceSum = 0;
    const loads = new Map<number, Float32Array>();
    for (let b = 0; b < options.batch; b++) {
      const start = Math.floor(rand() * (stream.length - options.seqLen - 1));
      const window = stream.subarray(start, start + options.seqLen + 1);
      const ids = Array.from(window.subarray(0, options.seqLen));
      const targets = Array.from(window.subarray(1));
      const tape = new Tape();
      const total = tape.run(() => {
        const { logits, routing } = forward(model, ids);
        const ce = crossEntropy('loss', logits, targets);
        const balance = routing.map((r) => balanceLoss(`balance.${r.layer}`, r.affinity, r.chosen, config.num_experts_per_tok, options.balanceAlpha));
        for (const r of routing) {
          const load = loads.get(r.layer) ?? new Float32Array(E);
          expertLoad(r.chosen, E).forEach((x, e) => (load[e]! += x));
          loads.set(r.layer, load);
        }
        lossSum += ce.data[0]!;
        balanceSum += balance.reduce((s, t) => s + t.data[0]!, 0);
        return sum('total', [1], [ce, ...balance]);
      });
      tape.backward(total);
    }
    // Average the accumulated gradients over the batch.
    for (const p of params) if (p.grad) for (let i = 0; i < p.size; i++) p.grad[i]! /= options.batch;
    const lr = learningRate(step, options);
    const gradNorm = optimiser.update(lr);
    for (const [layer, load] of loads) {
      updateBias(weights.get(`model.layers.${layer}.mlp.gate.e_score_correction_bias`)!.data, load, options.biasGamma);
    }
    const log: StepLog = {
      step,
      loss: lossSum / options.batch,
      balanceLoss: balanceSum / options.batch,
      lr,
      gradNorm,
      load: [...loads.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, load]) => {
          const total = load.reduce((s, x) => s + x, 0);
          return Array.from(load, (x) => x / total);
        }),
    };
    logs.push(log);
    onStep?.(log);
  }
  return logs;
}
