/** Pure geometry and URL helpers for the scroll machinery, kept apart from the DOM so they can be tested in Node. */

/**
 * How far the viewport's middle line has travelled through a step: 0 at the step's top, 1 at its bottom.
 * @example stepProgress({ top: -100, height: 400 }, 800) // (400 + 100) / 400 clamped → 1
 */
export function stepProgress(rect: { top: number; height: number }, viewportHeight: number): number {
  if (rect.height <= 0) return 0;
  const travelled = viewportHeight / 2 - rect.top;
  return Math.min(1, Math.max(0, travelled / rect.height));
}

/**
 * Where to scroll so that a step sits on the viewport's middle line for a jump (deep link, j/k): short steps
 * are centred; a tall one has its top placed a quarter of the viewport above the middle, so its start is in
 * view. When the figure sits above the steps (phones), the top goes just above the middle line instead,
 * right under the sticky figure, so none of the step hides behind it.
 * @example jumpScrollTop({ top: 1000, height: 200 }, 800, 0, false) // 700: the step's centre at 400
 */
export function jumpScrollTop(
  rect: { top: number; height: number },
  viewportHeight: number,
  scrollY: number,
  figureAbove: boolean,
): number {
  const middle = viewportHeight / 2;
  const lead = figureAbove ? Math.min(rect.height / 2, 24) : Math.min(rect.height / 2, viewportHeight / 4);
  return Math.max(0, scrollY + rect.top - (middle - lead));
}

/** Where a deep link left the page: the scroll position and its step's top, just after the jump. */
export interface Placement {
  readonly scrollY: number;
  readonly stepTop: number;
}

/**
 * Whether the page, at its load event, still shows a deep link's step where a second placement may move it:
 * nothing scrolled since the jump (layout may have shifted), the browser's own fragment scroll put the step's
 * top at the scroll padding (the reason for placing it again), or scroll anchoring kept the step where it was.
 * Anywhere else the reader has scrolled on, and the step must not be pulled back to them.
 * @example mayPlaceAgain({ scrollY: 900, stepTop: 72 }, { scrollY: 700, stepTop: 188 }, 72) // true: the browser's fragment scroll
 */
export function mayPlaceAgain(now: Placement, placed: Placement, scrollPaddingTop: number, tolerance = 2): boolean {
  const near = (a: number, b: number) => Math.abs(a - b) <= tolerance;
  return near(now.scrollY, placed.scrollY) || near(now.stepTop, scrollPaddingTop) || near(now.stepTop, placed.stepTop);
}

/**
 * The step id a URL fragment names, if it is one of the page's steps; anything else (empty, unknown,
 * malformed percent-encoding) gives undefined so the page simply stays where it is.
 * @example stepFromHash('#softmax', ['scores', 'softmax']) // 'softmax'
 */
export function stepFromHash(hash: string, stepIds: readonly string[]): string | undefined {
  if (!hash.startsWith('#') || hash.length < 2) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(hash.slice(1));
  } catch {
    return undefined;
  }
  return stepIds.includes(id) ? id : undefined;
}

/**
 * The step to go to from `current` by `delta` (+1 next, −1 previous), or undefined past either end.
 * With no current step, "next" starts at the first step.
 * @example neighbourStep(['a', 'b', 'c'], 'b', 1) // 'c'
 */
export function neighbourStep(stepIds: readonly string[], current: string | undefined, delta: 1 | -1): string | undefined {
  const index = current === undefined ? -1 : stepIds.indexOf(current);
  if (index < 0) return delta === 1 ? stepIds[0] : undefined;
  return stepIds[index + delta];
}

/** The page's URL with a different fragment (or none), for history.replaceState and copied links. */
export function urlWithHash(href: string, id: string | undefined): string {
  const base = href.split('#')[0]!;
  return id ? `${base}#${encodeURIComponent(id)}` : base;
}
