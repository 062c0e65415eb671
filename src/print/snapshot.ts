/**
 * A still copy of a figure as it is drawn now, for the printed handout: a DOM clone whose canvases carry their
 * pixels over (copied canvas to canvas: the site's CSP allows no data: images), whose controls become the text of
 * their values, and whose ids are made unique. Loaded only with the handout.
 */
import { DROPPED_ATTRIBUTES, controlText, rewriteIdRefs, snapshotId, type ControlReading } from './clone-rules';

function readControl(el: Element): ControlReading {
  if (el instanceof HTMLSelectElement) return { kind: 'select', selected: [...el.selectedOptions].map((o) => o.text.trim()) };
  if (el instanceof HTMLInputElement) {
    if (el.type === 'hidden') return { kind: 'hidden' };
    if (el.type === 'checkbox' || el.type === 'radio') return { kind: el.type, checked: el.checked };
    return { kind: 'value', value: el.value };
  }
  if (el instanceof HTMLTextAreaElement) return { kind: 'value', value: el.value };
  return { kind: 'hidden' };
}

/** Replaces the clone's controls by their values, read from the live figure (a clone does not copy what was typed). */
function freezeControls(live: HTMLElement, copy: HTMLElement): void {
  const selector = 'select, input, textarea';
  const originals = [...live.querySelectorAll(selector)];
  const copies = [...copy.querySelectorAll(selector)];
  copies.forEach((el, i) => {
    const text = controlText(readControl(originals[i] ?? el));
    if (text === undefined) {
      el.remove();
      return;
    }
    const value = el.ownerDocument.createElement('span');
    value.className = 'print-control-value';
    value.textContent = text;
    el.replaceWith(value);
  });
  // A pressed toggle (a token chooser's chosen word) says what the figure shows: it stays, as text. Other buttons
  // act and closed disclosures hide: neither means anything on paper.
  for (const button of copy.querySelectorAll('button')) {
    if (button.getAttribute('aria-pressed') !== 'true') continue;
    const value = copy.ownerDocument.createElement('span');
    value.className = 'print-control-value';
    value.textContent = button.textContent?.trim() ?? '';
    button.replaceWith(value);
  }
  copy.querySelectorAll('button, details:not([open])').forEach((el) => el.remove());
}

/** Copies every canvas's pixels into the clone's canvas (cloneNode copies the element, not what was drawn). */
function copyCanvases(live: HTMLElement, copy: HTMLElement): void {
  const originals = [...live.querySelectorAll('canvas')];
  [...copy.querySelectorAll('canvas')].forEach((canvas, i) => {
    const source = originals[i];
    if (!source || source.width === 0 || source.height === 0) return;
    canvas.width = source.width;
    canvas.height = source.height;
    // The displayed size, in case it came from layout rather than from attributes or inline style.
    const box = source.getBoundingClientRect();
    if (!canvas.style.width && box.width > 0) canvas.style.width = `${box.width}px`;
    if (!canvas.style.height && box.height > 0) canvas.style.height = `${box.height}px`;
    canvas.getContext('2d')?.drawImage(source, 0, 0);
  });
}

/** Renames ids (with their url(#…) references) so a snapshot duplicates nothing; drops references to elements. */
function uniqueIds(copy: HTMLElement, step: string): void {
  const renamed = new Map<string, string>();
  const all = [copy, ...copy.querySelectorAll('*')];
  for (const el of all) {
    if (el.id) {
      renamed.set(el.id, snapshotId(el.id, step));
      el.id = snapshotId(el.id, step);
    }
    for (const name of DROPPED_ATTRIBUTES) el.removeAttribute(name);
  }
  if (renamed.size === 0) return;
  for (const el of all) {
    for (const attr of [...el.attributes]) {
      if (!attr.value.includes('#')) continue;
      const next = rewriteIdRefs(attr.value, renamed);
      if (next !== attr.value) el.setAttribute(attr.name, next);
    }
  }
}

/**
 * A still copy of `figure` as it shows now, labelled with the step it belongs to.
 * @example step.append(snapshotFigure(document.querySelector('[data-figure]')!, 'softmax'))
 */
export function snapshotFigure(figure: HTMLElement, step: string): HTMLElement {
  const copy = figure.cloneNode(true) as HTMLElement;
  copyCanvases(figure, copy);
  freezeControls(figure, copy);
  uniqueIds(copy, step);
  copy.removeAttribute('aria-label');
  return copy;
}
