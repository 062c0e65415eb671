/**
 * The speaker view: the chapter page opened with `?speaker` in a second window, beside the projected slides. It
 * shows the current step's figure and its full prose as notes, the next step's title and first paragraph, the
 * time since it opened, and previous / next controls. It follows the presenter window, and the presenter follows
 * it, through present-link.ts. Like presenter mode it restyles the page (present.css) rather than rebuilding it.
 */
import { liveSentence } from '../live/live-sentence.svelte';
import { currentStep, goToStep, holdScrolling, onStepChange } from '../scrolly/controller';
import { stepFromHash } from '../scrolly/geometry';
import { urlWithSentence } from '../live/sentence-url';
import { keyBelongsToTarget, pageSteps, replaceUrl, ShownContainer, stepById } from './present-dom';
import { isStepAction, presentAction, stepFor } from './present-keys';
import { openPresentLink } from './present-link';

export const SPEAKER_CLASS = 'speaker-view';

function button(doc: Document, label: string, onClick: () => void): HTMLButtonElement {
  const b = doc.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** mm:ss, or h:mm:ss past an hour. @example elapsed(75_000) // '1:15' */
export function elapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * A copy of a step's title and first paragraph for the "next" box: prose only, ids dropped so none repeats, and
 * the hover cards' triggers made plain text (no tab stop, no description pointing at a card in a hidden step).
 */
function preview(doc: Document, id: string | undefined): Node[] {
  const step = stepById(id);
  if (!step) {
    const end = doc.createElement('p');
    end.textContent = 'End of the chapter.';
    return [end];
  }
  const title = doc.createElement('p');
  title.className = 'speaker-next-title';
  title.textContent = step.title;
  const first = step.el.querySelector(':scope > p');
  const copy = first?.cloneNode(true) as HTMLElement | undefined;
  copy?.querySelectorAll('[id]').forEach((el) => el.removeAttribute('id'));
  copy?.querySelectorAll('[tabindex], [aria-describedby]').forEach((el) => {
    el.removeAttribute('tabindex');
    el.removeAttribute('aria-describedby');
  });
  return copy ? [title, copy] : [title];
}

/** @example await startSpeaker() */
export async function startSpeaker(): Promise<void> {
  const steps = await pageSteps();
  if (steps.length === 0 || document.documentElement.classList.contains(SPEAKER_CLASS)) return;
  const doc = document;
  const ids = steps.map((s) => s.id);
  const shown = new ShownContainer(false);
  holdScrolling(true);
  doc.documentElement.classList.add(SPEAKER_CLASS);
  doc.title = `Speaker view · ${doc.title}`;

  const bar = doc.createElement('div');
  bar.className = 'speaker-bar';
  const heading = doc.createElement('h1');
  heading.textContent = 'Speaker view';
  const position = doc.createElement('p');
  position.className = 'speaker-position';
  position.setAttribute('aria-live', 'polite');
  const clock = doc.createElement('p');
  clock.className = 'speaker-timer';
  const time = doc.createElement('span');
  time.setAttribute('role', 'timer');
  time.setAttribute('aria-label', 'Time since the speaker view opened');
  let started = Date.now();
  const tick = () => (time.textContent = elapsed(Date.now() - started));
  tick();
  setInterval(tick, 1000);
  const restart = button(doc, 'Restart timer', () => {
    started = Date.now();
    tick();
  });
  clock.append(time, ' ', restart);
  // Only the speaker's own moves are sent: a step this window shows because the presenter moved there, or the
  // step of its address when it opens, must not pull the presenter along.
  const go = (action: 'next' | 'previous' | 'first' | 'last') => {
    const id = stepFor(ids, currentStep(), action);
    if (id && goToStep(id)) link.send({ kind: 'step', id });
  };
  const previous = button(doc, 'Previous', () => go('previous'));
  const next = button(doc, 'Next', () => go('next'));
  previous.setAttribute('aria-keyshortcuts', 'ArrowLeft');
  next.setAttribute('aria-keyshortcuts', 'ArrowRight');
  bar.append(heading, position, previous, next, clock);

  const upcoming = doc.createElement('section');
  upcoming.className = 'speaker-next';
  upcoming.setAttribute('aria-labelledby', 'speaker-next-heading');
  upcoming.tabIndex = 0; // it scrolls when the next step's paragraph is long
  const upcomingHeading = doc.createElement('h2');
  upcomingHeading.id = 'speaker-next-heading';
  upcomingHeading.textContent = 'Next';
  const upcomingBody = doc.createElement('div');
  upcoming.append(upcomingHeading, upcomingBody);

  const link = openPresentLink((message) => {
    if (message.kind === 'step' && message.id !== currentStep() && ids.includes(message.id)) goToStep(message.id);
    // The reader changed the sentence on a slide: the speaker's figure reads the same one (undefined: the page's
    // own). The address carries it too, which is also how a figure not yet hydrated here picks it up (its first
    // use of the shared sentence reads ?s=).
    if (message.kind === 'sentence') {
      replaceUrl(urlWithSentence(location.href, message.text));
      if (liveSentence.started && message.text !== liveSentence.linkSentence()) liveSentence.submit(message.text ?? liveSentence.defaultText);
    }
  });
  if (window.opener) link.addPeer(window.opener as Window);

  const show = (id: string | undefined) => {
    const step = stepById(id);
    if (!step) return;
    shown.show(step);
    // The bar and the next box live inside the container on show, so one grid lays the whole view out.
    if (bar.parentElement !== step.root) step.root.prepend(bar);
    if (upcoming.parentElement !== step.root) step.root.append(upcoming);
    // The notes scroll on their own: a named region the keyboard can reach and scroll.
    const notes = step.root.querySelector<HTMLElement>('.scrolly-steps');
    if (notes && !notes.hasAttribute('role')) {
      const now = doc.createElement('h2');
      now.className = 'speaker-now';
      now.textContent = 'Now';
      notes.prepend(now);
      notes.tabIndex = 0;
      notes.setAttribute('role', 'region');
      notes.setAttribute('aria-label', 'Notes: the whole step');
    }
    const index = ids.indexOf(step.id);
    position.textContent = `Step ${index + 1} of ${ids.length}: ${step.title}`;
    previous.setAttribute('aria-disabled', String(index === 0));
    next.setAttribute('aria-disabled', String(index === ids.length - 1));
    upcomingBody.replaceChildren(...preview(doc, ids[index + 1]));
  };
  onStepChange(show);

  addEventListener(
    'keydown',
    (event) => {
      if (event.defaultPrevented || keyBelongsToTarget(event)) return;
      const action = presentAction(event);
      if (!isStepAction(action)) return;
      event.preventDefault();
      go(action);
    },
    { capture: true },
  );

  const start = stepFromHash(location.hash, ids) ?? currentStep() ?? ids[0]!;
  goToStep(start);
  show(start);
  // Ask the presenter where the talk is; it answers with its step, which wins over this window's hash.
  link.send({ kind: 'hello' });
}
