/** Reverse-mode automatic differentiation: ops record how to push gradients back while a tape is active. */
import type { Tensor } from './tensor';
import { activeRegion } from './tensor-memory';

type Backward = () => void;

/**
 * A deferred backward step (recordDeferred): instead of doing its work it returns what needs doing (or nothing, when
 * no gradient reached it), and the tape's `backwardSteps` hands that to its runner: the language-model lab's WebGPU
 * linear, whose products run on the GPU. What it holds is the step's and the runner's business.
 */
export interface DeferredGrad {
  readonly kind: 'deferred-grad';
}

/** Deferred steps that came one after another on the tape, handed to the runner together, in the tape's order. */
export interface DeferredGrads {
  readonly kind: 'deferred';
  readonly grads: readonly DeferredGrad[];
}

type Step = { readonly deferred: false; readonly run: Backward } | { readonly deferred: true; readonly run: () => DeferredGrad | undefined };

/** The tape ops record on; null when running inference, so the browser's forward pays nothing for training. */
let active: Tape | null = null;

export class Tape {
  private readonly steps: Step[] = [];

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

  push(step: Step): void {
    this.steps.push(step);
  }

  /**
   * Back-propagates from a scalar: d(loss)/d(loss) = 1, then every recorded step in reverse order.
   * @example const tape = new Tape(); const loss = tape.run(() => f(w)); tape.backward(loss); w.grad
   */
  backward(loss: Tensor): void {
    const steps = this.backwardSteps(loss);
    const r = steps.next();
    if (!r.done) {
      steps.return();
      throw new Error('backward: a step left work to a runner; drive backwardSteps instead');
    }
  }

  /**
   * The same as `backward`, as a generator for a runner: deferred steps that follow one another are called in turn
   * and what they leave is yielded together; the next ordinary step runs once the runner resumes the generator,
   * having done that work (so it reads the gradients they add to). Within a group, the runner must finish a step's
   * work before a later one reads what it writes (in MiniSeek two linear layers always have an op between them).
   */
  *backwardSteps(loss: Tensor): Generator<DeferredGrads, void, unknown> {
    if (loss.size !== 1) throw new Error(`backward: "${loss.name}" must be a scalar, has ${loss.size} values`);
    gradOf(loss)[0] = 1;
    let group: DeferredGrad[] = [];
    try {
      for (let i = this.steps.length - 1; i >= 0; i--) {
        const step = this.steps[i]!;
        if (step.deferred) {
          const left = step.run();
          if (left) group.push(left);
          continue;
        }
        if (group.length) {
          yield { kind: 'deferred', grads: group };
          group = [];
        }
        step.run();
      }
      if (group.length) yield { kind: 'deferred', grads: group };
    } finally {
      this.steps.length = 0;
    }
  }
}

/** Records a backward step if a tape is active and any input may need a gradient. */
export function record(inputs: readonly Tensor[], step: Backward): void {
  if (active && inputs.some((t) => t.requiresGrad)) active.push({ deferred: false, run: step });
}

/** Records a deferred backward step (see DeferredGrad) if a tape is active and any input may need a gradient. */
export function recordDeferred(inputs: readonly Tensor[], step: () => DeferredGrad | undefined): void {
  if (active && inputs.some((t) => t.requiresGrad)) active.push({ deferred: true, run: step });
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
