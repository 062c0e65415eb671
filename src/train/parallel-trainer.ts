/**
 * Data-parallel training in Node: the same steps as `train` (trainer.ts), with each step's windows split across
 * worker threads (node:worker_threads). Node only.
 *
 * Reproducibility, and why every window has its own gradient buffer: summing per-worker partial sums would make the
 * float result depend on how the batch is split, so a checkpoint would depend on the worker count (and so on the
 * machine). Instead each window's gradient lands in its own shared buffer (8 × 204k floats = 6.5 MB for MiniSeek's
 * recipe), and the main thread adds them element by element in window order, g = ((g₀ + g₁) + g₂) + …, which is the
 * same whichever worker computed which window. Results are therefore identical for any worker count (the tests check
 * 1, 2 and 3), given that every worker runs the same kernels (checked at start). They differ from the serial `train`
 * in the last bits only: that one accumulates window b's backward directly onto the sum of windows 0…b−1.
 *
 * Per step a worker receives its windows' starts and replies with their losses and expert loads; weights and
 * gradients never travel through messages. AdamW and the bias update run once, on the main thread, between steps.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MiniSeekConfig } from '../model/config';
import { seededRandom } from '../model/random';
import type { Tensor } from '../model/tensor';
import { AdamW } from './adamw';
import type { StepMessage, WorkerInit, WorkerReply } from './parallel-worker';
import { gradientBuffer, gradientViews, shareWeights, weightViews } from './shared-weights';
import { applyStep, checkStream, drawWindows, StepTotals, trainableParams, type StepLog, type TrainOptions, type WindowResult } from './trainer';

export interface ParallelOptions {
  /** Worker threads; more than the batch size is capped to it. */
  readonly workers: number;
  readonly onStep?: (log: StepLog) => void;
}

export interface ParallelRun {
  readonly logs: StepLog[];
  /** The kernels the workers ran (the same in all of them). */
  readonly kernel: string;
}

/** Which worker computes window b: contiguous shares, window b to worker ⌊b·W/batch⌋. */
export function workerOfWindow(b: number, workers: number, batch: number): number {
  return Math.floor((b * workers) / batch);
}

/**
 * Trains `weights` in place like `train`, over `parallel.workers` threads; resolves with one log per step.
 * The weights passed in are updated when the run finishes (the run works on a shared copy).
 * @example const { logs } = await trainParallel(config, weights, stream, TRAINING.options, { workers: 2 })
 */
export async function trainParallel(
  config: MiniSeekConfig,
  weights: Map<string, Tensor>,
  stream: Int32Array,
  options: TrainOptions,
  parallel: ParallelOptions,
): Promise<ParallelRun> {
  checkStream(stream, options.seqLen);
  if (!Number.isInteger(parallel.workers) || parallel.workers < 1) throw new Error(`trainParallel: workers must be a positive integer, got ${parallel.workers}`);
  const count = Math.min(parallel.workers, options.batch);
  const shared = shareWeights(weights);
  const live = weightViews(shared);
  const params = trainableParams(live);
  const grads = Array.from({ length: options.batch }, () => gradientBuffer(shared));
  const gradViews = grads.map((b) => gradientViews(shared, b));
  const touched = new SharedArrayBuffer(options.batch * params.length);
  const sharedStream = new SharedArrayBuffer(stream.byteLength);
  new Int32Array(sharedStream).set(stream);
  const sync = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (1 + count));
  const pool = new WorkerPool(count, (index) => ({
    index,
    config,
    options: { seqLen: options.seqLen, balanceAlpha: options.balanceAlpha },
    weights: shared,
    grads,
    touched,
    stream: sharedStream,
    sync,
  }));
  try {
    const kernel = await pool.ready();
    const optimiser = new AdamW(params);
    const rand = seededRandom(options.seed);
    const sums = params.map((p) => new Float32Array(p.size));
    const syncView = new Int32Array(sync);
    const logs: StepLog[] = [];
    for (let step = 0; step < options.steps; step++) {
      const starts = drawWindows(rand, stream.length, options);
      const shares = Array.from({ length: count }, () => [] as { index: number; start: number }[]);
      starts.forEach((start, index) => shares[workerOfWindow(index, count, options.batch)]!.push({ index, start }));
      // Publishes this thread's weight updates of the previous step before the workers read them (see the worker).
      Atomics.store(syncView, 0, step + 1);
      const results = await pool.step(step, shares);
      for (let w = 0; w < count; w++) {
        if (Atomics.load(syncView, 1 + w) !== step + 1) throw new Error(`trainParallel: worker ${w} did not finish step ${step}`);
      }
      const totals = new StepTotals();
      for (const r of results) totals.add(r);
      sumWindowGradients(params, gradViews, new Uint8Array(touched), sums);
      const log = applyStep(step, live, params, optimiser, totals, options);
      logs.push(log);
      parallel.onStep?.(log);
    }
    for (const [name, t] of weights) t.data.set(live.get(name)!.data);
    return { logs, kernel };
  } finally {
    await pool.close();
  }
}

/**
 * Sets each parameter's `.grad` to the sum of the windows' gradients in window order, over the windows whose
 * backward reached it; leaves it undefined when none did (AdamW then skips it, as it does in the serial trainer).
 */
function sumWindowGradients(params: readonly Tensor[], windows: readonly Float32Array[][], touched: Uint8Array, sums: Float32Array[]): void {
  params.forEach((p, j) => {
    const g = sums[j]!;
    let any = false;
    windows.forEach((views, b) => {
      if (!touched[b * params.length + j]) return;
      const w = views[j]!;
      if (!any) g.set(w);
      else for (let i = 0; i < g.length; i++) g[i]! += w[i]!;
      any = true;
    });
    p.grad = any ? g : undefined;
  });
}

/** The tsx loader, so a worker thread can load the TypeScript entry (the scripts run under tsx; vitest does not pass it on). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The worker threads of one run: start, one step at a time, and the first failure of any worker fails the run. */
class WorkerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;
  private closing = false;

  constructor(count: number, init: (index: number) => WorkerInit) {
    this.workers = Array.from({ length: count }, (_, index) => {
      const worker = new Worker(new URL('./parallel-worker.ts', import.meta.url), { workerData: init(index), execArgv: ['--import', TSX_LOADER] });
      worker.on('message', (reply: WorkerReply) => {
        const waiter = this.waiting.get(index);
        this.waiting.delete(index);
        waiter?.resolve(reply);
      });
      worker.on('error', (error: Error) => this.fail(new Error(`training worker ${index}: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`training worker ${index} stopped (exit code ${code})`));
      });
      return worker;
    });
  }

  /** Waits for every worker to load its kernels; returns their name, failing if they differ. */
  async ready(): Promise<string> {
    const replies = await Promise.all(this.workers.map((_, w) => this.reply(w)));
    const kernels = new Set(replies.map((r) => (r.type === 'ready' ? r.kernel : '?')));
    if (kernels.size !== 1) throw new Error(`trainParallel: the workers loaded different kernels (${[...kernels].join(', ')}), so results would depend on the split`);
    return [...kernels][0]!;
  }

  /** Runs one step: worker w gets shares[w]; resolves with every window's result, in window order. */
  async step(step: number, shares: ReadonlyArray<StepMessage['windows']>): Promise<WindowResult[]> {
    const replies = await Promise.all(
      this.workers.map((worker, w) => {
        const reply = this.reply(w);
        worker.postMessage({ step, windows: shares[w]! } satisfies StepMessage);
        return reply;
      }),
    );
    const results: WindowResult[] = [];
    for (const reply of replies) {
      if (reply.type !== 'done' || reply.step !== step) throw new Error(`trainParallel: unexpected reply ${reply.type} at step ${step}`);
      for (const { index, result } of reply.results) results[index] = result;
    }
    return results;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private reply(w: number): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.set(w, { resolve, reject }));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.failure);
    this.waiting.clear();
  }
}
