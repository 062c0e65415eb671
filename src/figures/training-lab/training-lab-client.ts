/**
 * The page's side of the training lab: starts the lab's worker and asks it to reset or train. Where no worker can
 * start, or one dies, `serve` answers on the main thread, one request per macrotask, so the page still breathes
 * (requests are capped at MAX_STEPS_PER_REQUEST steps).
 */
import type { LabConfig, LabSnapshot } from '../../foundations/lab-engine';
import { serve, type LabReply, type LabRequest, type LabState } from '../../foundations/lab-protocol';
import type { SgdSettings } from '../../foundations/sgd';

/** A request before the client numbers it (Omit distributed over the union). */
type Unnumbered = LabRequest extends infer R ? (R extends LabRequest ? Omit<R, 'id'> : never) : never;

export class TrainingLabClient {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (r: LabReply) => void; reject: (e: Error) => void }>();
  private readonly fallback: LabState = {};
  private worker: Worker | undefined;

  /** Where the lab trains: 'worker', or 'main' where no worker runs. */
  get where(): 'worker' | 'main' {
    return this.worker ? 'worker' : 'main';
  }

  /** @example const client = await TrainingLabClient.start(); const s = await client.reset(DEFAULT_LAB_CONFIG, DEFAULT_SGD) */
  static async start(): Promise<TrainingLabClient> {
    const client = new TrainingLabClient();
    if (typeof Worker !== 'undefined') {
      try {
        // Inline: Vite puts the worker's bundle in this chunk and starts it from a blob: URL (file:// allows that).
        const { default: LabWorker } = await import('../../foundations/lab-worker?worker&inline');
        client.attach(new LabWorker());
      } catch {
        client.worker = undefined;
      }
    }
    return client;
  }

  private attach(worker: Worker): void {
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<LabReply>) => {
      const waiting = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiting?.resolve(event.data);
    };
    worker.onerror = (event) => this.fail(new Error(`the training worker failed: ${event.message || 'no message'}`));
    worker.onmessageerror = () => this.fail(new Error('the training worker sent a message that could not be read'));
  }

  /** The worker is gone: what it was asked is rejected, and the main thread answers from now on. */
  private fail(error: Error): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private ask(request: Unnumbered): Promise<LabReply> {
    const numbered = { ...request, id: this.next++ } as LabRequest;
    const worker = this.worker;
    if (!worker) return new Promise((resolve) => setTimeout(() => resolve(serve(this.fallback, numbered)), 0));
    return new Promise((resolve, reject) => {
      this.pending.set(numbered.id, { resolve, reject });
      worker.postMessage(numbered);
    });
  }

  private async snapshot(request: Unnumbered): Promise<LabSnapshot> {
    let reply: LabReply;
    try {
      reply = await this.ask(request);
    } catch {
      // The worker died, and its network with it: a reset starts again on the main thread; training cannot go on.
      if (request.kind === 'train') throw new Error('the training worker stopped; press Reset to go on without it');
      reply = await this.ask(request);
    }
    if (reply.kind === 'error') throw new Error(reply.message);
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
