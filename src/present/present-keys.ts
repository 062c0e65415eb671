/**
 * Which presenter action a key press asks for. Clickers (Logitech, Kensington, phone remotes) send PageDown /
 * PageUp, some the arrow keys or Space; `n`/`j` and `k` are the reader's own stepping keys. Pure, so it is tested.
 */

export type PresentAction = 'next' | 'previous' | 'first' | 'last' | 'exit' | 'speaker' | 'qr' | 'fullscreen';

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

const ACTIONS: Readonly<Record<string, PresentAction>> = {
  ArrowRight: 'next',
  ArrowDown: 'next',
  PageDown: 'next',
  ' ': 'next',
  n: 'next',
  j: 'next',
  ArrowLeft: 'previous',
  ArrowUp: 'previous',
  PageUp: 'previous',
  k: 'previous',
  Home: 'first',
  End: 'last',
  Escape: 'exit',
  p: 'exit',
  s: 'speaker',
  q: 'qr',
  f: 'fullscreen',
};

/**
 * @example presentAction({ key: 'PageDown', shiftKey: false, altKey: false, ctrlKey: false, metaKey: false }) // 'next'
 * @example presentAction({ key: ' ', shiftKey: true, … }) // 'previous'
 */
export function presentAction(press: KeyPress): PresentAction | undefined {
  // Browser and system shortcuts (Ctrl+F, Cmd+P, Alt+←) stay theirs.
  if (press.altKey || press.ctrlKey || press.metaKey) return undefined;
  if (press.key === ' ' && press.shiftKey) return 'previous';
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  return ACTIONS[key];
}

/** Keys that move between steps, also taken by the speaker view. */
export function isStepAction(action: PresentAction | undefined): action is 'next' | 'previous' | 'first' | 'last' {
  return action === 'next' || action === 'previous' || action === 'first' || action === 'last';
}

/**
 * The step an action goes to, or undefined at either end (a slide show does not wrap around).
 * @example stepFor(['a', 'b', 'c'], 'b', 'last') // 'c'
 */
export function stepFor(ids: readonly string[], current: string | undefined, action: 'next' | 'previous' | 'first' | 'last'): string | undefined {
  if (action === 'first') return ids[0];
  if (action === 'last') return ids.at(-1);
  const index = current === undefined ? -1 : ids.indexOf(current);
  if (index < 0) return ids[0];
  return ids[index + (action === 'next' ? 1 : -1)];
}

/**
 * The direction a key scrolls a focused scrollable box in (↑ ↓ PageUp PageDown Space vertically, ← → sideways),
 * or undefined for a key that scrolls nothing. Such a box keeps those keys (see keyBelongsToTarget).
 * @example scrollAxis({ key: 'ArrowLeft', … }) // 'x'
 */
export function scrollAxis(press: KeyPress): 'x' | 'y' | undefined {
  if (press.altKey || press.ctrlKey || press.metaKey) return undefined;
  if (press.key === 'ArrowLeft' || press.key === 'ArrowRight') return 'x';
  if (['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', ' '].includes(press.key)) return 'y';
  return undefined;
}
