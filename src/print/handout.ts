/**
 * The printed handout: steps each scrolly's live figure through every step of the chapter and puts a still copy of
 * it (snapshot.ts) at the end of that step, where only print shows it. Loaded when the reader first asks for a
 * handout (print-setup.ts); after that, Ctrl+P builds the snapshots too. Building is synchronous (Svelte's flushSync
 * draws each state at once), so it can run inside the browser's beforeprint event.
 */
import { flushSync } from 'svelte';
import { liveSentence } from '../live/live-sentence.svelte';
import { scrollyState } from '../scrolly/scrolly-state.svelte';
import { snapshotFigure } from './snapshot';

/** Marks the print-only blocks, on the steps, and the containers and page that have them. */
const SNAPSHOT = 'data-print-snapshot';
export const HANDOUT = 'data-print-handout';

/** The container's figures: the live ones in its figure column, not anything inside a step's prose. */
function figuresOf(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('[data-figure]')].filter((f) => !f.closest('[data-step]'));
}

/** A figure that has not hydrated yet shows its first state only and does not follow the step. */
const isHydrated = (figure: HTMLElement) => !figure.closest('astro-island[ssr]');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > end) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Gets every figure ready to be stepped: islands that wait to be visible (client:visible) are scrolled into view
 * for a moment so they hydrate, then the page goes back where it was; then the live model's run of the reader's
 * sentence is awaited, so the handout shows their sentence. Each wait gives up after a while and the handout then
 * shows what there is (a figure still unhydrated prints its first state).
 * @example await prepareFigures(roots)
 */
export async function prepareFigures(roots: readonly HTMLElement[], timeoutMs = 10_000): Promise<void> {
  const waiting = roots.flatMap(figuresOf).filter((f) => !isHydrated(f));
  if (waiting.length > 0) {
    const { scrollX, scrollY } = window;
    for (const figure of waiting) {
      figure.scrollIntoView({ block: 'nearest', behavior: 'instant' });
      await until(() => isHydrated(figure), timeoutMs);
    }
    window.scrollTo({ left: scrollX, top: scrollY, behavior: 'instant' });
  }
  // A hydrated figure asks for its run on mount; give it a frame to start, then wait for it.
  await sleep(50);
  await until(() => liveSentence.status !== 'running', timeoutMs);
}

/** Removes every snapshot and mark. */
export function clearHandout(doc: Document = document): void {
  doc.querySelectorAll(`[${SNAPSHOT}]`).forEach((el) => el.remove());
  doc.querySelectorAll(`[${HANDOUT}]`).forEach((el) => el.removeAttribute(HANDOUT));
}

/**
 * Builds the handout's snapshots for every container whose figures have hydrated, and leaves each figure in the
 * state it was in. Replaces any earlier snapshots (the reader may have changed the sentence since).
 * @returns the containers that got snapshots; the others print their figure's first state
 * @example const done = buildHandout(roots)
 */
export function buildHandout(roots: readonly HTMLElement[], doc: Document = document): Set<HTMLElement> {
  clearHandout(doc);
  const done = new Set<HTMLElement>();
  for (const root of roots) {
    const figures = figuresOf(root);
    if (figures.length === 0 || !figures.every(isHydrated)) continue;
    const state = scrollyState(root.dataset.scrolly ?? '');
    const before = { active: state.active, progress: state.progress };
    try {
      for (const step of root.querySelectorAll<HTMLElement>('[data-step]')) {
        // The end of the step: a figure that moves with the scroll (RoPE's turning pair) shows where it arrives.
        state.active = step.id;
        state.progress = 1;
        flushSync();
        const block = doc.createElement('div');
        block.className = 'print-snapshot';
        block.setAttribute(SNAPSHOT, step.id);
        // Paper only: on screen it is display:none, and no one should tab into a copy.
        block.setAttribute('aria-hidden', 'true');
        block.inert = true;
        block.append(...figures.map((f) => snapshotFigure(f, step.id)));
        step.append(block);
      }
    } finally {
      state.active = before.active;
      state.progress = before.progress;
      flushSync();
    }
    root.setAttribute(HANDOUT, '');
    done.add(root);
  }
  if (done.size > 0) doc.documentElement.setAttribute(HANDOUT, '');
  return done;
}
