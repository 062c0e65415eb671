/**
 * How evenly MiniSeek's routed experts are loaded: during training (the training log's per-step share of routed
 * slots per expert) and on the held-out text the specialisation table is measured on. The chapter states both, so
 * its claim about balance rests on numbers rather than on "over a long text the loads even out".
 */

/** One layer's spread of load over its experts, as shares of all routed slots (the ideal is 1 / N_r each). */
export interface LoadSpread {
  readonly layer: number;
  /** Each expert's share of the layer's routed slots. */
  readonly shares: readonly number[];
  /** The most and least loaded experts (ids as in the checkpoint), with their shares. */
  readonly max: { readonly expert: number; readonly share: number };
  readonly min: { readonly expert: number; readonly share: number };
}

function spread(layer: number, shares: readonly number[]): LoadSpread {
  const hi = shares.indexOf(Math.max(...shares));
  const lo = shares.indexOf(Math.min(...shares));
  return { layer, shares, max: { expert: hi, share: shares[hi]! }, min: { expert: lo, share: shares[lo]! } };
}

/**
 * The spread of token counts per expert (e.g. the held-out measurement's `load`), as shares.
 * @example loadSpread(1, [3, 1]).max // { expert: 0, share: 0.75 }
 */
export function loadSpread(layer: number, load: readonly number[]): LoadSpread {
  const total = load.reduce((s, x) => s + x, 0);
  return spread(layer, load.map((x) => x / Math.max(1, total)));
}

/** The part of the training log this needs: load[layer][expert][step], and which trace layers those are. */
export interface LoadLog {
  readonly moeLayers: readonly number[];
  readonly load: readonly (readonly (readonly number[])[])[];
}

/**
 * Each expert's mean share over the last `steps` training steps, per MoE layer.
 * @example trainingSpread(log, 100)[0].max.share // ~0.13
 */
export function trainingSpread(log: LoadLog, steps: number): LoadSpread[] {
  return log.moeLayers.map((layer, li) => {
    const experts = log.load[li]!;
    const shares = experts.map((series) => {
      const tail = series.slice(-steps);
      return tail.reduce((s, x) => s + x, 0) / tail.length;
    });
    return spread(layer, shares);
  });
}
