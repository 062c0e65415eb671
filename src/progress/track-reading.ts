/**
 * On a chapter page: remembers, in this browser only, the step the reader reached (for "Continue where you left
 * off" on the course map) and marks the chapter finished when they reach its last step or its sources at the end.
 * It watches the steps' data-active mark, which the scroll controller sets, so it needs nothing from the controller.
 * Nothing is recorded while the page is presented (src/present/): stepping through slides, or pressing End there,
 * is a talk, not this reader's reading.
 */
import { browserStorage, finishesChapter, markFinished, recordLastRead } from './progress-store';

/**
 * Starts tracking the page's chapter; does nothing where storage is unavailable or the page is not a chapter.
 * @example trackReading(document)
 */
export function trackReading(doc: Document = document): void {
  const article = doc.querySelector<HTMLElement>('article[data-chapter]');
  const chapter = article?.dataset.chapter;
  const storage = browserStorage();
  if (!article || !chapter || !storage) return;
  const steps = [...doc.querySelectorAll<HTMLElement>('[data-step]')];
  // The classes presenter mode and the speaker view put on <html> (PRESENTING_CLASS, SPEAKER_CLASS in src/present/,
  // named here rather than imported so this first-view script does not pull presenter code in).
  const presenting = () => doc.documentElement.matches('.presenting, .speaker-view');

  const reached = (el: HTMLElement) => {
    if (presenting()) return;
    const index = steps.indexOf(el) + 1;
    if (index === 0) return;
    recordLastRead(storage, { chapter, step: el.id, stepTitle: el.dataset.stepTitle ?? el.id, index, count: steps.length });
    if (finishesChapter(index, steps.length)) markFinished(storage, chapter);
  };

  const watcher = new MutationObserver((records) => {
    for (const r of records) {
      if (r.target instanceof HTMLElement && r.target.hasAttribute('data-active')) reached(r.target);
    }
  });
  steps.forEach((el) => watcher.observe(el, { attributes: true, attributeFilter: ['data-active'] }));
  // A deep link may have activated its step before this script ran.
  steps.filter((el) => el.hasAttribute('data-active')).forEach(reached);

  // The chapter's end: its sources (the footer after the body). Reaching them finishes a chapter too, so a reader
  // who scrolls past the last step quickly still gets the mark.
  const end = article.querySelector(':scope > footer');
  if (end) {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !presenting()) {
        markFinished(storage, chapter);
        io.disconnect();
      }
    });
    io.observe(end);
  }
}
