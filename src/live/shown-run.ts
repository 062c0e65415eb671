/** What a figure shows: the live model's reading of the sentence once it has run, else the build's reading. */
import type { Tensor } from '../model/tensor';
import type { BackendKind } from './backend-state.svelte';
import type { RunResult } from './runtime';
import { traceFromSerial, type SerialRun } from './trace-io';

export interface ShownRun {
  readonly tokens: readonly string[];
  readonly ids: readonly number[];
  readonly trace: ReadonlyMap<string, Tensor>;
  /** Where the numbers came from: the build's numbers are the CPU reference's. */
  readonly backend: BackendKind;
}

/**
 * @example const shown = $derived(shownRun(liveSentence.result, initial))
 */
export function shownRun(live: RunResult | undefined, initial: SerialRun): ShownRun {
  if (live) return { tokens: live.tokens, ids: live.ids, trace: live.trace, backend: live.backend };
  return { tokens: initial.tokens, ids: initial.ids, trace: traceFromSerial(initial), backend: 'cpu' };
}
