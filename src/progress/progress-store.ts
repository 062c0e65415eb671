/**
 * The reader's progress through the course, kept in this browser's localStorage and nowhere else: the chapters
 * they finished and the step they read last. Pure functions over a Storage-like object, so they run in tests and
 * survive a storage that is missing, full or throwing (private windows, blocked cookies, some file:// setups):
 * reading then gives "no progress" and writing does nothing.
 */

/** The one localStorage key; namespaced because file:// pages of every folder may share one storage. */
export const PROGRESS_KEY = 'inside-deepseek-progress';

/** The subset of the Web Storage API used here (a fake in tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where the reader was last. */
export interface LastRead {
  readonly chapter: string;
  /** The step id (its deep link). */
  readonly step: string;
  /** The step's title, for the "Continue" link. */
  readonly stepTitle: string;
  /** 1-based position of the step among the chapter's steps, and their number. */
  readonly index: number;
  readonly count: number;
}

export interface Progress {
  /** Slugs of finished chapters, in the order they were finished. */
  readonly finished: readonly string[];
  readonly last: LastRead | undefined;
}

export const EMPTY: Progress = { finished: [], last: undefined };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_TITLE = 200;

/**
 * The page's localStorage, or undefined where touching it throws (a SecurityError in some private modes and
 * sandboxed or file:// pages) or it is absent.
 * @example const storage = browserStorage(); if (storage) recordStep(storage, …)
 */
export function browserStorage(): StorageLike | undefined {
  try {
    const storage = globalThis.localStorage;
    return storage ?? undefined;
  } catch {
    return undefined;
  }
}

function isLastRead(value: unknown): value is LastRead {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.chapter === 'string' &&
    SLUG.test(v.chapter) &&
    typeof v.step === 'string' &&
    SLUG.test(v.step) &&
    typeof v.stepTitle === 'string' &&
    v.stepTitle.length <= MAX_TITLE &&
    Number.isInteger(v.index) &&
    Number.isInteger(v.count) &&
    (v.index as number) >= 1 &&
    (v.index as number) <= (v.count as number)
  );
}

/**
 * What is stored, checked field by field: anything malformed (hand-edited, an older format, another site's
 * value under our key on a shared file:// origin) reads as no progress rather than breaking the page.
 * @example readProgress(localStorage).finished // ['attention']
 */
export function readProgress(storage: StorageLike | undefined): Progress {
  let raw: string | null;
  try {
    raw = storage?.getItem(PROGRESS_KEY) ?? null;
  } catch {
    return EMPTY;
  }
  if (!raw) return EMPTY;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return EMPTY;
  }
  if (typeof parsed !== 'object' || parsed === null) return EMPTY;
  const p = parsed as Record<string, unknown>;
  const finished = Array.isArray(p.finished) ? p.finished.filter((s): s is string => typeof s === 'string' && SLUG.test(s)) : [];
  return { finished: [...new Set(finished)], last: isLastRead(p.last) ? p.last : undefined };
}

function write(storage: StorageLike | undefined, progress: Progress): void {
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // Full or refused (private mode): progress lasts for this page only, and reading goes on.
  }
}

/**
 * Remembers the step the reader is on as where to continue.
 * @example recordLastRead(localStorage, { chapter: 'attention', step: 'softmax', stepTitle: 'Softmax', index: 4, count: 7 })
 */
export function recordLastRead(storage: StorageLike | undefined, last: LastRead): void {
  last = { ...last, stepTitle: last.stepTitle.slice(0, MAX_TITLE) };
  if (!isLastRead(last)) return;
  write(storage, { ...readProgress(storage), last });
}

/**
 * Marks a chapter finished (idempotent).
 * @example markFinished(localStorage, 'attention')
 */
export function markFinished(storage: StorageLike | undefined, chapter: string): void {
  if (!SLUG.test(chapter)) return;
  const current = readProgress(storage);
  if (current.finished.includes(chapter)) return;
  write(storage, { ...current, finished: [...current.finished, chapter] });
}

/**
 * Forgets everything: finished chapters and the last step.
 * @example clearProgress(localStorage)
 */
export function clearProgress(storage: StorageLike | undefined): void {
  try {
    storage?.removeItem(PROGRESS_KEY);
  } catch {
    // Nothing was stored where storage refuses access.
  }
}

/**
 * Whether reaching this step finishes the chapter: a chapter counts as finished when the reader reaches its last
 * step (or scrolls to its sources at the end, see track-reading.ts).
 * @example finishesChapter(7, 7) // true
 */
export function finishesChapter(index: number, count: number): boolean {
  return count > 0 && index === count;
}
