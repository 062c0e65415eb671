/**
 * The only presenter code on a chapter's first view: it shows the Present button, and loads presenter mode
 * (presenter.ts, with the QR code behind it) on `?present`, the key P or the button, or the speaker view on
 * `?speaker`. Everything else arrives by dynamic import when asked for (bundled into the offline copy).
 */
import { presentRequested, speakerRequested } from './present-url';

const presenter = () => import('./presenter');

function isEditable(target: EventTarget | null): boolean {
  return target instanceof Element && !!target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}

function start(): void {
  // Pages without steps (none today, but a chapter of plain prose could come) have nothing to present.
  if (!document.querySelector('[data-step]')) return;
  if (speakerRequested(location.href)) {
    void import('./speaker').then((m) => m.startSpeaker());
    return; // the speaker window is not itself presented
  }
  const button = document.querySelector<HTMLButtonElement>('[data-present-button]');
  if (button) {
    button.hidden = false;
    button.addEventListener('click', () => void presenter().then((m) => m.enterPresenter({ returnFocus: button })));
  }
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key !== 'p' && event.key !== 'P') return;
    if (isEditable(event.target)) return;
    event.preventDefault();
    void presenter().then((m) => m.enterPresenter());
  });
  if (presentRequested(location.href)) void presenter().then((m) => m.enterPresenter());
}

start();
