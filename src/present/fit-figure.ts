/**
 * Makes a slide's figure as large as its box allows. The figure is the page's own live island, laid out for a
 * column half a laptop wide; on a projector its type would stay small. CSS zoom enlarges it with a fresh layout
 * (crisp text and KaTeX, a matrix's hover still lands on its cell), unlike transform: scale. The largest zoom at
 * which the figure fits the box, without scrolling, is found by bisection; the figure is refitted when its content
 * changes size (a new step's panels, the live model's numbers arriving) and when the window is resized.
 */

/** Never smaller than this (a figure too tall even so scrolls inside its box), never larger than this. */
const MIN_ZOOM = 0.7;
const MAX_ZOOM = 2.5;
const ROUNDS = 8;

/** Zooms `box` so that its content fits its grid cell, at `most` at most; returns the zoom chosen. */
export function fitOnce(box: HTMLElement, most = MAX_ZOOM): number {
  const style = box.style;
  style.zoom = '';
  style.width = '';
  style.height = '';
  style.overflow = 'hidden';
  const width = box.clientWidth;
  const height = box.clientHeight;
  if (width === 0 || height === 0) return 1;
  const fits = (zoom: number): boolean => {
    style.zoom = String(zoom);
    style.width = `${width / zoom}px`;
    style.height = `${height / zoom}px`;
    // Both sides of each comparison are the box's own measures, whatever units a zoomed element reports them in.
    return box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
  };
  const top = Math.max(MIN_ZOOM, Math.min(most, MAX_ZOOM));
  let zoom: number;
  if (fits(top)) zoom = top;
  else if (!fits(MIN_ZOOM)) zoom = MIN_ZOOM;
  else {
    let [lo, hi] = [MIN_ZOOM, top];
    for (let i = 0; i < ROUNDS; i++) {
      const mid = (lo + hi) / 2;
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    zoom = lo;
  }
  const fitted = fits(zoom);
  style.overflow = fitted ? 'hidden' : 'auto';
  return zoom;
}

/** The smallest the slide's type may shrink to, as a share of its full size (still about 20 px at 1920 wide). */
const MIN_TEXT_SCALE = 0.6;

/**
 * Shrinks a slide's title and paragraph (the --present-text-scale of present.css) until they take at most
 * `share` of the slide's height, so a long first paragraph does not squeeze the figure to nothing.
 * @example fitText(root, root.querySelector('.scrolly-steps'), 0.36)
 */
export function fitText(root: HTMLElement, text: HTMLElement, share: number): number {
  const limit = root.clientHeight * share;
  const fits = (scale: number): boolean => {
    root.style.setProperty('--present-text-scale', String(scale));
    return text.scrollHeight <= limit;
  };
  if (fits(1)) return 1;
  if (!fits(MIN_TEXT_SCALE)) return MIN_TEXT_SCALE;
  let [lo, hi] = [MIN_TEXT_SCALE, 1];
  for (let i = 0; i < 6; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  fits(lo);
  return lo;
}

/** Clears what fitOnce set, for the scroll view. */
export function unfit(box: HTMLElement): void {
  for (const name of ['zoom', 'width', 'height', 'overflow'] as const) box.style[name] = '';
}

/** True when the box's content overflows it at its present zoom (the measures of fitOnce's `fits`). */
function overflows(box: HTMLElement): boolean {
  return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
}

/**
 * Keeps `box` fitted until `stop` is called (which also clears the zoom). `refit` is the full fit, for a step
 * change; the window's resize does the same.
 * @example const fitter = keepFitted(root.querySelector('.scrolly-figure')); … fitter.refit(); … fitter.stop()
 */
export function keepFitted(box: HTMLElement, before?: () => void): { refit: () => void; stop: () => void } {
  let frame = 0;
  /** What the next frame does: a full fit, or only shrinking an overflowing figure. */
  let full = false;
  let zoom = MAX_ZOOM;
  const schedule = (fully: boolean) => {
    full ||= fully;
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const fully = full;
      full = false;
      if (fully) {
        before?.(); // what else shares the slide (its text) takes its room first; the figure gets the rest
        zoom = fitOnce(box);
      } else if (box.style.zoom && overflows(box)) {
        zoom = fitOnce(box, zoom);
      } else return;
      box.dataset.presentZoom = zoom.toFixed(2);
    });
  };
  const refit = () => schedule(true);
  const shrink = () => schedule(false);
  // A figure that grows asks for a smaller zoom; the fit's own final size is what the observer then remembers, so
  // the loop ends. The figure root is observed rather than the island around it, which is display: contents and
  // so has no size to report.
  const sizes = new ResizeObserver(shrink);
  const observe = () => {
    sizes.disconnect();
    for (const el of box.querySelectorAll(':scope > *, [data-figure]')) sizes.observe(el);
  };
  observe();
  // Nodes added or removed (hydration, a step's panels) may be new figure roots: observe them. A matrix's hover
  // read-out ([data-readout]) rewrites itself on every cell the pointer crosses, and is no such thing.
  const nodes = new MutationObserver((records) => {
    if (records.every((r) => r.target instanceof Element && r.target.closest('[data-readout]'))) return;
    observe();
    shrink();
  });
  nodes.observe(box, { childList: true, subtree: true });
  addEventListener('resize', refit);
  refit();
  return {
    refit,
    stop() {
      cancelAnimationFrame(frame);
      frame = 0;
      sizes.disconnect();
      nodes.disconnect();
      removeEventListener('resize', refit);
      delete box.dataset.presentZoom;
      unfit(box);
    },
  };
}
