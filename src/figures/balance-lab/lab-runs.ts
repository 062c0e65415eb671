/**
 * Whole lab runs without the page, for the chapter's prose (build time) and the tests that guard it: what the reader
 * will see for a start and a γ, as the worse layer's and each layer's max/mean load step by step.
 */
import type { LoadedModel } from '../../model/checkpoint';
import type { LabSettings } from './balance-engine';
import { startLab } from './lab-protocol';
import type { SentenceStream } from './sentence-stream';
import type { StartId } from './start-states';

/** A run's max/mean loads: ratios[s][l] after s steps (s = 0 is the start), per MoE layer. */
export interface RunHistory {
  readonly ratios: readonly (readonly number[])[];
}

/**
 * Runs the lab from a start for `steps` steps, as one press of Run would from a reset.
 * @example labRun(loaded, stream, 'trained', { ...DEFAULT_SETTINGS, gamma: 0 }, 200).ratios[200] // [1.36, 1.41]
 */
export function labRun(loaded: LoadedModel, stream: SentenceStream, start: StartId, settings: LabSettings, steps: number): RunHistory {
  const lab = startLab(loaded, stream, start, settings);
  const ratios = [lab.ratios()];
  for (let i = 0; i < steps; i++) {
    lab.step(settings);
    ratios.push(lab.ratios());
  }
  return { ratios };
}

/**
 * Layer l's smallest and largest max/mean load over steps [from, to] of a run (to defaults to the last).
 * @example ratioRange(run, 0) // { low: 1.23, high: 1.37 }
 */
export function ratioRange(run: RunHistory, layer: number, from = 0, to = run.ratios.length - 1): { low: number; high: number } {
  const values = run.ratios.slice(from, to + 1).map((r) => r[layer]!);
  return { low: Math.min(...values), high: Math.max(...values) };
}

/**
 * The first step after which every layer's max/mean load is below `bound` and stays below it to the end of the
 * run; null if it never settles there.
 * @example settledBelow(run, 1.1) // 15
 */
export function settledBelow(run: RunHistory, bound: number): number | null {
  let settled: number | null = null;
  run.ratios.forEach((r, s) => {
    if (Math.max(...r) < bound) settled ??= s;
    else settled = null;
  });
  return settled;
}
