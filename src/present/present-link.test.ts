import { describe, expect, it } from 'vitest';
import { channelName, Freshness, openEnvelope, type PresentMessage, type Stamp } from './present-link';

const envelope = (message: unknown, extra: Record<string, unknown> = {}) => ({
  app: 'inside-deepseek-present',
  channel: channelName('/chapters/attention/'),
  from: 'presenter',
  seq: 1,
  at: 1000,
  message,
  ...extra,
});

describe('presenter link messages', () => {
  const channel = channelName('/chapters/attention/');
  const stamp = { from: 'presenter', seq: 1, at: 1000 };

  it('opens a step message, a hello and a sentence from the other window, with their stamp', () => {
    expect(openEnvelope(envelope({ kind: 'step', id: 'softmax' }), channel, 'speaker')).toEqual({ message: { kind: 'step', id: 'softmax' }, stamp });
    expect(openEnvelope(envelope({ kind: 'hello' }), channel, 'speaker')).toEqual({ message: { kind: 'hello' }, stamp });
    expect(openEnvelope(envelope({ kind: 'sentence', text: 'the boxes' }), channel, 'speaker')?.message).toEqual({ kind: 'sentence', text: 'the boxes' });
    expect(openEnvelope(envelope({ kind: 'sentence' }), channel, 'speaker')?.message).toEqual({ kind: 'sentence', text: undefined });
  });

  it('ignores its own messages, other pages and other apps', () => {
    expect(openEnvelope(envelope({ kind: 'hello' }), channel, 'presenter')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'hello' }), channelName('/chapters/rope/'), 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'hello' }, { app: 'other' }), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope('hello', channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(null, channel, 'speaker')).toBeUndefined();
  });

  it('ignores malformed messages and unstamped ones (the old format)', () => {
    expect(openEnvelope(envelope({ kind: 'step' }), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'step', id: 7 }), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'quit' }), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'sentence', text: 3 }), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope(undefined), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'hello' }, { seq: undefined }), channel, 'speaker')).toBeUndefined();
  });
});

describe('freshness of received messages', () => {
  const step = (id: string): PresentMessage => ({ kind: 'step', id });
  /** Applies a delivery order to a fresh receiver and returns the steps it goes to. */
  const deliver = (order: [PresentMessage, Stamp][], own?: Pick<Stamp, 'at' | 'from'>) => {
    const fresh = new Freshness();
    if (own) fresh.moved(own);
    return order.filter(([m, s]) => fresh.accept(m, s)).map(([m]) => (m.kind === 'step' ? m.id : m.kind));
  };
  // Two quick Next presses in the speaker window: C, then D; each arrives twice (BroadcastChannel and postMessage).
  const c: [PresentMessage, Stamp] = [step('c'), { from: 'speaker', seq: 1, at: 100 }];
  const d: [PresentMessage, Stamp] = [step('d'), { from: 'speaker', seq: 2, at: 120 }];

  it('ends on the last move whatever order the copies arrive in, never going back', () => {
    for (const order of [
      [c, d, c, d],
      [c, c, d, d],
      [d, c, c, d],
      [c, d, d, c],
      [d, d, c, c],
    ]) {
      const went = deliver(order);
      expect(went.at(-1), JSON.stringify(order)).toBe('d');
      expect(went.filter((id) => id === 'd')).toHaveLength(1);
      expect(went.indexOf('c') === -1 || went.indexOf('c') < went.indexOf('d')).toBe(true);
    }
  });

  it('drops another window’s step sent before this window’s own later move', () => {
    expect(deliver([c], { from: 'presenter', at: 110 })).toEqual([]);
    expect(deliver([d], { from: 'presenter', at: 110 })).toEqual(['d']);
    // Same millisecond: the sender id decides, the same way in both windows.
    expect(deliver([[step('x'), { from: 'b', seq: 1, at: 5 }]], { from: 'a', at: 5 })).toEqual(['x']);
    expect(deliver([[step('x'), { from: 'a', seq: 1, at: 5 }]], { from: 'b', at: 5 })).toEqual([]);
  });

  it('takes each hello and sentence once', () => {
    const hello: [PresentMessage, Stamp] = [{ kind: 'hello' }, { from: 'speaker', seq: 1, at: 1 }];
    const sentence: [PresentMessage, Stamp] = [{ kind: 'sentence', text: 'a b' }, { from: 'presenter', seq: 3, at: 0 }];
    expect(deliver([hello, hello, sentence, sentence], { from: 'x', at: 50 })).toEqual(['hello', 'sentence']);
  });
});
