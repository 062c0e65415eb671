/** The lab's two Plotly charts: max/mean load against step for each MoE layer, and one layer's eight biases. */
import type { PlotSpec, PlotTheme } from '../plotly/load-plotly';
import type { StepRecord } from './lab-protocol';
import { formatRatio, layerName } from './lab-view';

/** A line's look, shared by the chart and its HTML legend. */
export interface LineStyle {
  readonly name: string;
  readonly color: `--${string}`;
  readonly dash: 'solid' | 'dash' | 'dot' | 'dashdot';
}

/** Each MoE layer's line: its own colour and dash, so the two differ without colour too. */
export function layerStyles(layers: readonly number[]): LineStyle[] {
  return layers.map((l, i) => ({ name: layerName(l), color: i % 2 ? '--c-query' : '--c-expert', dash: i % 2 ? 'dash' : 'solid' }));
}

const DASHES = ['solid', 'dash', 'dot', 'dashdot'] as const;

/** Experts of the first group in the expert colour, of the second in the query colour; a dash per place in the group. */
export function expertStyles(experts: number, groups: number): LineStyle[] {
  const perGroup = experts / groups;
  return Array.from({ length: experts }, (_, e) => ({
    name: `expert ${e}`,
    color: Math.floor(e / perGroup) % 2 ? '--c-query' : '--c-expert',
    dash: DASHES[(e % perGroup) % DASHES.length]!,
  }));
}

/** SVG stroke-dasharray for a legend swatch drawn like Plotly's dash. */
export const DASH_ARRAY: Readonly<Record<LineStyle['dash'], string>> = { solid: '', dash: '6 3', dot: '2 3', dashdot: '6 3 2 3' };

/**
 * Both axes get explicit ranges (x up to the run's last step), so a redraw while the lab runs skips autoranging and
 * the axes hold still instead of rescaling under the reader's eyes.
 */
function baseLayout(theme: PlotTheme, yTitle: string, xEnd: number, yRange: [number, number]): Record<string, unknown> {
  const rule = theme.color('--rule');
  const muted = theme.color('--muted');
  const axis = { gridcolor: rule, linecolor: rule, zeroline: false, tickfont: { color: muted } };
  return {
    autosize: true,
    margin: { l: 56, r: 12, t: 8, b: 44 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: theme.font, color: theme.color('--fg'), size: 12 },
    hoverlabel: { font: { family: theme.font } },
    hovermode: 'x unified',
    // The legend is HTML beside the chart: cheaper to keep than Plotly's on every redraw, and readable as text.
    showlegend: false,
    xaxis: { ...axis, title: { text: 'bias updates (steps)' }, range: [0, xEnd] },
    yaxis: { ...axis, title: { text: yTitle }, range: yRange },
  };
}

/**
 * max/mean load over the last batches against step, one line per MoE layer, with perfect balance (1) marked.
 * @example plotAttachment((theme) => ratioChartSpec(records, [1, 2], 200, theme))
 */
export function ratioChartSpec(records: readonly StepRecord[], layers: readonly number[], xEnd: number, theme: PlotTheme): PlotSpec {
  const x = records.map((r) => r.step);
  const data = layerStyles(layers).map((style, i) => ({
    type: 'scatter',
    mode: 'lines',
    name: style.name,
    x,
    y: records.map((r) => r.ratios[i]!),
    hovertemplate: `${style.name}: %{y:.2f}<extra></extra>`,
    line: { color: theme.color(style.color), width: 2, dash: style.dash },
  }));
  const top = Math.max(1.5, ...records.flatMap((r) => r.ratios));
  const layout = baseLayout(theme, 'max / mean expert load', xEnd, [0.9, top * 1.05]);
  // Perfect balance, drawn under the lines as a thin rule.
  layout.shapes = [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 1, y1: 1, layer: 'below', line: { color: theme.color('--muted'), width: 1, dash: 'dot' } }];
  return { data, layout };
}

/**
 * One MoE layer's bias b_i against step, one line per expert.
 * @example plotAttachment((theme) => biasChartSpec(records, 0, 1, 2, 200, theme))
 */
export function biasChartSpec(records: readonly StepRecord[], layer: number, traceLayer: number, groups: number, xEnd: number, theme: PlotTheme): PlotSpec {
  const x = records.map((r) => r.step);
  const E = records[0]?.bias[layer]?.length ?? 0;
  const data = expertStyles(E, groups).map((style, e) => ({
    type: 'scatter',
    mode: 'lines',
    name: style.name,
    x,
    y: records.map((r) => r.bias[layer]![e]!),
    hovertemplate: `${style.name}: %{y:.3f}<extra></extra>`,
    line: { color: theme.color(style.color), width: 2, dash: style.dash },
  }));
  const all = records.flatMap((r) => r.bias[layer]!);
  const lo = Math.min(0, ...all);
  const hi = Math.max(0, ...all);
  const pad = Math.max(0.05, (hi - lo) * 0.08);
  return { data, layout: baseLayout(theme, `bias b_i, ${layerName(traceLayer)}`, xEnd, [lo - pad, hi + pad]) };
}

/** The ratio chart's aria-label: what it plots and where each line starts and ends. */
export function ratioChartLabel(records: readonly StepRecord[], layers: readonly number[]): string {
  const first = records[0];
  const last = records[records.length - 1];
  if (!first || !last) return 'Line chart of max/mean expert load against step; no steps yet.';
  const lines = layers.map((l, i) => `${layerName(l)} from ${formatRatio(first.ratios[i]!)} to ${formatRatio(last.ratios[i]!)}`);
  return `Line chart of max/mean expert load over the last batches against step, steps ${first.step} to ${last.step}: ${lines.join(', ')}. The tables give the current numbers.`;
}

/** The bias chart's aria-label. */
export function biasChartLabel(records: readonly StepRecord[], layer: number, traceLayer: number): string {
  const last = records[records.length - 1];
  if (!last) return `Line chart of the biases of ${layerName(traceLayer)}; no steps yet.`;
  const b = last.bias[layer]!;
  return `Line chart of each expert's bias in ${layerName(traceLayer)} against step, at step ${last.step} from ${Math.min(...b).toFixed(3)} to ${Math.max(...b).toFixed(3)}. The table gives each expert's bias.`;
}
