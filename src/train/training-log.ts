/** The training log chapters plot: per step, the loss and each MoE layer's share of tokens per expert, stored by column. */
import type { StepLog } from './trainer';

export interface TrainingLog {
  readonly description: string;
  /** Which layers the `load` arrays belong to, in order. */
  readonly moeLayers: number[];
  /** The options the run used (seeds, steps, learning rate…), so the log says how to reproduce it. */
  readonly options: Record<string, number>;
  /** loss[step]: mean next-token cross-entropy of the step's batch, 4 decimals. */
  readonly loss: number[];
  /** load[layer][expert][step]: that expert's share of the layer's routed slots in the step, 3 decimals. */
  readonly load: number[][][];
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * @example JSON.stringify(trainingLog(logs, [1, 2], { steps: 2400 }))
 */
export function trainingLog(logs: readonly StepLog[], moeLayers: number[], options: Record<string, number>): TrainingLog {
  const experts = logs[0]?.load[0]?.length ?? 0;
  return {
    description: "MiniSeek's training run: per step, the loss and each MoE layer's share of routed tokens per expert",
    moeLayers,
    options,
    loss: logs.map((l) => round(l.loss, 4)),
    load: moeLayers.map((_, layer) =>
      Array.from({ length: experts }, (_, e) => logs.map((l) => round(l.load[layer]![e]!, 3))),
    ),
  };
}
