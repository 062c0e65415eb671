/**
 * What the training lab's page and its worker say to each other. `serve` answers on the CPU, pure apart from the
 * state it keeps, so a unit test (and the main thread, where no worker starts) can drive it without a Worker.
 * LabServer is the worker's side: it trains on the GPU when it is given one (WebGPU, found by lab-worker.ts) and on
 * the CPU otherwise, and every reply says which, and why not the GPU.
 */
import { GpuLabEngine, LabEngine, MAX_RUN, type LabConfig, type LabSnapshot } from './lab-engine';
import type { MlpDevice } from './mlp-batch';
import type { SgdSettings } from './sgd';

export type LabRequest =
  | { readonly kind: 'reset'; readonly id: number; readonly config: LabConfig; readonly settings: SgdSettings }
  | { readonly kind: 'train'; readonly id: number; readonly steps: number; readonly settings: SgdSettings }
  /** Destroys the GPU device, as a driver reset would: how a test makes the lab lose its GPU. */
  | { readonly kind: 'lose-gpu'; readonly id: number };

/** Where the lab trains: on the GPU through WebGPU (with the adapter's name), or on the CPU and why. */
export type LabBackend = { readonly kind: 'webgpu'; readonly adapter: string } | { readonly kind: 'cpu'; readonly reason: string };

export type LabReply =
  | { readonly kind: 'snapshot'; readonly id: number; readonly snapshot: LabSnapshot; readonly backend: LabBackend }
  | { readonly kind: 'done'; readonly id: number }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

export interface LabState {
  engine?: LabEngine;
  /** Why this state trains on the CPU (the reply's backend says it). */
  reason?: string;
}

/** Most steps one request may ask for, so no answer keeps the worker (or a main-thread fallback) busy for long. */
export const MAX_STEPS_PER_REQUEST = MAX_RUN;

function checkSteps(steps: number): void {
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_STEPS_PER_REQUEST) {
    throw new Error(`the training lab takes 0 to ${MAX_STEPS_PER_REQUEST} steps per request, not ${steps}`);
  }
}

/** @example serve(state, { kind: 'train', id: 2, steps: 20, settings: DEFAULT_SGD }) */
export function serve(state: LabState, request: LabRequest): LabReply {
  const backend: LabBackend = { kind: 'cpu', reason: state.reason ?? 'no worker could start, so the lab trains on the page' };
  try {
    if (request.kind === 'lose-gpu') return { kind: 'done', id: request.id };
    if (request.kind === 'reset') {
      state.engine = new LabEngine(request.config, request.settings);
      return { kind: 'snapshot', id: request.id, snapshot: state.engine.snapshot(true), backend };
    }
    if (!state.engine) throw new Error('the training lab has no network yet');
    checkSteps(request.steps);
    state.engine.settings = request.settings;
    state.engine.run(request.steps);
    return { kind: 'snapshot', id: request.id, snapshot: state.engine.snapshot(), backend };
  } catch (error) {
    return { kind: 'error', id: request.id, message: (error as Error).message };
  }
}

/** A GPU the worker found: its trainer's device, the adapter's name, and what tells of its loss. */
export interface GpuAccess<B> {
  readonly device: MlpDevice<B>;
  readonly adapter: string;
  /** Resolves, with a sentence saying why, when the device is lost. */
  readonly lost: Promise<string>;
  /** Runs GPU work; rejects if it fails, if the GPU reports an error meanwhile, or if the device is lost. */
  guard<T>(work: () => Promise<T>): Promise<T>;
  /** Destroys the device (LabRequest 'lose-gpu'). */
  lose(): void;
}

/** Finds a GPU, or says why there is none. Called once per worker, at its first reset. */
export type GpuFinder<B> = () => Promise<GpuAccess<B> | { readonly reason: string }>;

/**
 * The worker's side: answers requests one at a time, in the order they came, on the GPU while it has one.
 * @example const server = new LabServer(findGpu); const reply = await server.handle(request)
 */
export class LabServer<B> {
  private engine: LabEngine | GpuLabEngine<B> | undefined;
  private backend: LabBackend = { kind: 'cpu', reason: 'no GPU was asked for yet' };
  private gpu: Promise<GpuAccess<B> | { readonly reason: string }> | undefined;
  /** Why the GPU is gone, once it is. */
  private lostReason: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly findGpu: GpuFinder<B>) {}

  handle(request: LabRequest): Promise<LabReply> {
    const reply = this.queue.then(() => this.answer(request));
    this.queue = reply;
    return reply;
  }

  private async answer(request: LabRequest): Promise<LabReply> {
    try {
      if (request.kind === 'lose-gpu') {
        const access = await this.gpu;
        if (access && 'device' in access) access.lose();
        return { kind: 'done', id: request.id };
      }
      if (request.kind === 'reset') {
        this.engine = await this.start(request.config, request.settings);
        return { kind: 'snapshot', id: request.id, snapshot: this.engine.snapshot(true), backend: this.backend };
      }
      const engine = this.engine;
      if (!engine) throw new Error('the training lab has no network yet');
      checkSteps(request.steps);
      engine.settings = request.settings;
      if (engine instanceof LabEngine) engine.run(request.steps);
      else {
        const access = (await this.gpu) as GpuAccess<B>;
        const from = engine.steps;
        try {
          await access.guard(() => engine.run(request.steps));
        } catch (error) {
          // The GPU failed: the CPU goes on from the last network it returned and takes this request's steps (those
          // the device was given, on the same mini-batches; the rest, if it failed before starting, on the next).
          const cpu = engine.onCpu();
          cpu.run(from + request.steps - cpu.steps);
          this.engine = cpu;
          this.backend = { kind: 'cpu', reason: `${this.lostReason ?? failure(error)}; the lab went on from step ${from} on the CPU` };
        }
      }
      return { kind: 'snapshot', id: request.id, snapshot: this.engine!.snapshot(), backend: this.backend };
    } catch (error) {
      return { kind: 'error', id: request.id, message: (error as Error).message };
    }
  }

  /** A new network: on the GPU if there is one (asked for the first time now), else on the CPU. */
  private async start(config: LabConfig, settings: SgdSettings): Promise<LabEngine | GpuLabEngine<B>> {
    if (this.engine instanceof GpuLabEngine) this.engine.destroy();
    this.engine = undefined;
    if (!this.gpu) {
      this.gpu = this.findGpu().catch((error: unknown) => ({ reason: failure(error) }));
      void this.gpu.then((access) => {
        if ('device' in access) void access.lost.then((reason) => (this.lostReason = reason));
      });
    }
    const access = await this.gpu;
    if (!('device' in access)) {
      this.backend = { kind: 'cpu', reason: access.reason };
      return new LabEngine(config, settings);
    }
    if (this.lostReason) {
      this.backend = { kind: 'cpu', reason: this.lostReason };
      return new LabEngine(config, settings);
    }
    try {
      const engine = await access.guard(() => GpuLabEngine.create(config, settings, access.device));
      this.backend = { kind: 'webgpu', adapter: access.adapter };
      return engine;
    } catch (error) {
      this.backend = { kind: 'cpu', reason: this.lostReason ?? failure(error) };
      return new LabEngine(config, settings);
    }
  }
}

function failure(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  return message.startsWith('the GPU') || message.startsWith('WebGPU') ? message : `the GPU failed (${message})`;
}
