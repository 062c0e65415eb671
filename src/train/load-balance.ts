/** DeepSeek-V3's auxiliary-loss-free load balancing (§2.1.2): a per-expert bias nudged against its load. */

/**
 * Counts how many tokens chose each expert.
 * @example expertLoad(Int32Array.from([0, 1, 1, 3]), 4) // Float32Array [1, 2, 0, 1]
 */
export function expertLoad(chosen: Int32Array, experts: number): Float32Array {
  const load = new Float32Array(experts);
  for (const e of chosen) load[e]! += 1;
  return load;
}

/**
 * After a step, each expert's bias moves by γ against its load: down if it took more than the mean number of
 * tokens, up if fewer, unchanged if exactly the mean. Only the choice of experts sees the bias.
 * @example updateBias(bias, Float32Array.of(6, 2, 4, 4), 0.001) // bias − [γ, −γ, 0, 0]
 */
export function updateBias(bias: Float32Array, load: Float32Array, gamma: number): void {
  const mean = load.reduce((s, x) => s + x, 0) / load.length;
  for (let e = 0; e < bias.length; e++) {
    if (load[e]! > mean) bias[e]! -= gamma;
    else if (load[e]! < mean) bias[e]! += gamma;
  }
}

/** max/mean of the loads: 1 is perfect balance; the course's bar for MiniSeek is ≤ 1.5 on held-out text. */
export function imbalance(load: Float32Array): number {
  const mean = load.reduce((s, x) => s + x, 0) / load.length;
  return mean === 0 ? 1 : Math.max(...load) / mean;
}
