/**
 * The chapter's KV-cache numbers for standard multi-head attention, from kv-cache.ts's formulas and presets
 * (DeepSeek-V2 Table 1): the cache a sentence fills token by token, and its growth with context (table + chart).
 */
import type { PlotSpec, PlotTheme } from '../plotly/load-plotly';
import { CONTEXT_STEPS, KV_PRESETS, cacheBytes, elementsPerToken, formatBytes, formatTokens, type ModelShape } from '../kv-cache/kv-cache';
import { Tensor } from '../../model/tensor';

/** The two models the chapter compares, both as standard MHA: MiniSeek's size and DeepSeek-V3's. */
export const GROWTH_SHAPES: readonly ModelShape[] = [KV_PRESETS.miniseek, KV_PRESETS['deepseek-v3']];

/**
 * [T, 2]: after each token of the sentence, the elements and bytes an MHA cache of this shape holds.
 * @example cacheFill(7, KV_PRESETS.miniseek).at(6, 0) // 7 × 384 = 2688
 */
export function cacheFill(T: number, shape: ModelShape): Tensor {
  const out = new Tensor(`MHA cache of ${shape.name}`, [T, 2]);
  for (let t = 0; t < T; t++) {
    out.data[2 * t] = elementsPerToken('MHA', shape) * (t + 1);
    out.data[2 * t + 1] = cacheBytes('MHA', shape, t + 1);
  }
  return out;
}

export interface GrowthRow {
  readonly context: number;
  /** Bytes per model, in GROWTH_SHAPES order. */
  readonly bytes: readonly number[];
}

/**
 * One row per context stop (1K … 128K tokens).
 * @example growthRows()[7] // { context: 131072, bytes: [100663296, 524…] }
 */
export function growthRows(shapes: readonly ModelShape[] = GROWTH_SHAPES): GrowthRow[] {
  return CONTEXT_STEPS.map((context) => ({ context, bytes: shapes.map((s) => cacheBytes('MHA', s, context)) }));
}

const STYLE: readonly { color: `--${string}`; dash: string }[] = [
  { color: '--c-value', dash: 'dash' },
  { color: '--c-key', dash: 'solid' },
];

/** Byte ticks every factor of 32 (1 KiB, 32 KiB, 1 MiB, …), labelled in binary units. */
function byteTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let b = 1024; b <= max * 32; b *= 32) if (b >= min / 32) ticks.push(b);
  return ticks;
}

/**
 * One sentence for the chart's aria-label: what it plots and where the lines end.
 * @example growthSummary() // 'Line chart of the KV cache of standard multi-head attention … DeepSeek-V3 488 GiB.'
 */
export function growthSummary(shapes: readonly ModelShape[] = GROWTH_SHAPES): string {
  const last = CONTEXT_STEPS[CONTEXT_STEPS.length - 1]!;
  const ends = shapes.map((s) => `${s.name} ${formatBytes(cacheBytes('MHA', s, last))}`).join(', ');
  return `Line chart of the KV cache of standard multi-head attention against context length, both axes logarithmic, from ${formatTokens(CONTEXT_STEPS[0]!)} to ${formatTokens(last)} tokens. At ${formatTokens(last)}: ${ends}. The table gives the numbers.`;
}

/**
 * Cache size against context, one line per model. Both axes are logarithmic: the cache is proportional to the
 * context, so each line is straight and the gap between them is the ratio of their sizes per token.
 * @example plotAttachment((theme) => growthChartSpec(theme))
 */
export function growthChartSpec(theme: PlotTheme, shapes: readonly ModelShape[] = GROWTH_SHAPES): PlotSpec {
  const rows = growthRows(shapes);
  const all = rows.flatMap((r) => r.bytes);
  const ticks = byteTicks(Math.min(...all), Math.max(...all));
  const muted = theme.color('--muted');
  const rule = theme.color('--rule');
  const axis = { type: 'log', gridcolor: rule, linecolor: rule, zeroline: false, tickfont: { color: muted } };
  const data = shapes.map((shape, i) => {
    const color = theme.color(STYLE[i % STYLE.length]!.color);
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: `${shape.name} as MHA`,
      x: CONTEXT_STEPS,
      y: rows.map((r) => r.bytes[i]!),
      customdata: rows.map((r) => formatBytes(r.bytes[i]!)),
      hovertemplate: `${shape.name}: %{customdata}<extra></extra>`,
      line: { color, width: 2, dash: STYLE[i % STYLE.length]!.dash },
      marker: { color, size: 6 },
    };
  });
  return {
    data,
    layout: {
      autosize: true,
      margin: { l: 72, r: 12, t: 8, b: 48 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { family: theme.font, color: theme.color('--fg'), size: 12 },
      hoverlabel: { font: { family: theme.font } },
      hovermode: 'x unified',
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1, yanchor: 'bottom' },
      xaxis: { ...axis, title: { text: 'context length (tokens)' }, tickvals: CONTEXT_STEPS, ticktext: CONTEXT_STEPS.map(formatTokens) },
      yaxis: { ...axis, title: { text: 'KV cache (BF16)' }, tickvals: ticks, ticktext: ticks.map(formatBytes) },
    },
  };
}
