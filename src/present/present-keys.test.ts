import { describe, expect, it } from 'vitest';
import { presentAction, scrollAxis, stepFor, type KeyPress } from './present-keys';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...extra,
});

describe('presenter keys', () => {
  it('moves forward on the keys clickers and readers use', () => {
    for (const key of ['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'n', 'j', 'N']) expect(presentAction(press(key)), key).toBe('next');
  });

  it('moves back on ←, ↑, PageUp, Shift+Space and k', () => {
    for (const key of ['ArrowLeft', 'ArrowUp', 'PageUp', 'k']) expect(presentAction(press(key)), key).toBe('previous');
    expect(presentAction(press(' ', { shiftKey: true }))).toBe('previous');
  });

  it('jumps to the ends, leaves, and opens the speaker view, QR code and full screen', () => {
    expect(presentAction(press('Home'))).toBe('first');
    expect(presentAction(press('End'))).toBe('last');
    expect(presentAction(press('Escape'))).toBe('exit');
    expect(presentAction(press('P', { shiftKey: true }))).toBe('exit');
    expect(presentAction(press('s'))).toBe('speaker');
    expect(presentAction(press('q'))).toBe('qr');
    expect(presentAction(press('f'))).toBe('fullscreen');
  });

  it('leaves browser shortcuts and other keys alone', () => {
    expect(presentAction(press('ArrowLeft', { altKey: true }))).toBeUndefined();
    expect(presentAction(press('f', { ctrlKey: true }))).toBeUndefined();
    expect(presentAction(press('p', { metaKey: true }))).toBeUndefined();
    expect(presentAction(press('x'))).toBeUndefined();
    expect(presentAction(press('Tab'))).toBeUndefined();
  });

  it('steps through ids without wrapping', () => {
    const ids = ['tokens', 'scores', 'softmax'];
    expect(stepFor(ids, 'scores', 'next')).toBe('softmax');
    expect(stepFor(ids, 'softmax', 'next')).toBeUndefined();
    expect(stepFor(ids, 'tokens', 'previous')).toBeUndefined();
    expect(stepFor(ids, undefined, 'next')).toBe('tokens');
    expect(stepFor(ids, 'scores', 'first')).toBe('tokens');
    expect(stepFor(ids, 'tokens', 'last')).toBe('softmax');
  });

  it('names the direction a key scrolls a focused box in, so such a box keeps its scroll keys', () => {
    for (const key of ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', ' ']) expect(scrollAxis(press(key)), key).toBe('y');
    expect(scrollAxis(press(' ', { shiftKey: true }))).toBe('y');
    for (const key of ['ArrowLeft', 'ArrowRight']) expect(scrollAxis(press(key)), key).toBe('x');
    for (const key of ['Home', 'End', 'n', 'k', 'Escape']) expect(scrollAxis(press(key)), key).toBeUndefined();
    expect(scrollAxis(press('ArrowDown', { altKey: true }))).toBeUndefined();
  });
});
