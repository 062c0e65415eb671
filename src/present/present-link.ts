/**
 * Keeps the presenter window and its speaker view on the same step. Both are the same chapter page; each sends
 * only the steps it moves to by its own hand (and the presenter answers a new window's hello), never a step it
 * was sent, so the two windows do not echo each other. Messages travel through a BroadcastChannel (any window of
 * the page, even one reloaded or opened by hand) and, where a window holds the other's handle (window.open /
 * opener), through postMessage too, for browsers that give file:// pages no shared channel. So a message usually
 * arrives twice, by either road first: each carries its sender's sequence number and the time it was sent, and
 * the receiver drops a copy it has seen and a step older than the last one it went to (see Freshness).
 */

const APP = 'inside-deepseek-present';

export type PresentMessage =
  /** "I moved to this step": a window's own move, or the presenter's answer to hello. */
  | { kind: 'step'; id: string }
  /** A new window asks where the presentation is. */
  | { kind: 'hello' }
  /** The reader's sentence for the figures (`?s=`), or undefined for the page's own. */
  | { kind: 'sentence'; text: string | undefined };

/** When and by whom a message was sent: the sender's id, its count of messages sent, its clock. */
export interface Stamp {
  from: string;
  seq: number;
  at: number;
}

interface Envelope extends Stamp {
  app: typeof APP;
  channel: string;
  message: PresentMessage;
}

export interface Received {
  message: PresentMessage;
  stamp: Stamp;
}

function openMessage(m: Partial<PresentMessage> & Record<string, unknown>): PresentMessage | undefined {
  if (m.kind === 'hello') return { kind: 'hello' };
  if (m.kind === 'step' && typeof m.id === 'string' && m.id) return { kind: 'step', id: m.id };
  if (m.kind === 'sentence' && (m.text === undefined || typeof m.text === 'string')) return { kind: 'sentence', text: m.text };
  return undefined;
}

/**
 * The message inside a received envelope with its stamp, or undefined for anything else (another app's
 * postMessage, this window's own, a stale format).
 * @example openEnvelope({ app: 'inside-deepseek-present', channel: 'c', from: 'a', seq: 1, at: 0, message: { kind: 'hello' } }, 'c', 'b')
 */
export function openEnvelope(data: unknown, channel: string, self: string): Received | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const e = data as Partial<Envelope>;
  if (e.app !== APP || e.channel !== channel || typeof e.from !== 'string' || e.from === self) return undefined;
  if (typeof e.seq !== 'number' || typeof e.at !== 'number') return undefined;
  if (typeof e.message !== 'object' || e.message === null) return undefined;
  const message = openMessage(e.message as Partial<PresentMessage> & Record<string, unknown>);
  return message && { message, stamp: { from: e.from, seq: e.seq, at: e.at } };
}

/**
 * Decides which received messages still count. A copy already seen (the second road) or older than one already
 * taken from the same sender is dropped; a step is dropped too when the window has gone to a step since it was
 * sent (its own move, or another window's later one), so two quick presses in one window cannot be undone by
 * their own late copies. Ties in time are broken by sender id, so every window agrees on the order. Pure.
 */
export class Freshness {
  private readonly seen = new Map<string, number>();
  private lastStep: { at: number; from: string } | undefined;

  /** Records this window's own step move, sent at `at`. */
  moved(stamp: Pick<Stamp, 'at' | 'from'>): void {
    this.lastStep = { at: stamp.at, from: stamp.from };
  }

  /** True when the message should be acted on; records it if so. */
  accept(message: PresentMessage, stamp: Stamp): boolean {
    if (stamp.seq <= (this.seen.get(stamp.from) ?? 0)) return false;
    this.seen.set(stamp.from, stamp.seq);
    if (message.kind !== 'step') return true;
    const last = this.lastStep;
    if (last && (stamp.at < last.at || (stamp.at === last.at && stamp.from < last.from))) return false;
    this.lastStep = { at: stamp.at, from: stamp.from };
    return true;
  }
}

/** The channel of one page: both windows show the same path (on the site or in the offline copy). */
export function channelName(pathname: string): string {
  return `${APP}:${pathname}`;
}

export interface PresentLink {
  send(message: PresentMessage): void;
  /** Adds a window (the speaker view just opened, or this window's opener) to post to directly. */
  addPeer(peer: Window): void;
  close(): void;
}

/** @example const link = openPresentLink((m) => m.kind === 'step' && goToStep(m.id)); link.send({ kind: 'hello' }) */
export function openPresentLink(receive: (message: PresentMessage) => void): PresentLink {
  const channel = channelName(location.pathname);
  const self = Math.random().toString(36).slice(2);
  const freshness = new Freshness();
  let seq = 0;
  const peers = new Set<Window>();
  // A file:// page's origin serialises as "null", and postMessage accepts no such target: "*" there, where the
  // peers are the page's own file; the receiver checks the envelope either way.
  const target = location.origin === 'null' ? '*' : location.origin;
  let broadcast: BroadcastChannel | undefined;
  try {
    broadcast = new BroadcastChannel(channel);
  } catch {
    broadcast = undefined; // no channel for this origin: postMessage alone
  }
  const onData = (data: unknown) => {
    const received = openEnvelope(data, channel, self);
    if (received && freshness.accept(received.message, received.stamp)) receive(received.message);
  };
  const onBroadcast = (event: MessageEvent) => onData(event.data);
  const onWindowMessage = (event: MessageEvent) => {
    if (event.source && peers.has(event.source as Window)) onData(event.data);
  };
  broadcast?.addEventListener('message', onBroadcast);
  addEventListener('message', onWindowMessage);

  return {
    send(message) {
      const envelope: Envelope = { app: APP, channel, from: self, seq: ++seq, at: Date.now(), message };
      if (message.kind === 'step') freshness.moved(envelope);
      broadcast?.postMessage(envelope);
      for (const peer of peers) {
        if (peer.closed) peers.delete(peer);
        else peer.postMessage(envelope, target);
      }
    },
    addPeer(peer) {
      peers.add(peer);
    },
    close() {
      broadcast?.close();
      removeEventListener('message', onWindowMessage);
      peers.clear();
    },
  };
}
