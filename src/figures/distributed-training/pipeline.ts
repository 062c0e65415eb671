/**
 * Pipeline parallelism: a 1F1B schedule simulated op by op (so its bubble is measured, not assumed), and the bubble
 * and memory formulas of DeepSeek-V3's Table 2 (arXiv 2412.19437 §3.2.1; the same table is in the DualPipe
 * repository's README). F is the time of a forward chunk, B of a full backward chunk (input and weights), W of its
 * "backward for weights" part, and F&B of a forward and a backward chunk run overlapped, as one pair.
 */

export interface ChunkTimes {
  readonly F: number;
  readonly B: number;
  readonly W: number;
  /** F&B: a forward chunk and a backward chunk executed together, mutually overlapped (DualPipe). */
  readonly FB: number;
}

export interface Op {
  readonly stage: number;
  readonly micro: number;
  readonly kind: 'F' | 'B';
  readonly start: number;
  readonly end: number;
}

export interface Schedule {
  readonly stages: number;
  readonly micro: number;
  readonly ops: readonly Op[];
  /** From the first forward's start to the last backward's end. */
  readonly makespan: number;
  /** Per stage: the time it waits within the makespan. */
  readonly idle: readonly number[];
  /** Per stage: the most micro-batches whose activations it holds at once (forward done, backward not yet). */
  readonly peakInFlight: readonly number[];
}

/** Each stage's order of work in 1F1B: PP − s − 1 warm-up forwards, then one forward and one backward in turn, then the remaining backwards. */
function order1F1B(stage: number, stages: number, micro: number): { kind: 'F' | 'B'; micro: number }[] {
  const warm = Math.min(stages - stage - 1, micro);
  const out: { kind: 'F' | 'B'; micro: number }[] = [];
  for (let i = 0; i < warm; i++) out.push({ kind: 'F', micro: i });
  for (let i = 0; i < micro - warm; i++) {
    out.push({ kind: 'F', micro: warm + i });
    out.push({ kind: 'B', micro: i });
  }
  for (let i = micro - warm; i < micro; i++) out.push({ kind: 'B', micro: i });
  return out;
}

/**
 * Runs 1F1B on `stages` devices with `micro` micro-batches: a forward on stage s waits for the same micro-batch's
 * forward on s − 1, a backward on s for its backward on s + 1 (communication taken as free).
 * @example schedule1F1B(4, 8, { F: 1, B: 2 }).idle[0] // 9 = (4 − 1)(1 + 2)
 */
export function schedule1F1B(stages: number, micro: number, { F, B }: Pick<ChunkTimes, 'F' | 'B'>): Schedule {
  if (!Number.isInteger(stages) || stages < 1) throw new Error(`schedule1F1B: stages must be a whole number ≥ 1, not ${stages}`);
  if (!Number.isInteger(micro) || micro < 1) throw new Error(`schedule1F1B: micro-batches must be a whole number ≥ 1, not ${micro}`);
  if (!(F > 0 && B > 0)) throw new Error('schedule1F1B: F and B must be positive');
  const orders = Array.from({ length: stages }, (_, s) => order1F1B(s, stages, micro));
  const next = new Array<number>(stages).fill(0);
  const free = new Array<number>(stages).fill(0);
  const done = new Map<string, number>();
  const ops: Op[] = [];
  const key = (kind: string, s: number, i: number) => `${kind}${s}:${i}`;
  let left = stages * micro * 2;
  while (left > 0) {
    let progressed = false;
    for (let s = 0; s < stages; s++) {
      const op = orders[s]![next[s]!];
      if (!op) continue;
      const dep = op.kind === 'F' ? (s === 0 ? 0 : done.get(key('F', s - 1, op.micro))) : s === stages - 1 ? done.get(key('F', s, op.micro)) : done.get(key('B', s + 1, op.micro));
      if (dep === undefined) continue;
      const start = Math.max(free[s]!, dep);
      const end = start + (op.kind === 'F' ? F : B);
      ops.push({ stage: s, micro: op.micro, kind: op.kind, start, end });
      done.set(key(op.kind, s, op.micro), end);
      free[s] = end;
      next[s]!++;
      left--;
      progressed = true;
    }
    if (!progressed) throw new Error('schedule1F1B: the schedule deadlocked');
  }
  const makespan = Math.max(...ops.map((o) => o.end));
  const idle = Array.from({ length: stages }, () => makespan - micro * (F + B));
  const peakInFlight = Array.from({ length: stages }, (_, s) => {
    let held = 0;
    let peak = 0;
    for (const op of orders[s]!) {
      held += op.kind === 'F' ? 1 : -1;
      peak = Math.max(peak, held);
    }
    return peak;
  });
  return { stages, micro, ops, makespan, idle, peakInFlight };
}

export interface PipelineMethod {
  readonly id: '1f1b' | 'zb1p' | 'dualpipe';
  readonly name: string;
  /** Table 2's bubble, in the units of F, B, W and F&B. */
  readonly bubble: number;
  /** Table 2's parameter memory per device, as a multiple of one stage's parameters. */
  readonly parameters: number;
  /** Table 2's peak activation memory, in the units where 1F1B's is PP. */
  readonly activations: number;
}

/**
 * Why the 1F1B schedule cannot be simulated with these inputs, or undefined: the stages, the micro-batches and the
 * forward and backward times are all it reads (W and F&B are Table 2's; see pipelineProblem).
 * @example schedule1F1BProblem(4, 8, { F: 1, B: 0.5 }) // undefined
 */
export function schedule1F1BProblem(stages: number, micro: number, t: Pick<ChunkTimes, 'F' | 'B'>): string | undefined {
  if (!Number.isInteger(stages) || stages < 2) return 'A pipeline needs a whole number of stages, at least 2.';
  if (![t.F, t.B].every((x) => Number.isFinite(x))) return 'F and B must be numbers.';
  if (!(t.F > 0 && t.B > 0)) return 'F and B must be more than 0.';
  if (!(Number.isInteger(micro) && micro >= 1 && micro <= 64)) return 'Micro-batches must be a whole number from 1 to 64.';
  return undefined;
}

/**
 * Why Table 2 cannot be computed for this pipeline, or undefined: its formulas need PP even (DualPipe feeds
 * micro-batches from both ends), W no longer than B (W is part of B), and bubbles that are not negative.
 */
export function pipelineProblem(stages: number, t: ChunkTimes): string | undefined {
  if (!Number.isInteger(stages) || stages < 2 || stages % 2 !== 0) return 'DualPipe needs an even number of stages, at least 2.';
  if (![t.F, t.B, t.W, t.FB].every((x) => Number.isFinite(x))) return 'Every time must be a number.';
  if (!(t.F > 0 && t.B > 0 && t.FB > 0)) return 'F, B and F&B must be more than 0.';
  if (t.W < 0 || t.W > t.B) return 'W is part of B: it must lie between 0 and B.';
  if (t.F + t.B - 2 * t.W < 0) return 'With W above (F + B)/2, ZB1P’s formula turns negative: the table assumes a smaller W.';
  if (t.FB + t.B - 3 * t.W < 0) return 'With W above (F&B + B)/3, DualPipe’s formula turns negative: the table assumes a smaller W.';
  return undefined;
}

/**
 * V3 Table 2, row by row.
 * @example table2(8, { F: 1, B: 2, W: 1, FB: 3 }).map((m) => m.bubble) // [21, 7, 6]
 */
export function table2(stages: number, t: ChunkTimes): PipelineMethod[] {
  const problem = pipelineProblem(stages, t);
  if (problem) throw new Error(`table2: ${problem}`);
  return [
    { id: '1f1b', name: '1F1B', bubble: (stages - 1) * (t.F + t.B), parameters: 1, activations: stages },
    { id: 'zb1p', name: 'ZB1P', bubble: (stages - 1) * (t.F + t.B - 2 * t.W), parameters: 1, activations: stages },
    { id: 'dualpipe', name: 'DualPipe', bubble: (stages / 2 - 1) * (t.FB + t.B - 3 * t.W), parameters: 2, activations: stages + 1 },
  ];
}
