/**
 * The prose's hover cards (markup from src/markdown/hover-card.ts): CSS opens a card while its trigger is hovered or
 * focused; this script only does what CSS cannot. Escape closes an open card (WCAG 1.4.13: content on hover or focus
 * must be dismissible) until the pointer or focus leaves it, and each card is placed where it covers neither its
 * trigger nor the line being read: below the trigger on a wide screen (above when there is no room below, shifted
 * left at the right edge), a sheet at the bottom of a phone's screen, or at its top when the trigger is down there.
 */

const CARD = '.hovercard';
/** The phone layout of src/scrolly/Scrolly.astro: the cards become sheets there (see HoverCards.astro). */
const NARROW = '(max-width: 768px)';
const MARGIN = 8;

function open(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`${CARD}:hover, ${CARD}:focus-within`)];
}

/** Puts an opened card where it fits; the card must be displayed (it is, while hovered or focused). */
export function place(wrapper: HTMLElement): void {
  const card = wrapper.querySelector<HTMLElement>('[data-hovercard-card]');
  const trigger = wrapper.querySelector<HTMLElement>('.hovercard-trigger');
  if (!card || !trigger) return;
  delete wrapper.dataset.place;
  card.style.removeProperty('--hovercard-shift');
  const t = trigger.getBoundingClientRect();
  const c = card.getBoundingClientRect();
  if (c.height === 0) return;
  if (matchMedia(NARROW).matches) {
    // A sheet at the bottom, unless the trigger is under it: then at the top, over the sticky figure, not the text.
    if (t.bottom > innerHeight - c.height - MARGIN) wrapper.dataset.place = 'top';
    return;
  }
  const overflow = c.right - (document.documentElement.clientWidth - MARGIN);
  if (overflow > 0) card.style.setProperty('--hovercard-shift', `${-Math.min(overflow, Math.max(0, c.left - MARGIN))}px`);
  if (c.bottom > innerHeight - MARGIN && t.top - c.height > MARGIN) wrapper.dataset.place = 'above';
}

/** Wires the cards of the page once. */
export function startHoverCards(): void {
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const wrapper of open()) wrapper.dataset.dismissed = '';
  });
  const opened = (event: Event): void => {
    const wrapper = (event.target as Element | null)?.closest?.<HTMLElement>(CARD);
    if (!wrapper) return;
    // Focus arriving on the trigger (from outside, or back from the card's link) shows a dismissed card again.
    if (event.type === 'focusin' && (event.target as Element).matches('.hovercard-trigger')) delete wrapper.dataset.dismissed;
    place(wrapper);
  };
  document.addEventListener('focusin', opened);
  document.addEventListener('pointerover', opened);
  document.addEventListener('pointerout', (event) => {
    const wrapper = (event.target as Element | null)?.closest?.<HTMLElement>(CARD);
    if (wrapper && !wrapper.contains(event.relatedTarget as Node | null) && !wrapper.matches(':focus-within')) delete wrapper.dataset.dismissed;
  });
  document.addEventListener('focusout', (event) => {
    const wrapper = (event.target as Element | null)?.closest?.<HTMLElement>(CARD);
    if (wrapper && !wrapper.contains(event.relatedTarget as Node | null) && !wrapper.matches(':hover')) delete wrapper.dataset.dismissed;
  });
}
