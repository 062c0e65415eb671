/** Compares a backend's tensors with the CPU reference's under the course's tolerance. */
import type { Tensor } from '../model/tensor';

/** A value passes when it is within 1e-4 of the reference, or within 1e-3 of it relatively (issue #4's bar). */
export const TOLERANCE = { abs: 1e-4, rel: 1e-3 } as const;

export interface Comparison {
  readonly name: string;
  readonly ok: boolean;
  /** Largest |actual − expected| over the finite entries. */
  readonly maxAbs: number;
  /** Index of the worst entry that failed, or −1. */
  readonly firstFailure: number;
}

/**
 * Shapes must match; −∞ (masked scores) must be −∞ in both.
 * @example compareTensors('logits', gpuLogits, cpuLogits).ok
 */
export function compareTensors(name: string, actual: Tensor, expected: Tensor, tolerance = TOLERANCE): Comparison {
  if (actual.shape.join() !== expected.shape.join()) return { name, ok: false, maxAbs: Infinity, firstFailure: 0 };
  let maxAbs = 0;
  let firstFailure = -1;
  for (let i = 0; i < expected.size; i++) {
    const a = actual.data[i]!;
    const b = expected.data[i]!;
    if (!Number.isFinite(b) || !Number.isFinite(a)) {
      if (a !== b && firstFailure < 0) firstFailure = i;
      continue;
    }
    const d = Math.abs(a - b);
    maxAbs = Math.max(maxAbs, d);
    if (d > tolerance.abs && d > tolerance.rel * Math.abs(b) && firstFailure < 0) firstFailure = i;
  }
  return { name, ok: firstFailure < 0, maxAbs, firstFailure };
}
