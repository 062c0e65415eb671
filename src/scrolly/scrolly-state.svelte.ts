/** The state a page's islands share with the scroll machinery: one small runes object per scrolly container. */

export class ScrollyState {
  /** Id of the active step, or '' before the reader reaches the container (figures then show their first state). */
  active = $state('');
  /** Progress through the active step, 0 at its top edge crossing the viewport's middle, 1 at its bottom edge. */
  progress = $state(0);

  constructor(readonly id: string) {}
}

const registry = new Map<string, ScrollyState>();

/**
 * The state of the scrolly container with this id, created on first use; the controller writes it,
 * figures read it. Module scope (never `window`) keeps it private to the page's bundle.
 * @example const state = scrollyState('sdpa'); $derived(state.active)
 */
export function scrollyState(id: string): ScrollyState {
  let state = registry.get(id);
  if (!state) {
    state = new ScrollyState(id);
    registry.set(id, state);
  }
  return state;
}
