/**
 * Printing a chapter. Plain Ctrl+P prints every figure in its first state (the page as it is without JavaScript),
 * unless the handout code has been loaded: then each step is printed with its figure in that step's state. The
 * "Print handout" button loads that code (handout.ts, a chunk of its own, so the first view does not carry it),
 * gets the figures ready, builds the snapshots and opens the print dialog.
 */
import { scrollyState } from '../scrolly/scrolly-state.svelte';

type Handout = typeof import('./handout');

/**
 * Wires beforeprint/afterprint and the page's [data-print-handout-button] buttons for these scrolly containers.
 * @example setUpPrinting([...document.querySelectorAll('[data-scrolly]')])
 */
export function setUpPrinting(roots: readonly HTMLElement[], doc: Document = document): void {
  const stateOf = (root: HTMLElement) => scrollyState(root.dataset.scrolly ?? '');
  let handout: Handout | undefined;
  /** Each container's state before printing, put back afterwards. */
  let saved: Map<HTMLElement, { active: string; progress: number }> | undefined;

  function prepare(): void {
    saved ??= new Map(roots.map((root) => [root, { active: stateOf(root).active, progress: stateOf(root).progress }]));
    const snapshotted = handout?.buildHandout(roots, doc) ?? new Set();
    // Whatever has no snapshots prints its figure's first state, as without JavaScript.
    for (const root of roots) if (!snapshotted.has(root)) stateOf(root).active = '';
  }

  function restore(): void {
    handout?.clearHandout(doc);
    saved?.forEach(({ active, progress }, root) => Object.assign(stateOf(root), { active, progress }));
    saved = undefined;
  }

  addEventListener('beforeprint', prepare);
  addEventListener('afterprint', restore);

  for (const button of doc.querySelectorAll<HTMLButtonElement>('[data-print-handout-button]')) {
    const row = button.closest<HTMLElement>('[data-print-handout-row]') ?? button;
    const status = row.querySelector<HTMLElement>('[data-print-status]');
    row.hidden = false;
    doc.querySelectorAll<HTMLElement>('[data-print-note]').forEach((note) => (note.hidden = false));
    button.addEventListener('click', async () => {
      if (button.getAttribute('aria-disabled') === 'true') return;
      // aria-disabled, not disabled: the button keeps focus while the handout is prepared.
      button.setAttribute('aria-disabled', 'true');
      if (status) status.textContent = 'Preparing the handout: drawing every step’s figure…';
      try {
        handout ??= await import('./handout');
        await handout.prepareFigures(roots);
        prepare();
        if (status) status.textContent = '';
        print();
      } catch (error) {
        if (status) status.textContent = 'The handout could not be prepared; printing shows each figure’s first state.';
        throw error;
      } finally {
        button.removeAttribute('aria-disabled');
      }
    });
  }
}
