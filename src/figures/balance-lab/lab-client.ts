/**
 * The page's side of the lab: starts the lab worker and asks it for resets and steps. Where no worker can start, or
 * one dies, the same `serve` answers on the main thread (a macrotask per request, so the page still breathes).
 */
import type { CheckpointFiles } from '../../model/checkpoint';
import type { LabSettings } from './balance-engine';
import { serve, type LabReply, type LabRequest, type LabSnapshot, type LabWorkerState } from './lab-protocol';
import type { StartId } from './start-states';
import { WorkerChannel, type Unnumbered } from '../../live/worker-channel';

export class LabClient {
  private readonly fallback: LabWorkerState = {};
  private readonly channel: WorkerChannel<LabRequest, LabReply>;

  private constructor(private readonly files: CheckpointFiles) {
    this.channel = new WorkerChannel('the lab worker', (request) => {
      // After a worker died, the main thread reads the checkpoint itself before its first answer.
      if (!this.fallback.loaded && request.kind !== 'load') serve(this.fallback, { kind: 'load', id: 0, files: this.files });
      return serve(this.fallback, request);
    });
  }

  /** Where the lab computes: 'worker', or 'main' after a fallback. */
  get where(): 'worker' | 'main' {
    return this.channel.where;
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
        client.channel.attach(new LabWorker());
      } catch {
        // No worker: the channel answers on the main thread.
      }
    }
    await client.expect('loaded', { kind: 'load', files });
    return client;
  }

  private async expect(kind: 'loaded', request: Unnumbered<LabRequest>): Promise<void>;
  private async expect(kind: 'snapshot', request: Unnumbered<LabRequest>): Promise<LabSnapshot>;
  private async expect(kind: LabReply['kind'], request: Unnumbered<LabRequest>): Promise<LabSnapshot | void> {
    let reply: LabReply;
    try {
      reply = await this.channel.ask(request);
    } catch {
      // The worker died under this request. Its lab died with it: steps cannot go on, anything else is asked again
      // on the main thread.
      if (request.kind === 'steps') throw new Error('the lab worker stopped; press Reset to go on without it');
      reply = await this.channel.ask(request);
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
