/**
 * On the course map: marks the chapters the reader finished and offers "Continue where you left off", from what
 * track-reading.ts stored in this browser; a button forgets it all. With storage unavailable the panel stays hidden
 * and the map is the plain list it is without JavaScript.
 */
import { browserStorage, clearProgress, readProgress, type Progress, type StorageLike } from './progress-store';

/** The map's link to a chapter: its href is already right for the hosted site and for the file:// copy. */
function chapterLink(doc: Document, slug: string): HTMLAnchorElement | null {
  return doc.querySelector<HTMLAnchorElement>(`[data-course-map] [data-chapter="${CSS.escape(slug)}"] a[href]`);
}

function markFinished(doc: Document, finished: readonly string[]): void {
  for (const item of doc.querySelectorAll<HTMLElement>('[data-course-map] [data-chapter]')) {
    const done = finished.includes(item.dataset.chapter ?? '') && !!item.querySelector('a[href]');
    item.toggleAttribute('data-finished', done);
    item.querySelector('[data-finished-mark]')?.remove();
    if (!done) continue;
    const mark = doc.createElement('span');
    mark.className = 'status finished';
    mark.dataset.finishedMark = '';
    // No text node beside it (the mark's own margin spaces it), so removing the mark on the next render leaves
    // nothing behind.
    mark.textContent = 'Finished';
    item.querySelector('a[href]')!.after(mark);
  }
}

function render(doc: Document, panel: HTMLElement, progress: Progress): void {
  const finished = progress.finished.filter((slug) => chapterLink(doc, slug));
  markFinished(doc, finished);

  const last = progress.last;
  const lastLink = last && chapterLink(doc, last.chapter);
  const resume = panel.querySelector<HTMLElement>('[data-continue]')!;
  resume.hidden = !lastLink;
  if (last && lastLink) {
    const url = new URL(lastLink.href);
    url.hash = last.step;
    const a = resume.querySelector<HTMLAnchorElement>('a')!;
    a.href = url.href;
    a.querySelector('[data-continue-chapter]')!.textContent = lastLink.textContent?.trim() ?? last.chapter;
    a.querySelector('[data-continue-step]')!.textContent = `step ${last.index} of ${last.count}, ${last.stepTitle}`;
  }

  const summary = panel.querySelector<HTMLElement>('[data-progress-summary]')!;
  const any = finished.length > 0 || !!lastLink;
  summary.textContent = !any
    ? 'Nothing read yet in this browser.'
    : finished.length === 0
      ? 'No chapter finished yet.'
      : `${finished.length} ${finished.length === 1 ? 'chapter' : 'chapters'} finished.`;
  panel.querySelector<HTMLElement>('[data-clear-progress]')!.hidden = !any;
}

/**
 * Fills the progress panel and the map's marks; wires the clear button.
 * @example showProgress(document)
 */
export function showProgress(doc: Document = document, storage: StorageLike | undefined = browserStorage()): void {
  const panel = doc.querySelector<HTMLElement>('[data-reading-progress]');
  if (!panel || !storage) return;
  render(doc, panel, readProgress(storage));
  panel.hidden = false;

  const clear = panel.querySelector<HTMLButtonElement>('[data-clear-progress]')!;
  const status = panel.querySelector<HTMLElement>('[data-progress-status]')!;
  clear.addEventListener('click', () => {
    clearProgress(storage);
    render(doc, panel, readProgress(storage));
    // The button hides itself: focus goes to the panel's heading, and the status line says what happened.
    panel.querySelector<HTMLElement>('h2')?.focus();
    status.textContent = 'Reading progress cleared.';
  });
  // Another tab (a chapter open beside the map) may record progress: show it when this tab is seen again.
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') render(doc, panel, readProgress(storage));
  });
}
