/** Plotly on demand: the basic bundle (bar, pie, scatter) loads only when a chart nears the viewport. */
import type { Attachment } from 'svelte/attachments';
import { createSubscriber } from 'svelte/reactivity';

/** Plotly's trace, layout and config objects, kept loose: the specs are built in typed code of our own. */
export type PlotData = Record<string, unknown>;
export type PlotLayout = Record<string, unknown>;
export type PlotConfig = Record<string, unknown>;

/** The part of Plotly's API we call. */
export interface PlotlyLike {
  newPlot(root: HTMLElement, data: readonly PlotData[], layout?: PlotLayout, config?: PlotConfig): Promise<HTMLElement>;
  react(root: HTMLElement, data: readonly PlotData[], layout?: PlotLayout, config?: PlotConfig): Promise<HTMLElement>;
  purge(root: HTMLElement): void;
}

export interface PlotSpec {
  data: readonly PlotData[];
  layout: PlotLayout;
}

/** What a spec needs from the page: resolved colours and font, and whether to animate. */
export interface PlotTheme {
  /** A CSS colour custom property resolved for the current theme, e.g. color('--c-query') → 'rgb(31, 88, 181)'. */
  color(name: `--${string}`): string;
  /** The value of --font-ui. */
  font: string;
  reducedMotion: boolean;
}

/** No mode bar (figures are for reading, not exporting); resize with the container. */
export const PLOT_CONFIG: PlotConfig = { displayModeBar: false, responsive: true, staticPlot: false };

/** A short ease between states (preset or context changes), so the reader sees which lines moved. */
/**
 * Charts change instantly. Quick, discrete changes read better than animated ones (DESIGN: "slow, linked
 * transitions are nauseating"), and an animated transition still running when a figure removes its chart makes
 * Plotly throw from its timer after purge.
 */
const NO_TRANSITION = { duration: 0 };

let loading: Promise<PlotlyLike> | undefined;

/**
 * Imports Plotly once, however many charts ask; a failed import is forgotten so a later call retries.
 * @example const Plotly = await loadPlotly(); await Plotly.react(div, data, layout, PLOT_CONFIG);
 */
export function loadPlotly(): Promise<PlotlyLike> {
  if (!loading) {
    // The bundle is UMD/CommonJS: Vite exposes module.exports as the default export.
    loading = import('plotly.js-basic-dist-min').then((m: { default?: PlotlyLike }) => m.default ?? (m as unknown as PlotlyLike));
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

/** Ticks whenever the reader switches theme or the system changes colour scheme or motion preference. */
const themeChanges = createSubscriber((update) => {
  const media = [matchMedia('(prefers-color-scheme: dark)'), matchMedia('(prefers-reduced-motion: reduce)')];
  const observer = new MutationObserver(update);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  media.forEach((m) => m.addEventListener('change', update));
  return () => {
    observer.disconnect();
    media.forEach((m) => m.removeEventListener('change', update));
  };
});

/**
 * Builds the theme and calls `use` with it. Custom properties hold `light-dark(…)` as written, so each colour is
 * resolved by giving it to a hidden probe's `color` and reading the computed value back.
 */
function withTheme<T>(node: HTMLElement, use: (theme: PlotTheme) => T): T {
  const probe = node.appendChild(document.createElement('span'));
  probe.hidden = true;
  const computed = getComputedStyle(probe);
  try {
    return use({
      color(name) {
        probe.style.color = `var(${name})`;
        return computed.color;
      },
      font: getComputedStyle(node).getPropertyValue('--font-ui').trim() || 'system-ui, sans-serif',
      reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
    });
  } finally {
    probe.remove();
  }
}

/** Per element, what must outlive one run of the attachment (it re-runs on every spec change). */
interface Slot {
  spec: PlotSpec;
  attached: boolean;
  visible: boolean;
  plotted: boolean;
  observer?: IntersectionObserver;
  /** The draw in progress, if any: a purge waits for it, or Plotly finishes drawing into a purged chart and throws. */
  drawing?: Promise<void>;
}
const slots = new WeakMap<HTMLElement, Slot>();

async function draw(node: HTMLElement, slot: Slot): Promise<void> {
  node.dataset.plot ??= 'loading';
  try {
    const Plotly = await loadPlotly();
    if (!slot.attached) return;
    slot.plotted = true; // before react, so a removal during the first draw still purges
    // Plotly.react diffs against the previous call, so a slider drag updates the chart instead of redrawing it.
    await Plotly.react(node, slot.spec.data, slot.spec.layout, PLOT_CONFIG);
    node.dataset.plot = 'ready';
  } catch {
    // Offline or blocked: the element's aria-label and the figure's table still carry the numbers.
    node.dataset.plot = 'error';
  }
}

/**
 * A Svelte `{@attach}` that plots `getSpec(theme)` into the element. The spec is read inside the attachment, so
 * Svelte re-runs it when the state the spec reads changes (or the theme does); re-runs only call Plotly.react.
 * @example <div role="img" aria-label="…" {@attach plotAttachment((theme) => chartSpec(model, theme))}></div>
 */
export function plotAttachment(getSpec: (theme: PlotTheme) => PlotSpec): Attachment<HTMLElement> {
  return (node) => {
    themeChanges();
    const spec = withTheme(node, (theme) => {
      const s = getSpec(theme);
      return { data: s.data, layout: { ...s.layout, transition: NO_TRANSITION } };
    });
    let slot = slots.get(node);
    if (slot) Object.assign(slot, { spec, attached: true });
    else slots.set(node, (slot = { spec, attached: true, visible: false, plotted: false }));
    const current = slot;

    if (current.visible) current.drawing = draw(node, current);
    else if (!current.observer) {
      // Load Plotly (about 400 kB gzipped) only for readers who scroll near the chart.
      current.observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((e) => e.isIntersecting)) return;
          current.observer?.disconnect();
          current.observer = undefined;
          current.visible = true;
          current.drawing = draw(node, current);
        },
        { rootMargin: '200px' },
      );
      current.observer.observe(node);
    }

    return () => {
      current.attached = false;
      // A re-run tears down and re-attaches within the same flush; only a real removal is still detached a
      // microtask later, and only then is the chart thrown away.
      queueMicrotask(() => {
        if (current.attached) return;
        current.observer?.disconnect();
        slots.delete(node);
        // A step change can remove the chart while Plotly.react is still drawing it; purge only after that draw.
        if (current.plotted) void (current.drawing ?? Promise.resolve()).then(loadPlotly).then((Plotly) => Plotly.purge(node));
        delete node.dataset.plot;
      });
    };
  };
}
