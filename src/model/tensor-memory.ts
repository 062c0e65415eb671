/**
 * Where tensors' numbers are allocated. A forward pass makes a hundred or more Float32Arrays, and in V8 each one
 * has its own zeroed backing store that the garbage collector must track: at MiniSeek's sizes that costs about as
 * much as the arithmetic. Inside a Region, tensors are views into a few large chunks instead.
 *
 * A fresh region (the default for a forward pass) only ever hands out new memory, so tensors a caller keeps (a
 * figure's trace) stay valid; they keep their chunk alive. A reused region (the trainer's) starts again from its
 * first chunk on `reset()`, zeroing what it hands out: whatever was allocated before the reset must be dead.
 */

/** Floats per chunk (1 MiB). Tensors larger than a quarter of it get their own array. */
const CHUNK = 1 << 18;

export class Region {
  private readonly chunks: ArrayBuffer[] = [];
  private chunk = -1;
  private offset = CHUNK;

  constructor(private readonly reuse: boolean) {}

  /** Starts handing out memory from the beginning again (reused regions only). */
  reset(): void {
    if (!this.reuse) throw new Error('Region.reset: only a reused region can be reset');
    this.chunk = -1;
    this.offset = CHUNK;
  }

  /** Whether `a` lives in this region's memory. */
  owns(a: Float32Array): boolean {
    return this.chunks.includes(a.buffer as ArrayBuffer);
  }

  alloc(n: number): Float32Array {
    if (n > CHUNK / 4) return new Float32Array(n);
    if (this.offset + n > CHUNK) {
      this.chunk++;
      if (this.chunk === this.chunks.length) this.chunks.push(new ArrayBuffer(CHUNK * 4));
      this.offset = 0;
    }
    const view = new Float32Array(this.chunks[this.chunk]!, this.offset * 4, n);
    if (this.reuse) view.fill(0);
    this.offset += (n + 3) & ~3; // 16-byte aligned
    return view;
  }
}

let current: Region | null = null;

/** n zeros: from the active region, or a Float32Array of its own outside one. */
export function allocFloats(n: number): Float32Array {
  return current ? current.alloc(n) : new Float32Array(n);
}

/** The active region, if any. */
export function activeRegion(): Region | null {
  return current;
}

/**
 * Runs `fn` allocating tensors in `region`.
 * @example const out = inRegion(new Region(false), () => forward(model, ids))
 */
export function inRegion<T>(region: Region, fn: () => T): T {
  const previous = current;
  current = region;
  try {
    return fn();
  } finally {
    current = previous;
  }
}
