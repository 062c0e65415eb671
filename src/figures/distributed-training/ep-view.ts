/**
 * What the expert-parallel steps read from a MiniSeek trace: per MoE layer, each token's chosen experts (the real
 * routing, group limit included), its affinities s and its biased scores s + b.
 */
import type { Tensor } from '../../model/tensor';

/** The trace tensors the figure needs for each MoE layer. */
export const epTraceNames = (layers: readonly number[]): string[] => layers.flatMap((l) => ['moe.chosen', 'moe.affinity', 'moe.biased'].map((p) => `layers.${l}.${p}`));

export interface LayerRouting {
  readonly layer: number;
  readonly chosen: number[][];
  readonly affinity: number[][];
  readonly biased: number[][];
}

const rows = (t: Tensor): number[][] => Array.from({ length: t.shape[0]! }, (_, i) => Array.from(t.row(i)));

/** @example layerRouting(trace, 1).chosen[0] // the two experts <bos> uses in layer 2 */
export function layerRouting(trace: ReadonlyMap<string, Tensor>, layer: number): LayerRouting {
  const get = (n: string) => {
    const t = trace.get(`layers.${layer}.${n}`);
    if (!t) throw new Error(`distributed-training figure: the trace lacks layers.${layer}.${n}`);
    return t;
  };
  return { layer, chosen: rows(get('moe.chosen')).map((r) => r.map((x) => Math.round(x))), affinity: rows(get('moe.affinity')), biased: rows(get('moe.biased')) };
}
