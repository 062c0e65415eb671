import { describe, expect, it } from 'vitest';
import {
  EMPTY,
  PROGRESS_KEY,
  clearProgress,
  finishesChapter,
  markFinished,
  readProgress,
  recordLastRead,
  type StorageLike,
} from './progress-store';

/** An in-memory Storage. */
function memory(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

/** A storage that refuses every call, as Safari's old private mode or a blocked-storage policy does. */
const refusing: StorageLike = {
  getItem: () => {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('full', 'QuotaExceededError');
  },
  removeItem: () => {
    throw new DOMException('denied', 'SecurityError');
  },
};

const softmax = { chapter: 'attention', step: 'softmax', stepTitle: 'Softmax: scores become weights', index: 4, count: 7 };

describe('reading progress', () => {
  it('is empty at first', () => {
    expect(readProgress(memory())).toEqual(EMPTY);
    expect(readProgress(undefined)).toEqual(EMPTY);
  });

  it('remembers the last step read and the finished chapters, under one key', () => {
    const s = memory();
    recordLastRead(s, softmax);
    markFinished(s, 'transformer');
    markFinished(s, 'transformer');
    expect(readProgress(s)).toEqual({ finished: ['transformer'], last: softmax });
    expect([...s.data.keys()]).toEqual([PROGRESS_KEY]);
    recordLastRead(s, { ...softmax, step: 'mask', stepTitle: 'Mask', index: 5 });
    expect(readProgress(s).last?.step).toBe('mask');
    expect(readProgress(s).finished).toEqual(['transformer']);
  });

  it('forgets everything when cleared', () => {
    const s = memory();
    recordLastRead(s, softmax);
    markFinished(s, 'attention');
    clearProgress(s);
    expect(readProgress(s)).toEqual(EMPTY);
    expect(s.data.size).toBe(0);
  });

  it('reads malformed or foreign values as no progress', () => {
    for (const bad of ['not json', '42', 'null', '[]', '{"finished":"attention"}']) {
      expect(readProgress(memory({ [PROGRESS_KEY]: bad }))).toEqual(EMPTY);
    }
    const mixed = memory({
      [PROGRESS_KEY]: JSON.stringify({
        finished: ['attention', 7, '../etc', 'attention', 'rope'],
        last: { chapter: 'attention', step: '<img>', stepTitle: 'x', index: 1, count: 2 },
      }),
    });
    expect(readProgress(mixed)).toEqual({ finished: ['attention', 'rope'], last: undefined });
    const outOfRange = memory({ [PROGRESS_KEY]: JSON.stringify({ finished: [], last: { ...softmax, index: 9 } }) });
    expect(readProgress(outOfRange).last).toBeUndefined();
  });

  it('refuses to store a malformed step and shortens a long title', () => {
    const s = memory();
    recordLastRead(s, { ...softmax, chapter: 'Not A Slug' });
    markFinished(s, 'javascript:alert(1)');
    expect(readProgress(s)).toEqual(EMPTY);
    recordLastRead(s, { ...softmax, stepTitle: 'x'.repeat(500) });
    expect(readProgress(s).last?.stepTitle).toHaveLength(200);
  });

  it('never throws when storage refuses access', () => {
    expect(readProgress(refusing)).toEqual(EMPTY);
    expect(() => recordLastRead(refusing, softmax)).not.toThrow();
    expect(() => markFinished(refusing, 'attention')).not.toThrow();
    expect(() => clearProgress(refusing)).not.toThrow();
  });

  it('counts a chapter finished at its last step', () => {
    expect(finishesChapter(7, 7)).toBe(true);
    expect(finishesChapter(6, 7)).toBe(false);
    expect(finishesChapter(0, 0)).toBe(false);
  });
});
