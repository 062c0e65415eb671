/**
 * The scroll machinery: turns a page's [data-scrolly] containers and their [data-step] elements into
 * {active step, progress} in scrolly-state, keeps the URL fragment on the active step, and handles
 * deep links, j/k and arrow-key stepping, copy-link buttons and printing. Figures never touch the DOM
 * from here; they read scrolly-state.
 */
import { liveSentence } from '../live/live-sentence.svelte';
import { urlWithSentence } from '../live/sentence-url';
import { jumpScrollTop, mayPlaceAgain, neighbourStep, stepFromHash, stepProgress, urlWithHash, type Placement } from './geometry';
import { setUpPrinting } from '../print/print-setup';
import { scrollyState } from './scrolly-state.svelte';

interface StepRef {
  readonly el: HTMLElement;
  readonly id: string;
  readonly title: string;
  readonly root: HTMLElement;
  /** 1-based position within its container, for "Step 3 of 7". */
  readonly index: number;
  readonly count: number;
}

/** How long a keyboard or link jump may take before ordinary scrolling takes over again. */
const JUMP_GRACE_MS = 1500;

/** A step as other page code (presenter mode) sees it. */
export type StepInfo = StepRef;
/** Called with the page's new current step id, or undefined when the reader is above every step. */
export type StepListener = (id: string | undefined) => void;

// Page-wide view of every container started here, for presenter mode (src/present/), which steps the same machinery
// so that data-state, aria-current and the hash stay right. Module scope: startScrollies may run more than once.
const pageSteps: StepRef[] = [];
const goers = new Map<string, () => void>();
const listeners = new Set<StepListener>();
let pageCurrent: string | undefined;
/** While held (presenter mode), scrolling and layout changes neither choose the step nor move its progress. */
let held = false;
/** Progress shown while held: a slide shows its step completed (the RoPE pair fully turned, as its prose says). */
const HELD_PROGRESS = 1;

function notify(id: string | undefined): void {
  if (id === pageCurrent) return;
  pageCurrent = id;
  listeners.forEach((listener) => listener(id));
}

/** Every step of the page's scrolly containers, in document order. @example pageStepList().map((s) => s.id) */
export function pageStepList(): readonly StepInfo[] {
  return pageSteps;
}

/** The page's current step id (the one the hash names), if any. */
export function currentStep(): string | undefined {
  return pageCurrent;
}

/**
 * Makes a step the active one, as j/k do: marks it, sets its figure's state and the hash, and scrolls it to the
 * middle line unless scrolling is held. Returns false for an id that is not a step of the page.
 * @example goToStep('softmax')
 */
export function goToStep(id: string): boolean {
  const go = goers.get(id);
  go?.();
  return !!go;
}

/** @example const stop = onStepChange((id) => console.log(id)); stop() */
export function onStepChange(listener: StepListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Holds the active step against scrolling (presenter mode restyles the page, which moves every step): while held,
 * only goToStep, the keys and the hash change it, and its progress stays at HELD_PROGRESS.
 * @example holdScrolling(true)
 */
export function holdScrolling(on: boolean): void {
  held = on;
}

/**
 * Starts the machinery for every scrolly container on the page; safe to call more than once.
 * @example startScrollies(document)
 */
export function startScrollies(doc: Document = document): void {
  const roots = [...doc.querySelectorAll<HTMLElement>('[data-scrolly]:not([data-scrolly-ready])')];
  if (roots.length === 0) return;
  roots.forEach((root) => root.setAttribute('data-scrolly-ready', ''));

  const steps: StepRef[] = roots.flatMap((root) => {
    const els = [...root.querySelectorAll<HTMLElement>('[data-step]')];
    return els.map((el, i) => ({
      el,
      id: el.id,
      title: el.dataset.stepTitle ?? el.id,
      root,
      index: i + 1,
      count: els.length,
    }));
  });
  pageSteps.push(...steps);
  const byElement = new Map(steps.map((s) => [s.el as Element, s]));
  const byId = new Map(steps.map((s) => [s.id, s]));
  const firstOf = new Map(roots.map((root) => [root, steps.find((s) => s.root === root)]));
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
  // Must match the breakpoint in Scrolly.astro where the figure moves above the steps.
  const figureAbove = matchMedia('(max-width: 768px)');

  /** The page's current step: the one the URL fragment names. */
  let current: StepRef | undefined;
  /** A jump in flight: steps scrolled past on the way are not activated. */
  let jump: { id: string; until: number } | undefined;

  const stateOf = (root: HTMLElement) => scrollyState(root.dataset.scrolly ?? '');
  for (const step of steps) goers.set(step.id, () => goTo(step, { smooth: false, focus: false }));

  function setHash(id: string | undefined): void {
    const next = urlWithHash(location.href, id);
    if (next === location.href) return;
    try {
      history.replaceState(history.state, '', next);
    } catch {
      // Some file:// setups refuse URL rewrites; the step still activates, only the address bar lags.
    }
  }

  function markActive(root: HTMLElement, step: StepRef | undefined): void {
    for (const s of steps) {
      if (s.root !== root) continue;
      const on = s === step;
      s.el.toggleAttribute('data-active', on);
      if (on) s.el.setAttribute('aria-current', 'step');
      else s.el.removeAttribute('aria-current');
    }
  }

  function activate(step: StepRef): void {
    const state = stateOf(step.root);
    if (state.active !== step.id) {
      markActive(step.root, step);
      state.active = step.id;
    }
    current = step;
    setHash(step.id);
    notify(step.id);
    if (held) state.progress = HELD_PROGRESS;
    else scheduleProgress();
  }

  /** The reader is above a container: its figure shows its first state and no step is active. */
  function reset(root: HTMLElement): void {
    markActive(root, undefined);
    const state = stateOf(root);
    state.active = '';
    state.progress = 0;
    if (current?.root === root) {
      current = undefined;
      setHash(undefined);
      notify(undefined);
    }
  }

  /**
   * True when the middle line is above the container's first step. Checked whenever a step leaves the line,
   * because a jump to the top fires no event for the first step (it was outside the line before and after).
   */
  function isAboveFirstStep(root: HTMLElement): boolean {
    const first = firstOf.get(root);
    return !!first && first.el.getBoundingClientRect().top > innerHeight / 2;
  }

  // A zero-height root band on the viewport's middle line: a step intersects it exactly while it crosses.
  const observer = new IntersectionObserver(
    (entries) => {
      if (held) return;
      for (const entry of entries) {
        const step = byElement.get(entry.target);
        if (!step) continue;
        if (entry.isIntersecting) {
          if (jump && jump.id !== step.id && performance.now() < jump.until) continue;
          if (jump?.id === step.id) jump = undefined;
          // A jump's step arriving on the line is already active. Activating it again would rewrite the URL to it,
          // undoing a #fragment navigation that happened since, before its hashchange is handled.
          if (current === step) continue;
          activate(step);
        } else if (isAboveFirstStep(step.root)) {
          reset(step.root);
        }
      }
    },
    { rootMargin: '-50% 0px -50% 0px', threshold: 0 },
  );

  let frame = 0;
  function scheduleProgress(): void {
    if (frame === 0) frame = requestAnimationFrame(updateProgress);
  }
  function updateProgress(): void {
    frame = 0;
    if (held) return;
    for (const root of roots) {
      const state = stateOf(root);
      const step = state.active ? byId.get(state.active) : undefined;
      if (!step) continue;
      const progress = stepProgress(step.el.getBoundingClientRect(), innerHeight);
      if (Math.abs(progress - state.progress) > 1e-3) state.progress = progress;
    }
  }

  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * At the end of a jump's grace. Steps that reached the middle line during it were skipped as passed on the way;
   * if the jump's own step never arrived there (the reader scrolled on first), no later event would name the step
   * the reader stopped on, so the step on the line now becomes the active one.
   */
  function settleJump(): void {
    settleTimer = undefined;
    if (held || !jump) return;
    jump = undefined;
    const middle = innerHeight / 2;
    const onLine = steps.find((s) => {
      const r = s.el.getBoundingClientRect();
      return r.top <= middle && r.bottom > middle;
    });
    if (onLine && stateOf(onLine.root).active !== onLine.id) activate(onLine);
  }

  function goTo(step: StepRef, { smooth, focus }: { smooth: boolean; focus: boolean }): void {
    jump = { id: step.id, until: performance.now() + JUMP_GRACE_MS };
    clearTimeout(settleTimer);
    settleTimer = setTimeout(settleJump, JUMP_GRACE_MS + 50);
    activate(step);
    if (held) return; // the slide shows the step where it is; leaving presenter mode scrolls to it
    const top = jumpScrollTop(step.el.getBoundingClientRect(), innerHeight, scrollY, figureAbove.matches);
    scrollTo({ top, behavior: smooth && !reducedMotion.matches ? 'smooth' : 'instant' });
    if (focus) {
      // Focusable only while focused by j/k: a permanent tabindex would make the browser focus (and ring)
      // the step that a deep link opens.
      step.el.tabIndex = -1;
      step.el.addEventListener('blur', () => step.el.removeAttribute('tabindex'), { once: true });
      step.el.focus({ preventScroll: true });
    }
  }

  function announce(step: StepRef): void {
    const region = step.root.querySelector('[data-scrolly-announcer]');
    if (region) region.textContent = `Step ${step.index} of ${step.count}: ${step.title}`;
  }

  function hashStep(hash = location.hash): StepRef | undefined {
    const id = stepFromHash(hash, [...byId.keys()]);
    return id ? byId.get(id) : undefined;
  }

  /** Where openHash last put the page, so the load event can tell the browser's fragment scroll from the reader's. */
  let placed: (Placement & { id: string }) | undefined;

  /**
   * Opens the step the URL's fragment names. On hashchange, the fragment navigated to: by the time the event is
   * handled, an activation by scrolling may already have rewritten the address (setHash) to another step.
   */
  function openHash(event?: Event): void {
    const step = event instanceof HashChangeEvent ? hashStep(new URL(event.newURL).hash) : hashStep();
    if (!step) return;
    goTo(step, { smooth: false, focus: false });
    placed = { id: step.id, scrollY, stepTop: step.el.getBoundingClientRect().top };
  }

  /**
   * The browser may scroll to the fragment's element again up to the load event, with the element at the top;
   * placing the step once more then makes our position the final one. But a reader who has already scrolled on
   * (a slow page's load event can come seconds later) is not pulled back.
   */
  function placeAgainAtLoad(): void {
    const step = hashStep();
    // Another step in the hash: the reader's scrolling has moved it on already.
    if (!step || step.id !== placed?.id) return;
    const padding = parseFloat(getComputedStyle(doc.documentElement).scrollPaddingTop) || 0;
    if (mayPlaceAgain({ scrollY, stepTop: step.el.getBoundingClientRect().top }, placed, padding)) openHash();
  }

  function isEditable(el: Element | null): boolean {
    return !!el?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
  }

  function onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : null;
    if (isEditable(target)) return;
    // Widgets that use the arrow keys themselves (a matrix's cells) keep them.
    if (event.key.startsWith('Arrow') && target?.closest('[data-own-arrows]')) return;
    const figure = target?.closest('[data-figure]');
    const root = figure?.closest<HTMLElement>('[data-scrolly]') ?? undefined;
    let delta: 1 | -1;
    if (event.key === 'j') delta = 1;
    else if (event.key === 'k') delta = -1;
    else if (root && event.key === 'ArrowDown') delta = 1;
    else if (root && event.key === 'ArrowUp') delta = -1;
    else return;
    // From a focused figure, step within its own container; otherwise through every step of the page.
    const pool = root ? steps.filter((s) => s.root === root) : steps;
    const from = root ? byId.get(stateOf(root).active)?.id : current?.id;
    const nextId = neighbourStep(
      pool.map((s) => s.id),
      from,
      delta,
    );
    const next = nextId ? byId.get(nextId) : undefined;
    if (!next) return; // past the last step the arrow keys scroll the page as usual
    event.preventDefault();
    goTo(next, { smooth: true, focus: !root });
    announce(next);
  }

  async function copyLink(button: HTMLButtonElement): Promise<void> {
    const step = byId.get(button.dataset.copyLink ?? '');
    if (!step) return;
    const label = button.querySelector('[data-copy-label]');
    const say = (text: string) => {
      if (label) label.textContent = text;
      setTimeout(() => label && (label.textContent = 'Copy link'), 2000);
    };
    // The link carries the reader's sentence (?s=) when it is not the page's default, so it opens on the same numbers.
    const link = urlWithSentence(urlWithHash(location.href, step.id), liveSentence.linkSentence());
    try {
      await navigator.clipboard.writeText(link);
      say('Link copied');
    } catch {
      // No clipboard (file://, permissions): show the link in the address bar instead.
      try {
        history.replaceState(history.state, '', link);
      } catch {
        // As in setHash: the step still activates below, only the address bar lags.
      }
      goTo(step, { smooth: false, focus: false });
      say('Link in address bar');
    }
  }

  // Printing: each step's figure once the handout code is loaded, else every figure's first state (src/print/).
  setUpPrinting(roots, doc);

  for (const button of doc.querySelectorAll<HTMLButtonElement>('[data-copy-link]')) {
    button.hidden = false;
    button.addEventListener('click', () => void copyLink(button));
  }
  doc.addEventListener('keydown', onKey);
  addEventListener('hashchange', openHash);
  addEventListener('scroll', scheduleProgress, { passive: true });
  addEventListener('resize', scheduleProgress, { passive: true });

  openHash();
  if (document.readyState !== 'complete') addEventListener('load', placeAgainAtLoad, { once: true });
  steps.forEach((s) => observer.observe(s.el));
}
