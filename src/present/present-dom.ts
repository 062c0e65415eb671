/** What presenter mode and the speaker view share on the page: which container is on show, key filtering, URLs. */
import { pageStepList, type StepInfo } from '../scrolly/controller';
import { fitText, keepFitted } from './fit-figure';
import { scrollAxis } from './present-keys';

/** At most this share of a slide's height goes to its title and paragraph. */
const TEXT_SHARE = 0.36;

/** Marks the container that holds the step on show (the others are hidden) and keeps its figure fitted. */
export class ShownContainer {
  /** @param slides true for presenter mode, whose text is fitted too; false for the speaker view. */
  constructor(private readonly slides: boolean) {}

  private root: HTMLElement | undefined;
  private fitter: ReturnType<typeof keepFitted> | undefined;

  show(step: StepInfo): void {
    if (step.root !== this.root) {
      this.clear();
      this.root = step.root;
      step.root.setAttribute('data-present-root', '');
      // Focusable by script (not a tab stop), so the slide can take focus and screen readers start on it.
      step.root.tabIndex = -1;
      const root = step.root;
      const box = root.querySelector<HTMLElement>('.scrolly-figure');
      const text = root.querySelector<HTMLElement>('.scrolly-steps');
      const before = this.slides && text ? () => fitText(root, text, TEXT_SHARE) : undefined;
      if (box) this.fitter = keepFitted(box, before);
    } else {
      this.fitter?.refit();
    }
  }

  get current(): HTMLElement | undefined {
    return this.root;
  }

  clear(): void {
    this.fitter?.stop();
    this.fitter = undefined;
    this.root?.removeAttribute('data-present-root');
    this.root?.removeAttribute('tabindex');
    this.root?.style.removeProperty('--present-text-scale');
    this.root = undefined;
  }
}

/** A step of the page by id. */
export function stepById(id: string | undefined): StepInfo | undefined {
  return id === undefined ? undefined : pageStepList().find((s) => s.id === id);
}

const INTERACTIVE = 'button, a[href], summary, select, [role="button"], [role="link"], [role="checkbox"], [role="tab"]';

/**
 * True when `el`, or a box around it below the slide, scrolls along `axis`: its content overflows it and its
 * overflow lets the reader scroll (the speaker's notes and next box, a wide table's `.scroll` region).
 */
function scrollsAlong(el: Element, axis: 'x' | 'y'): boolean {
  for (let node: Element | null = el; node && node !== document.body && node !== document.documentElement; node = node.parentElement) {
    if (!(node instanceof HTMLElement)) continue;
    const style = getComputedStyle(node);
    const overflow = axis === 'x' ? style.overflowX : style.overflowY;
    if (overflow !== 'auto' && overflow !== 'scroll') continue;
    if (axis === 'x' ? node.scrollWidth > node.clientWidth + 1 : node.scrollHeight > node.clientHeight + 1) return true;
  }
  return false;
}

/**
 * True when a key belongs to what has focus rather than to the slides: typing in a field, a matrix's own arrow
 * keys, Space and Enter on a button or link (so the toolbar's buttons still work from the keyboard), and the
 * scroll keys of a focused box that scrolls that way (else the notes or a wide table could not be read by keyboard).
 */
export function keyBelongsToTarget(event: KeyboardEvent): boolean {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  if (event.key.startsWith('Arrow') && target.closest('[data-own-arrows]')) return true;
  if ((event.key === ' ' || event.key === 'Enter') && target.closest(INTERACTIVE)) return true;
  const axis = scrollAxis(event);
  if (axis && target !== document.body && scrollsAlong(target, axis)) return true;
  return false;
}

/** Rewrites the address without a history entry; some file:// setups refuse, and then only the address bar lags. */
export function replaceUrl(href: string): void {
  if (href === location.href) return;
  try {
    history.replaceState(history.state, '', href);
  } catch {
    // see above
  }
}

/**
 * Waits until the page's scrolly containers have started (their module scripts run before the load event), for
 * a `?present` link whose loader may run first.
 */
export async function pageSteps(): Promise<readonly StepInfo[]> {
  if (pageStepList().length === 0 && document.readyState !== 'complete') {
    await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  }
  return pageStepList();
}
