/**
 * The page's side of the lab: starts the lab worker and asks it for resets and steps. Where no worker can start, or
 * one dies, the same `serve` answers on the main thread (a macrotask per request, so the page still breathes).
 */
import type { CheckpointFiles } from '../../model/checkpoint';
import type { LabSettings } from './balance-engine';
import { serve, type LabReply, type LabRequest, type LabSnapshot, type LabWorkerState } from './lab-protocol';
import type { StartId } from './start-states';

/** A request before the client numbers it (Omit distributed over the union). */
type Unnumbered = LabRequest extends infer R ? (R extends LabRequest ? Omit<R, 'id'> : never) : never;

export class LabClient {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (r: LabReply) => void; reject: (e: Error) => void }>();
  private readonly fallback: LabWorkerState = {};
  private worker: Worker | undefined;

  private constructor(private readonly files: CheckpointFiles) {}

  /** Where the lab computes: 'worker', or 'main' after a fallback. */
  get where(): 'worker' | 'main' {
    return this.worker ? 'worker' : 'main';
  }

  /**
   * Starts the worker and loads the checkpoint into it; on the main thread when no worker runs.
   * @example const client = await LabClient.start(files); const first = await client.reset('boost-group', DEFAULT_SETTINGS)
   */
  static async start(files: CheckpointFiles): Promise<LabClient> {
    const client = new LabClient(files);
    if (typeof Worker !== 'undefined') {
      try {
        // Inline: Vite puts the worker's bundle in this chunk and starts it from a blob: URL (file:// allows that).
        const { default: LabWorker } = await import('./lab-worker?worker&inline');
        client.attach(new LabWorker());
      } catch {
        client.worker = undefined;
      }
    }
    await client.expect('loaded', { kind: 'load', files });
    return client;
  }

  private attach(worker: Worker): void {
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<LabReply>) => {
      const waiting = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiting?.resolve(event.data);
    };
    worker.onerror = (event) => this.fail(new Error(`the lab worker failed: ${event.message || 'no message'}`));
    worker.onmessageerror = () => this.fail(new Error('the lab worker sent a message that could not be read'));
  }

  /** The worker is gone: what it was asked is rejected, and the main thread answers from now on. */
  private fail(error: Error): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private ask(request: Unnumbered): Promise<LabReply> {
    const id = this.next++;
    const numbered = { ...request, id } as LabRequest;
    const worker = this.worker;
    if (!worker) {
      return new Promise((resolve) =>
        setTimeout(() => {
          // After a worker died, the main thread reads the checkpoint itself before its first answer.
          if (!this.fallback.loaded && numbered.kind !== 'load') serve(this.fallback, { kind: 'load', id: 0, files: this.files });
          resolve(serve(this.fallback, numbered));
        }, 0),
      );
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(numbered);
    });
  }

  private async expect(kind: 'loaded', request: Unnumbered): Promise<void>;
  private async expect(kind: 'snapshot', request: Unnumbered): Promise<LabSnapshot>;
  private async expect(kind: LabReply['kind'], request: Unnumbered): Promise<LabSnapshot | void> {
    let reply: LabReply;
    try {
      reply = await this.ask(request);
    } catch {
      // The worker died under this request. Its lab died with it: steps cannot go on, anything else is asked again
      // on the main thread.
      if (request.kind === 'steps') throw new Error('the lab worker stopped; press Reset to go on without it');
      reply = await this.ask(request);
    }
    if (reply.kind === 'error') throw new Error(reply.message);
    if (reply.kind !== kind) throw new Error(`the lab answered '${reply.kind}' where '${kind}' was expected`);
    return reply.kind === 'snapshot' ? reply.snapshot : undefined;
  }

  /** A lab at step 0 from a start state. */
  reset(start: StartId, settings: LabSettings): Promise<LabSnapshot> {
    return this.expect('snapshot', { kind: 'reset', start, settings });
  }

  /** `count` more steps with these settings. */
  steps(count: number, settings: LabSettings): Promise<LabSnapshot> {
    return this.expect('snapshot', { kind: 'steps', count, settings });
  }
}
