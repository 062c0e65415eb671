import { describe, expect, it } from 'vitest';
import { channelName, openEnvelope } from './present-link';

const envelope = (message: unknown, extra: Record<string, unknown> = {}) => ({
  app: 'inside-deepseek-present',
  channel: channelName('/chapters/attention/'),
  from: 'presenter',
  message,
  ...extra,
});

describe('presenter link messages', () => {
  const channel = channelName('/chapters/attention/');

  it('opens a step message and a hello from the other window', () => {
    expect(openEnvelope(envelope({ kind: 'step', id: 'softmax' }), channel, 'speaker')).toEqual({ kind: 'step', id: 'softmax' });
    expect(openEnvelope(envelope({ kind: 'hello' }), channel, 'speaker')).toEqual({ kind: 'hello' });
  });

  it('ignores its own messages, other pages and other apps', () => {
    expect(openEnvelope(envelope({ kind: 'hello' }), channel, 'presenter')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'hello' }), channelName('/chapters/rope/'), 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'hello' }, { app: 'other' }), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope('hello', channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(null, channel, 'speaker')).toBeUndefined();
  });

  it('ignores malformed messages', () => {
    expect(openEnvelope(envelope({ kind: 'step' }), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'step', id: 7 }), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope({ kind: 'quit' }), channel, 'speaker')).toBeUndefined();
    expect(openEnvelope(envelope(undefined), channel, 'speaker')).toBeUndefined();
  });
});
