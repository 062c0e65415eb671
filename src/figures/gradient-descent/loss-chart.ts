/** The cost-per-step chart: a Plotly spec (loaded when the chart is shown) and the same curves as a small SVG for the first paint. */
import type { PlotSpec, PlotTheme } from '../plotly/load-plotly';

export interface Curve {
  readonly name: string;
  readonly color: `--${string}`;
  readonly dash: 'solid' | 'dash' | 'dot';
  /** The cost at step 0, 1, 2, …; or `x` gives the steps. */
  readonly y: readonly number[];
  readonly x?: readonly number[];
}

export interface ChartOptions {
  readonly xTitle: string;
  readonly yTitle: string;
  readonly log: boolean;
  /** A horizontal reference line (the lowest cost possible) and its label. */
  readonly floor?: { readonly y: number; readonly label: string };
}

const stepsOf = (c: Curve) => c.x ?? c.y.map((_, i) => i);

/**
 * @example plotAttachment((theme) => lossChartSpec([{ name: 'η = 0.1', color: '--c-query', dash: 'solid', y: costs }], opts, theme))
 */
export function lossChartSpec(curves: readonly Curve[], o: ChartOptions, theme: PlotTheme): PlotSpec {
  const rule = theme.color('--rule');
  const muted = theme.color('--muted');
  const axis = { gridcolor: rule, linecolor: rule, zeroline: false, tickfont: { color: muted } };
  const data = curves.map((c) => ({
    type: 'scatter',
    mode: 'lines',
    name: c.name,
    x: stepsOf(c),
    y: c.y,
    hovertemplate: `${c.name}, step %{x}: %{y:.4g}<extra></extra>`,
    line: { color: theme.color(c.color), width: 2, dash: c.dash },
  }));
  const layout: Record<string, unknown> = {
    autosize: true,
    margin: { l: 52, r: 8, t: 6, b: 38 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: theme.font, color: theme.color('--fg'), size: 11 },
    hoverlabel: { font: { family: theme.font } },
    showlegend: false,
    xaxis: { ...axis, title: { text: o.xTitle } },
    yaxis: { ...axis, title: { text: o.yTitle }, type: o.log ? 'log' : 'linear', exponentformat: 'power', ...(o.log ? logTicks(curves.flatMap((c) => c.y)) : {}) },
  };
  if (o.floor) {
    layout.shapes = [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: o.floor.y, y1: o.floor.y, layer: 'below', line: { color: muted, width: 1, dash: 'dot' } }];
  }
  return { data, layout };
}

/**
 * The curves as SVG polyline points in a width × height box (log or linear y), for the chart's first paint and
 * for readers without JavaScript; values that are not finite or not positive on a log scale are left out.
 * @example sparkline(curves, false, 200, 80)[0] // '0,80 2.5,61.3 …'
 */
export function sparkline(curves: readonly Curve[], log: boolean, width: number, height: number): string[] {
  const t = (v: number) => (log ? Math.log10(v) : v);
  const ok = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const ys = curves.flatMap((c) => c.y.filter(ok).map(t));
  const xs = curves.flatMap(stepsOf);
  if (ys.length === 0) return curves.map(() => '');
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const sx = (x: number) => (x1 === x0 ? 0 : ((x - x0) / (x1 - x0)) * width);
  const sy = (y: number) => (y1 === y0 ? height / 2 : height - ((t(y) - y0) / (y1 - y0)) * height);
  return curves.map((c) => {
    const x = stepsOf(c);
    return c.y
      .map((v, i) => (ok(v) ? `${Math.round(sx(x[i]!) * 10) / 10},${Math.round(sy(v) * 10) / 10}` : ''))
      .filter(Boolean)
      .join(' ');
  });
}

/**
 * Averages a long series into at most `count` buckets (for MiniSeek's 2400-step loss), keeping each bucket's mean
 * and its middle step.
 * @example downsample([1, 2, 3, 4], 2) // { x: [0.5, 2.5], y: [1.5, 3.5] }
 */
export function downsample(values: readonly number[], count: number): { x: number[]; y: number[] } {
  const size = Math.max(1, Math.ceil(values.length / count));
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < values.length; i += size) {
    const chunk = values.slice(i, i + size);
    x.push(i + (chunk.length - 1) / 2);
    y.push(Math.round((chunk.reduce((s, v) => s + v, 0) / chunk.length) * 1e4) / 1e4);
  }
  return { x, y };
}

/** SVG stroke-dasharray for a curve drawn like Plotly's dash. */
export const DASH: Readonly<Record<Curve['dash'], string>> = { solid: '', dash: '6 3', dot: '2 3' };

/**
 * Ticks for a log axis: 1, 2 and 5 times each power of ten across the data, or the powers alone when that makes more
 * than six (Plotly's own ticks on a range under a decade label every digit, and the labels overlap).
 * @example logTicks([0.13, 2.2]).tickvals // [0.2, 0.5, 1, 2]
 */
export function logTicks(values: readonly number[]): { tickvals: number[]; ticktext: string[] } {
  const ok = values.filter((v) => Number.isFinite(v) && v > 0);
  if (ok.length === 0) return { tickvals: [], ticktext: [] };
  const [lo, hi] = [Math.min(...ok), Math.max(...ok)];
  const nice = (mantissas: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(3));
        if (v >= lo && v <= hi) out.push(v);
      }
    }
    return out;
  };
  let tickvals = nice([1, 2, 5]);
  if (tickvals.length > 6) tickvals = nice([1]);
  if (tickvals.length > 6) tickvals = tickvals.filter((_, i) => i % 2 === 0);
  const text = (v: number) => (v >= 1e4 ? `10${String(Math.round(Math.log10(v))).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!)}` : String(v));
  return { tickvals, ticktext: tickvals.map(text) };
}
