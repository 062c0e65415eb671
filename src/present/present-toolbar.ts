/** The presenter's control bar: where the talk is, previous / next, and the extras (speaker view, QR code, full screen, exit). */
import type { PresentAction } from './present-keys';

interface Control {
  action: PresentAction;
  label: string;
  /** The key, for aria-keyshortcuts and the visible hint. */
  key: string;
  hint: string;
}

const CONTROLS: readonly Control[] = [
  { action: 'previous', label: 'Previous', key: 'ArrowLeft', hint: '←' },
  { action: 'next', label: 'Next', key: 'ArrowRight', hint: '→' },
  { action: 'speaker', label: 'Speaker view', key: 'S', hint: 'S' },
  { action: 'qr', label: 'QR code', key: 'Q', hint: 'Q' },
  { action: 'fullscreen', label: 'Full screen', key: 'F', hint: 'F' },
  { action: 'exit', label: 'Exit', key: 'Escape', hint: 'Esc' },
];

export interface Toolbar {
  readonly el: HTMLElement;
  /** Shows the position, announces it to screen readers, and disables Previous / Next at the ends. */
  setStep(index: number, count: number, title: string): void;
  setFullscreen(on: boolean): void;
  /** A short message in the bar (a blocked pop-up), read out too. */
  say(text: string): void;
}

/** @example const bar = createToolbar(document, (action) => run(action)); document.body.append(bar.el) */
export function createToolbar(doc: Document, run: (action: PresentAction) => void): Toolbar {
  const nav = doc.createElement('nav');
  nav.className = 'present-toolbar';
  nav.setAttribute('aria-label', 'Presenter controls');
  const position = doc.createElement('p');
  position.className = 'present-position';
  position.setAttribute('aria-live', 'polite');
  const message = doc.createElement('p');
  message.className = 'present-message';
  message.setAttribute('role', 'status');
  const buttons = new Map<PresentAction, HTMLButtonElement>();
  for (const control of CONTROLS) {
    if (control.action === 'fullscreen' && !doc.fullscreenEnabled) continue;
    const button = doc.createElement('button');
    button.type = 'button';
    button.dataset.presentAction = control.action;
    button.setAttribute('aria-keyshortcuts', control.key);
    const kbd = doc.createElement('kbd');
    kbd.textContent = control.hint;
    kbd.setAttribute('aria-hidden', 'true');
    button.append(control.label, ' ', kbd);
    // aria-disabled rather than disabled at the ends: a disabled button drops the keyboard focus it holds.
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-disabled') !== 'true') run(control.action);
    });
    buttons.set(control.action, button);
  }
  if (buttons.has('fullscreen')) buttons.get('fullscreen')!.setAttribute('aria-pressed', 'false');
  nav.append(position, ...buttons.values(), message);

  return {
    el: nav,
    setStep(index, count, title) {
      position.textContent = '';
      const counter = doc.createElement('span');
      counter.className = 'present-counter';
      counter.textContent = `${index} / ${count}`;
      const words = doc.createElement('span');
      words.className = 'visually-hidden';
      words.textContent = `Step ${index} of ${count}: ${title}`;
      counter.setAttribute('aria-hidden', 'true');
      position.append(counter, words);
      buttons.get('previous')!.setAttribute('aria-disabled', String(index <= 1));
      buttons.get('next')!.setAttribute('aria-disabled', String(index >= count));
    },
    setFullscreen(on) {
      buttons.get('fullscreen')?.setAttribute('aria-pressed', String(on));
    },
    say(text) {
      message.textContent = text;
    },
  };
}
