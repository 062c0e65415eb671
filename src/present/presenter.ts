/**
 * Presenter mode: the chapter's steps as slides. Nothing is rebuilt: a class on <html> (present.css) turns the
 * container of the current step into a full-screen slide with the step's title and first paragraph in large type
 * above the page's own live figure, fitted to the screen; the steps are stepped through the scroll controller,
 * so data-state, aria-current and the URL hash stay what they are in the scroll view. Loaded only when asked for
 * (`?present`, the key P, the Present button: see loader.ts).
 */
import { liveSentence } from '../live/live-sentence.svelte';
import { urlWithSentence } from '../live/sentence-url';
import { currentStep, goToStep, holdScrolling, onStepChange } from '../scrolly/controller';
import { stepFromHash } from '../scrolly/geometry';
import { keyBelongsToTarget, pageSteps, replaceUrl, ShownContainer, stepById } from './present-dom';
import { isStepAction, presentAction, stepFor, type PresentAction } from './present-keys';
import { openPresentLink, type PresentLink } from './present-link';
import { PRESENT_PARAM, SPEAKER_PARAM, stepLink, withMode } from './present-url';
import { createQrDialog, type QrDialog } from './qr-dialog';
import { createToolbar, type Toolbar } from './present-toolbar';
import { watchLinkSentence } from './watch-sentence.svelte';

/** The class on <html> while presenting; present.css keys every rule on it. */
export const PRESENTING_CLASS = 'presenting';

interface Session {
  ids: string[];
  shown: ShownContainer;
  toolbar: Toolbar;
  qr: QrDialog;
  link: PresentLink;
  returnFocus: HTMLElement | undefined;
  cleanups: (() => void)[];
}

let session: Session | undefined;
let starting = false;
/** True while this window goes to a step another window sent: that step is not sent back (no echo). */
let following = false;

/**
 * A link to this page with the reader's current sentence in `?s=` (the address keeps the one the page opened
 * with, which the reader may have changed since), as the scroll view's copy-link buttons make it.
 */
function withSentence(href: string): string {
  return urlWithSentence(href, liveSentence.linkSentence());
}

/**
 * Turns the page into slides, at the step the hash names (else the current one, else the first).
 * @example await enterPresenter({ returnFocus: button })
 */
export async function enterPresenter(options: { returnFocus?: HTMLElement } = {}): Promise<void> {
  if (session || starting) return;
  starting = true;
  const steps = await pageSteps();
  starting = false;
  if (steps.length === 0 || session) return;
  const ids = steps.map((s) => s.id);
  const start = stepFromHash(location.hash, ids) ?? currentStep() ?? ids[0]!;

  const doc = document;
  const cleanups: (() => void)[] = [];
  const toolbar = createToolbar(doc, act);
  const qr = createQrDialog(doc, () => stepById(currentStep())?.root.focus({ preventScroll: true }));
  const link = openPresentLink((message) => {
    if (message.kind === 'hello') {
      // A new speaker view asks where the talk is: the step, and the sentence if the reader changed it.
      const id = currentStep();
      if (id) link.send({ kind: 'step', id });
      link.send({ kind: 'sentence', text: liveSentence.linkSentence() });
    } else if (message.kind === 'step' && message.id !== currentStep() && ids.includes(message.id)) {
      following = true;
      try {
        goToStep(message.id);
      } finally {
        following = false;
      }
    }
  });
  const s: Session = { ids, shown: new ShownContainer(true), toolbar, qr, link, returnFocus: options.returnFocus, cleanups };
  session = s;

  holdScrolling(true);
  doc.documentElement.classList.add(PRESENTING_CLASS);
  doc.body.append(toolbar.el);
  replaceUrl(withMode(location.href, PRESENT_PARAM));

  cleanups.push(onStepChange((id) => id && show(id)));
  cleanups.push(watchLinkSentence((text) => link.send({ kind: 'sentence', text })));
  const onKey = (event: KeyboardEvent) => onPresenterKey(event);
  // Capture, so the slides take the keys before the scroll controller's own j/k and arrow handling.
  addEventListener('keydown', onKey, { capture: true });
  cleanups.push(() => removeEventListener('keydown', onKey, { capture: true }));
  const onFullscreen = () => toolbar.setFullscreen(!!doc.fullscreenElement);
  doc.addEventListener('fullscreenchange', onFullscreen);
  cleanups.push(() => doc.removeEventListener('fullscreenchange', onFullscreen));

  goToStep(start);
  show(start);
  // A speaker view left open from an earlier turn at presenting takes up the sentence the reader has chosen since.
  link.send({ kind: 'sentence', text: liveSentence.linkSentence() });
  // The slide takes focus, so screen readers start on it and Tab reaches its figure.
  s.shown.current?.focus({ preventScroll: true });
}

/** Back to the scroll view, at the step the slides were on. */
export function leavePresenter(): void {
  const s = session;
  if (!s) return;
  session = undefined;
  const id = currentStep();
  s.cleanups.forEach((cleanup) => cleanup());
  s.link.close();
  s.qr.remove();
  s.toolbar.el.remove();
  s.shown.clear();
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  document.documentElement.classList.remove(PRESENTING_CLASS);
  holdScrolling(false);
  replaceUrl(withMode(location.href, undefined));
  // With the page laid out as a scroll view again, the controller scrolls the step to the middle line.
  if (id) goToStep(id);
  const back = s.returnFocus?.isConnected && !s.returnFocus.hidden ? s.returnFocus : stepById(id)?.el;
  if (back === stepById(id)?.el && back) {
    back.tabIndex = -1;
    back.addEventListener('blur', () => back.removeAttribute('tabindex'), { once: true });
  }
  back?.focus({ preventScroll: true });
}

function show(id: string): void {
  const s = session;
  const step = stepById(id);
  if (!s || !step) return;
  s.shown.show(step);
  s.toolbar.setStep(s.ids.indexOf(id) + 1, s.ids.length, step.title);
  // Only this window's own moves (keys, toolbar, hash) go to the speaker view; one it was sent is not echoed.
  if (!following) s.link.send({ kind: 'step', id });
  void s.qr.update(withSentence(stepLink(location.href, id)));
}

function act(action: PresentAction): void {
  const s = session;
  if (!s) return;
  if (isStepAction(action)) {
    const next = stepFor(s.ids, currentStep(), action);
    if (next) goToStep(next);
  } else if (action === 'exit') {
    leavePresenter();
  } else if (action === 'speaker') {
    openSpeaker(s);
  } else if (action === 'qr') {
    const id = currentStep();
    if (id) void s.qr.show(withSentence(stepLink(location.href, id)));
  } else if (action === 'fullscreen') {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void document.documentElement.requestFullscreen().catch(() => s.toolbar.say('Full screen was refused.'));
  }
}

function onPresenterKey(event: KeyboardEvent): void {
  if (event.defaultPrevented || !session) return;
  // The QR dialog is modal: its own keys (Escape closes it, Tab stays inside) are left to it.
  if (session.qr.open) return;
  // Escape first closes an open notation or citation card (src/components/hover-cards.ts); a second one leaves.
  if (event.key === 'Escape' && document.querySelector('.hovercard:is(:hover, :focus-within):not([data-dismissed])')) return;
  if (keyBelongsToTarget(event)) return;
  const action = presentAction(event);
  if (!action) return;
  event.preventDefault();
  act(action);
}

/** Opens (or brings back) the speaker view: this page with ?speaker, in a second window. */
function openSpeaker(s: Session): void {
  const speaker = window.open(withSentence(withMode(location.href, SPEAKER_PARAM)), 'inside-deepseek-speaker', 'popup,width=1200,height=800');
  if (!speaker) {
    s.toolbar.say('The browser blocked the speaker window: allow pop-ups for this page, then press S again.');
    return;
  }
  s.link.addPeer(speaker);
  s.toolbar.say('Speaker view opened in another window.');
}
