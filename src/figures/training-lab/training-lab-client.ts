/**
 * The page's side of the training lab: starts the lab's worker and asks it to reset or train. The worker trains on
 * the GPU (WebGPU) where it can and says where it trained in each reply (`backend`). Where no worker can start, or
 * one dies, `serve` answers on the main thread, on the CPU, one request per macrotask, so the page still breathes
 * (requests are capped at MAX_STEPS_PER_REQUEST steps).
 */
import type { LabConfig, LabSnapshot } from '../../foundations/lab-engine';
import { serve, type LabBackend, type LabReply, type LabRequest, type LabState } from '../../foundations/lab-protocol';
import type { SgdSettings } from '../../foundations/sgd';
import { WorkerChannel, type Unnumbered } from '../../live/worker-channel';

export class TrainingLabClient {
  private readonly fallback: LabState = {};
  private readonly channel = new WorkerChannel<LabRequest, LabReply>('the training worker', (request) => serve(this.fallback, request));

  /** Where the last reply says the lab trains: the GPU (with its adapter) or the CPU (and why); undefined before it. */
  backend: LabBackend | undefined;

  /** Where the lab trains: 'worker', or 'main' where no worker runs. */
  get where(): 'worker' | 'main' {
    return this.channel.where;
  }

  /** @example const client = await TrainingLabClient.start(); const s = await client.reset(DEFAULT_LAB_CONFIG, DEFAULT_SGD) */
  static async start(): Promise<TrainingLabClient> {
    const client = new TrainingLabClient();
    if (typeof Worker !== 'undefined') {
      try {
        // Inline: Vite puts the worker's bundle in this chunk and starts it from a blob: URL (file:// allows that).
        const { default: LabWorker } = await import('../../foundations/lab-worker?worker&inline');
        client.channel.attach(new LabWorker());
      } catch {
        // No worker: the channel answers on the main thread.
      }
    }
    return client;
  }

  private async snapshot(request: Unnumbered<LabRequest>): Promise<LabSnapshot> {
    let reply: LabReply;
    try {
      reply = await this.channel.ask(request);
    } catch {
      // The worker died, and its network with it: a reset starts again on the main thread; training cannot go on.
      this.fallback.reason = 'the training worker stopped, so the lab trains on the page';
      if (request.kind === 'train') throw new Error('the training worker stopped; press Reset to go on without it');
      reply = await this.channel.ask(request);
    }
    if (reply.kind === 'error') throw new Error(reply.message);
    if (reply.kind !== 'snapshot') throw new Error(`the training worker answered ${reply.kind} to ${request.kind}`);
    this.backend = reply.backend;
    return reply.snapshot;
  }

  /** A fresh network and data set (the snapshot carries the points). */
  reset(config: LabConfig, settings: SgdSettings): Promise<LabSnapshot> {
    return this.snapshot({ kind: 'reset', config, settings });
  }

  /** `steps` more SGD steps with these settings. */
  train(steps: number, settings: SgdSettings): Promise<LabSnapshot> {
    return this.snapshot({ kind: 'train', steps, settings });
  }
}
