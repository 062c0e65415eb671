/**
 * Keeps the presenter window and its speaker view on the same step. Both are the same chapter page; each sends
 * the step it moves to, and the other goes there. Messages travel through a BroadcastChannel (any window of the
 * page, even one reloaded or opened by hand) and, where a window holds the other's handle (window.open / opener),
 * through postMessage too, for browsers that give file:// pages no shared channel. Receiving a step twice is harmless.
 */

const APP = 'inside-deepseek-present';

export type PresentMessage =
  /** "I am on this step": sent on every step change, and in answer to hello. */
  | { kind: 'step'; id: string }
  /** A new window asks where the presentation is. */
  | { kind: 'hello' };

interface Envelope {
  app: typeof APP;
  channel: string;
  from: string;
  message: PresentMessage;
}

/**
 * The message inside a received envelope, or undefined for anything else (another app's postMessage, a stale format).
 * @example openEnvelope({ app: 'inside-deepseek-present', channel: 'c', from: 'a', message: { kind: 'hello' } }, 'c', 'b')
 */
export function openEnvelope(data: unknown, channel: string, self: string): PresentMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const e = data as Partial<Envelope>;
  if (e.app !== APP || e.channel !== channel || typeof e.from !== 'string' || e.from === self) return undefined;
  const m = e.message as Partial<PresentMessage> | undefined;
  if (m?.kind === 'hello') return { kind: 'hello' };
  if (m?.kind === 'step' && typeof m.id === 'string' && m.id) return { kind: 'step', id: m.id };
  return undefined;
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
    const message = openEnvelope(data, channel, self);
    if (message) receive(message);
  };
  const onBroadcast = (event: MessageEvent) => onData(event.data);
  const onWindowMessage = (event: MessageEvent) => {
    if (event.source && peers.has(event.source as Window)) onData(event.data);
  };
  broadcast?.addEventListener('message', onBroadcast);
  addEventListener('message', onWindowMessage);

  return {
    send(message) {
      const envelope: Envelope = { app: APP, channel, from: self, message };
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
