/**
 * What the language-model lab's page and its worker say to each other. `LmServer` is the worker's side: it trains on
 * the GPU when it is given one (WebGPU, found by worker.ts) and the reader has not asked for the CPU, on the CPU
 * otherwise, and every reply says which, and why not the GPU. Without a GPU finder (a unit test, or the main thread
 * where no worker starts) it is the CPU lab alone.
 */
import type { TrainingGpu } from '../model/webgpu/training/training-gpu';
import { LmEngine, type LmLabConfig, type LmLabSettings, type LmSnapshot } from './engine';

export type LmRequest =
  | { readonly kind: 'reset'; readonly id: number; readonly config: LmLabConfig; readonly settings: LmLabSettings; readonly sentence: string }
  | { readonly kind: 'train'; readonly id: number; readonly steps: number; readonly settings: LmLabSettings; readonly sentence: string }
  | { readonly kind: 'read'; readonly id: number; readonly sentence: string }
  /** Destroys the GPU device, as a driver reset would: how a test makes the lab lose its GPU. */
  | { readonly kind: 'lose-gpu'; readonly id: number };

/** Where the lab trains: on the GPU through WebGPU (with the adapter's name), or on the CPU and why. */
export type LmBackend = { readonly kind: 'webgpu'; readonly adapter: string } | { readonly kind: 'cpu'; readonly reason: string };

export type LmReply =
  | { readonly kind: 'snapshot'; readonly id: number; readonly snapshot: LmSnapshot; readonly kernels: string; readonly backend: LmBackend }
  | { readonly kind: 'done'; readonly id: number }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

/** Most steps one request may ask for, so no answer keeps the worker (or a main-thread fallback) busy for long. */
export const MAX_STEPS_PER_REQUEST = 50;

/** Finds a GPU, or says why there is none. Called once per worker, at the first reset that wants one. */
export type GpuFinder = () => Promise<TrainingGpu | { readonly reason: string }>;

/**
 * Answers requests one at a time, in the order they came.
 * @example const server = new LmServer(); const reply = await server.handle({ kind: 'read', id: 1, sentence: 'the' })
 */
export class LmServer {
  /** The kernels the CPU's ops run on ('wasm-simd', or 'reference (why)'); set by the worker once they load. */
  kernels = 'reference';
  private engine: LmEngine | undefined;
  private backend: LmBackend;
  private gpu: Promise<TrainingGpu | { readonly reason: string }> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly findGpu?: GpuFinder) {
    this.backend = { kind: 'cpu', reason: findGpu ? 'no GPU was asked for yet' : 'no worker could start, so the lab trains on the page, on the CPU' };
  }

  handle(request: LmRequest): Promise<LmReply> {
    const reply = this.queue.then(() => this.answer(request));
    this.queue = reply;
    return reply;
  }

  private snapshot(id: number, engine: LmEngine, sentence: string, stepMs: number | null = null): LmReply {
    return { kind: 'snapshot', id, snapshot: engine.snapshot(sentence, stepMs), kernels: this.kernels, backend: this.backend };
  }

  private async answer(request: LmRequest): Promise<LmReply> {
    try {
      if (request.kind === 'lose-gpu') {
        const access = await this.gpu;
        if (access && 'kernels' in access) access.lose();
        return { kind: 'done', id: request.id };
      }
      if (request.kind === 'reset') {
        this.engine?.destroy();
        this.engine = undefined;
        this.engine = await this.start(request.config, request.settings);
        return this.snapshot(request.id, this.engine, request.sentence);
      }
      const engine = this.engine;
      if (!engine) throw new Error('the language-model lab has no model yet');
      if (request.kind === 'read') return this.snapshot(request.id, engine, request.sentence);
      if (!Number.isInteger(request.steps) || request.steps < 0 || request.steps > MAX_STEPS_PER_REQUEST) {
        throw new Error(`the lab takes 0 to ${MAX_STEPS_PER_REQUEST} steps per request, not ${request.steps}`);
      }
      engine.settings = request.settings;
      const started = performance.now();
      const from = engine.step;
      if (engine.backend.name === 'cpu') await engine.run(request.steps);
      else {
        const access = (await this.gpu) as TrainingGpu;
        try {
          await access.guard(() => engine.run(request.steps));
        } catch (error) {
          // The GPU failed: the CPU goes on from the weights of the last step the GPU finished, retaking the step
          // it failed on (same windows) and the rest of this request's.
          engine.useCpu();
          this.backend = { kind: 'cpu', reason: `${access.lostReason() ?? failure(error)}; the lab went on from step ${engine.step} on the CPU` };
          await engine.run(from + request.steps - engine.step);
        }
      }
      const stepMs = request.steps ? (performance.now() - started) / request.steps : 0;
      return this.snapshot(request.id, engine, request.sentence, stepMs);
    } catch (error) {
      return { kind: 'error', id: request.id, message: (error as Error).message };
    }
  }

  /** A new model: on the GPU if the reader wants it and there is one (asked for the first time now), else the CPU. */
  private async start(config: LmLabConfig, settings: LmLabSettings): Promise<LmEngine> {
    if (!this.findGpu) return new LmEngine(config, settings);
    if (config.device === 'cpu') {
      this.backend = { kind: 'cpu', reason: 'the CPU was chosen' };
      return new LmEngine(config, settings);
    }
    this.gpu ??= this.findGpu().catch((error: unknown) => ({ reason: failure(error) }));
    const access = await this.gpu;
    if (!('kernels' in access)) {
      this.backend = { kind: 'cpu', reason: access.reason };
      return new LmEngine(config, settings);
    }
    const lost = access.lostReason();
    if (lost) {
      this.backend = { kind: 'cpu', reason: lost };
      return new LmEngine(config, settings);
    }
    try {
      const engine = await access.guard(async () => new LmEngine(config, settings, undefined, access.kernels));
      this.backend = { kind: 'webgpu', adapter: access.adapter };
      return engine;
    } catch (error) {
      this.backend = { kind: 'cpu', reason: access.lostReason() ?? failure(error) };
      return new LmEngine(config, settings);
    }
  }
}

function failure(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  return message.startsWith('the GPU') || message.startsWith('WebGPU') ? message : `the GPU failed (${message})`;
}
