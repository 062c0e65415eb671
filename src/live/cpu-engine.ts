/**
 * MiniSeek on the CPU for the page: the forward pass runs in a Web Worker (cpu-worker.ts) so that a long sentence
 * never blocks scrolling or typing. Where no worker can start, or one dies, it runs on the main thread instead:
 * slower to the touch, the same numbers.
 */
import type { CheckpointFiles, LoadedModel } from '../model/checkpoint';
import { forward } from '../model/forward';
import { useFastKernels, type KernelStatus } from '../model/kernels/active';
import type { Tensor } from '../model/tensor';
import { unpack, type CpuReply, type CpuRequest } from './cpu-protocol';

export interface CpuForward {
  /** Where the numbers are computed: 'worker', or 'main' after a fallback. */
  readonly where: 'worker' | 'main';
  /** Which kernels compute it ('wasm-simd', or 'reference' with the reason); known after the first load or run. */
  readonly kernel: KernelStatus | undefined;
  run(ids: readonly number[], trace: readonly string[]): Promise<{ logits: Tensor; trace: ReadonlyMap<string, Tensor> }>;
}

type Pending = { resolve: (reply: CpuReply) => void; reject: (error: Error) => void };
/** A request before the engine numbers it (Omit distributed over the union). */
type Unnumbered = CpuRequest extends infer R ? (R extends CpuRequest ? Omit<R, 'id'> : never) : never;

/** Runs in a worker; `fallback` takes over for good if the worker fails. */
class WorkerForward implements CpuForward {
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  private broken: Error | undefined;
  private workerKernel: KernelStatus | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly fallback: CpuForward,
  ) {
    worker.onmessage = (event: MessageEvent<CpuReply>) => {
      const waiting = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiting?.resolve(event.data);
    };
    worker.onerror = (event) => this.fail(new Error(`the CPU worker failed: ${event.message || 'no message'}`));
    worker.onmessageerror = () => this.fail(new Error('the CPU worker sent a message that could not be read'));
  }

  get where(): 'worker' | 'main' {
    return this.broken ? 'main' : 'worker';
  }

  get kernel(): KernelStatus | undefined {
    return this.broken ? this.fallback.kernel : this.workerKernel;
  }

  private fail(error: Error): void {
    this.broken ??= error;
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private ask(request: Unnumbered, transfer: Transferable[] = []): Promise<CpuReply> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as CpuRequest, transfer);
    });
  }

  async load(files: CheckpointFiles): Promise<void> {
    const reply = await this.ask({ kind: 'load', files });
    if (reply.kind === 'error') throw new Error(reply.message);
    if (reply.kind === 'loaded') this.workerKernel = reply.kernel;
  }

  async run(ids: readonly number[], trace: readonly string[]) {
    if (this.broken) return this.fallback.run(ids, trace);
    let reply: CpuReply;
    try {
      reply = await this.ask({ kind: 'run', ids: [...ids], trace: [...trace] });
    } catch {
      // The worker died under this run: the main thread answers it and every later one.
      return this.fallback.run(ids, trace);
    }
    if (reply.kind === 'error') throw new Error(reply.message);
    if (reply.kind !== 'result') throw new Error(`the CPU worker answered a run with '${reply.kind}'`);
    return { logits: unpack(reply.logits), trace: new Map(reply.trace.map((t) => [t.name, unpack(t)] as const)) };
  }
}

/** The main thread's forward pass, for when no worker runs. */
export function mainThreadForward(loaded: LoadedModel): CpuForward {
  let kernel: KernelStatus | undefined;
  return {
    where: 'main',
    get kernel() {
      return kernel;
    },
    run: async (ids, trace) => {
      // Loaded on first use: a page whose worker runs never needs the kernels on its main thread.
      kernel ??= await useFastKernels();
      const out = forward(loaded.model, ids, { trace });
      return { logits: out.logits, trace: out.trace };
    },
  };
}

/**
 * Starts the worker and gives it the checkpoint (a copy of the bytes; the page keeps its own for the tokenizer
 * and the GPU). Resolves to the main-thread engine when no worker can start.
 * @example const cpu = await startCpuForward(files, loaded); const { logits } = await cpu.run([1, 17], [])
 */
export async function startCpuForward(files: CheckpointFiles, loaded: LoadedModel): Promise<CpuForward> {
  const fallback = mainThreadForward(loaded);
  if (typeof Worker === 'undefined') return fallback;
  try {
    // Inline: Vite puts the worker's bundle in this chunk and starts it from a blob: URL (file:// allows that).
    const { default: CpuWorker } = await import('./cpu-worker?worker&inline');
    const engine = new WorkerForward(new CpuWorker(), fallback);
    await engine.load(files);
    return engine;
  } catch {
    return fallback;
  }
}
