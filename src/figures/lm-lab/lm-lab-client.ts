/**
 * The page's side of the language-model lab: starts the lab's worker and asks it to reset, train or read a sentence.
 * Where no worker can start, or one dies, `serve` answers on the main thread, one request per macrotask (the island
 * then asks for one step at a time), so the page still breathes.
 */
import type { LmLabConfig, LmLabSettings, LmSnapshot } from '../../lm-lab/engine';
import { LmServer, type LmBackend, type LmReply, type LmRequest } from '../../lm-lab/protocol';
import { WorkerChannel, type Unnumbered } from '../../live/worker-channel';

export interface LmAnswer {
  readonly snapshot: LmSnapshot;
  /** The kernels the steps ran on: 'wasm-simd', or 'reference (why)'. */
  readonly kernels: string;
  /** Where the steps ran: WebGPU (and the adapter), or the CPU and why. */
  readonly backend: LmBackend;
}

export class LmLabClient {
  private readonly fallback = new LmServer();
  private readonly channel = new WorkerChannel<LmRequest, LmReply>('the language-model lab worker', (request) => this.fallback.handle(request));

  /** Where the lab trains: 'worker', or 'main' where no worker runs. */
  get where(): 'worker' | 'main' {
    return this.channel.where;
  }

  /** @example const client = await LmLabClient.start(); const { snapshot } = await client.reset(DEFAULT_LM_CONFIG, DEFAULT_LM_SETTINGS, 'the keys to the') */
  static async start(): Promise<LmLabClient> {
    const client = new LmLabClient();
    if (typeof Worker !== 'undefined') {
      try {
        // Inline: Vite puts the worker's bundle in this chunk and starts it from a blob: URL (file:// allows that).
        const { default: LmWorker } = await import('../../lm-lab/worker?worker&inline');
        client.channel.attach(new LmWorker());
      } catch {
        // No worker: the channel answers on the main thread.
      }
    }
    return client;
  }

  private async answer(request: Unnumbered<LmRequest>): Promise<LmAnswer> {
    let reply: LmReply;
    try {
      reply = await this.channel.ask(request);
    } catch {
      // The worker died, and its model with it: a reset starts again on the main thread; training cannot go on.
      if (request.kind !== 'reset') throw new Error('the lab worker stopped; press Reset to go on without it');
      reply = await this.channel.ask(request);
    }
    if (reply.kind === 'error') throw new Error(reply.message);
    if (reply.kind !== 'snapshot') throw new Error(`the lab worker answered "${reply.kind}" to a ${request.kind} request`);
    return { snapshot: reply.snapshot, kernels: reply.kernels, backend: reply.backend };
  }

  /** A freshly initialised model (step 0). */
  reset(config: LmLabConfig, settings: LmLabSettings, sentence: string): Promise<LmAnswer> {
    return this.answer({ kind: 'reset', config, settings, sentence });
  }

  /** `steps` more training steps with these settings. */
  train(steps: number, settings: LmLabSettings, sentence: string): Promise<LmAnswer> {
    return this.answer({ kind: 'train', steps, settings, sentence });
  }

  /** The model's guesses for another sentence, without training. */
  read(sentence: string): Promise<LmAnswer> {
    return this.answer({ kind: 'read', sentence });
  }
}
