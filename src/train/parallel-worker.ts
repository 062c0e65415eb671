/**
 * A worker thread of the data-parallel trainer (parallel-trainer.ts): for each step it is given some of the batch's
 * windows, runs each window's forward and backward on the shared weights, and writes that window's gradients into
 * the window's own shared buffer. It never changes the weights; the main thread does, between steps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MiniSeekConfig } from '../model/config';
import { useFastKernels } from '../model/kernels/active';
import { Region } from '../model/tensor-memory';
import { trainableParams, windowPass, type TrainOptions, type WindowResult } from './trainer';
import { gradientViews, weightViews, type SharedWeights } from './shared-weights';

/** What a worker is started with (workerData): shared memory only, so nothing large is ever copied. */
export interface WorkerInit {
  readonly index: number;
  readonly config: MiniSeekConfig;
  readonly options: Pick<TrainOptions, 'seqLen' | 'balanceAlpha'>;
  readonly weights: SharedWeights;
  /** One gradient buffer per window of a batch. */
  readonly grads: readonly SharedArrayBuffer[];
  /** Uint8 [window][trainable tensor]: 1 when the window's backward reached that tensor. */
  readonly touched: SharedArrayBuffer;
  readonly stream: SharedArrayBuffer;
  /** Int32 [0]: the step the main thread released; [1 + worker]: the step this worker finished. */
  readonly sync: SharedArrayBuffer;
}

/** Main → worker: run these windows of this step. */
export interface StepMessage {
  readonly step: number;
  readonly windows: ReadonlyArray<{ readonly index: number; readonly start: number }>;
}

/** Worker → main. */
export type WorkerReply =
  | { readonly type: 'ready'; readonly kernel: string; readonly reason: string }
  | { readonly type: 'done'; readonly step: number; readonly results: ReadonlyArray<{ readonly index: number; readonly result: WindowResult }> };

const init = workerData as WorkerInit;
const port = parentPort!;
const weights = weightViews(init.weights);
const params = trainableParams(weights);
const model = { config: init.config, weights };
const stream = new Int32Array(init.stream);
const touched = new Uint8Array(init.touched);
const sync = new Int32Array(init.sync);
const grads = init.grads.map((b) => gradientViews(init.weights, b));
// Every window's tensors reuse the same memory (tensor-memory.ts): allocation costs as much as the arithmetic here.
const region = new Region(true);

const status = await useFastKernels();
port.postMessage({ type: 'ready', kernel: status.name, reason: status.reason } satisfies WorkerReply);

port.on('message', ({ step, windows }: StepMessage) => {
  // The atomic read pairs with the main thread's atomic write after its AdamW and bias updates, so this thread is
  // guaranteed (by the memory model, not just by the message's timing) to see the updated weights.
  const released = Atomics.load(sync, 0);
  if (released !== step + 1) throw new Error(`worker ${init.index}: asked for step ${step} but step ${released - 1} was released`);
  const results = windows.map(({ index, start }) => {
    // Each window starts from no gradient, as in the serial trainer's first window, so its gradient is the same
    // whichever worker computes it.
    for (const p of params) p.grad = undefined;
    const result = windowPass(model, stream, start, init.options, region);
    params.forEach((p, j) => {
      touched[index * params.length + j] = p.grad ? 1 : 0;
      if (p.grad) grads[index]![j]!.set(p.grad);
    });
    return { index, result };
  });
  for (const p of params) p.grad = undefined;
  Atomics.store(sync, 1 + init.index, step + 1);
  port.postMessage({ type: 'done', step, results } satisfies WorkerReply);
});
