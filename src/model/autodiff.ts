/** Reverse-mode automatic differentiation: ops record how to push gradients back while a tape is active. */
import type { Tensor } from './tensor';
import { activeRegion } from './tensor-memory';

type Backward = () => void;

/** The tape ops record on; null when running inference, so the browser's forward pays nothing for training. */
let active: Tape | null = null;

export class Tape {
  private readonly steps: Backward[] = [];

  /** Runs `fn` with this tape active, so every op inside records its backward step. */
  run<T>(fn: () => T): T {
    const previous = active;
    active = this;
    try {
      return fn();
    } finally {
      active = previous;
    }
  }

  push(step: Backward): void {
    this.steps.push(step);
  }

  /**
   * Back-propagates from a scalar: d(loss)/d(loss) = 1, then every recorded step in reverse order.
   * @example const tape = new Tape(); const loss = tape.run(() => f(w)); tape.backward(loss); w.grad
   */
  backward(loss: Tensor): void {
    if (loss.size !== 1) throw new Error(`backward: "${loss.name}" must be a scalar, has ${loss.size} values`);
    gradOf(loss)[0] = 1;
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]!();
    this.steps.length = 0;
  }
}

/** Records a backward step if a tape is active and any input may need a gradient. */
export function record(inputs: readonly Tensor[], step: Backward): void {
  if (active && inputs.some((t) => t.requiresGrad)) active.push(step);
}

/**
 * The gradient buffer of a tensor, created (zeroed) on first use, where the tensor itself lives: in the active
 * region for an intermediate that is in it, in memory of its own for a parameter (whose gradient must outlive the
 * region's next reset).
 */
export function gradOf(t: Tensor): Float32Array {
  if (!t.grad) {
    const region = activeRegion();
    t.grad = region?.owns(t.data) ? region.alloc(t.size) : new Float32Array(t.size);
  }
  return t.grad;
}

/** Whether a tape is recording (ops skip work only the backward needs, e.g. keeping caches, when it is not). */
export function recording(): boolean {
  return active !== null;
}
