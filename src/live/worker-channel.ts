/**
 * Numbered requests to a Web Worker and their replies, with a main-thread stand-in: where no worker runs, or after
 * one dies, `fallback` answers each request on its own macrotask, so the page still breathes. The labs' clients
 * (balance lab, training lab) speak to their workers through one of these.
 */

/** A request before the channel numbers it (Omit distributed over a union). */
export type Unnumbered<R> = R extends unknown ? Omit<R, 'id'> : never;

export class WorkerChannel<Req extends { readonly id: number }, Reply extends { readonly id: number }> {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private worker: Worker | undefined;

  /**
   * @param label how errors name the worker ("the lab worker")
   * @param fallback answers a request on the main thread (at once, or as a promise)
   */
  constructor(
    private readonly label: string,
    private readonly fallback: (request: Req) => Reply | Promise<Reply>,
  ) {}

  /** Where requests are answered: 'worker', or 'main' where none runs. */
  get where(): 'worker' | 'main' {
    return this.worker ? 'worker' : 'main';
  }

  /** From now on requests go to `worker`; if it fails, what it was asked is rejected and the main thread takes over. */
  attach(worker: Worker): void {
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const waiting = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiting?.resolve(event.data);
    };
    worker.onerror = (event) => this.fail(new Error(`${this.label} failed: ${event.message || 'no message'}`));
    worker.onmessageerror = () => this.fail(new Error(`${this.label} sent a message that could not be read`));
  }

  private fail(error: Error): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  /**
   * Numbers `request` and resolves with its reply; rejects if the worker dies before answering.
   * @example const reply = await channel.ask({ kind: 'train', steps: 10, settings })
   */
  ask(request: Unnumbered<Req>): Promise<Reply> {
    const numbered = { ...request, id: this.next++ } as unknown as Req;
    const worker = this.worker;
    if (!worker) return new Promise((resolve) => setTimeout(() => resolve(this.fallback(numbered)), 0));
    return new Promise((resolve, reject) => {
      this.pending.set(numbered.id, { resolve, reject });
      worker.postMessage(numbered);
    });
  }
}
