/** The KV-cache chart's Plotly spec: cache size against context length, one line per attention mechanism. */
import type { PlotSpec, PlotTheme } from '../plotly/load-plotly';
import {
  ATTENTION_KINDS,
  CONTEXT_STEPS,
  byteUnit,
  cacheBytes,
  formatBytes,
  formatTokens,
  type AttentionKind,
  type ModelShape,
} from './kv-cache';

/** Each mechanism's colour (shared with the table's swatches) and dash, so lines differ without colour too. */
export const KIND_STYLE: Readonly<Record<AttentionKind, { color: `--${string}`; dash: string }>> = {
  MHA: { color: '--c-key', dash: 'solid' },
  GQA: { color: '--c-value', dash: 'dash' },
  MQA: { color: '--c-expert', dash: 'dot' },
  MLA: { color: '--c-query', dash: 'solid' },
};

/**
 * One sentence for the chart's aria-label: what it plots and where the lines end.
 * @example chartSummary(KV_PRESETS['deepseek-v3']) // 'Line chart of DeepSeek-V3's KV cache … MLA 8.58 GiB.'
 */
export function chartSummary(shape: ModelShape): string {
  const last = CONTEXT_STEPS[CONTEXT_STEPS.length - 1]!;
  const ends = ATTENTION_KINDS.map((k) => `${k} ${formatBytes(cacheBytes(k, shape, last))}`).join(', ');
  return (
    `Line chart of ${shape.name}'s KV cache against context length, both axes logarithmic, ` +
    `from ${formatTokens(CONTEXT_STEPS[0]!)} to ${formatTokens(last)} tokens. At ${formatTokens(last)}: ${ends}. ` +
    `The table gives the numbers.`
  );
}

/**
 * The Plotly spec. Both axes are logarithmic: cache size is proportional to context, so every line is straight
 * and the vertical gap between two lines is their ratio, the same at every context length.
 * @example plotAttachment((theme) => kvCacheChartSpec(KV_PRESETS['deepseek-v3'], 32768, theme))
 */
export function kvCacheChartSpec(shape: ModelShape, context: number, theme: PlotTheme): PlotSpec {
  // One unit for the whole chart, the one the largest value reads best in (GiB for V2/V3, MiB for MiniSeek).
  const { unit, size } = byteUnit(cacheBytes('MHA', shape, CONTEXT_STEPS[CONTEXT_STEPS.length - 1]!));
  const fg = theme.color('--fg');
  const muted = theme.color('--muted');
  const rule = theme.color('--rule');
  const axis = { type: 'log', gridcolor: rule, linecolor: rule, zeroline: false, tickfont: { color: muted } };

  const data = ATTENTION_KINDS.map((kind) => {
    const bytes = CONTEXT_STEPS.map((t) => cacheBytes(kind, shape, t));
    const color = theme.color(KIND_STYLE[kind].color);
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: kind,
      x: CONTEXT_STEPS,
      y: bytes.map((b) => b / size),
      customdata: bytes.map(formatBytes),
      hovertemplate: `${kind}: %{customdata}<extra></extra>`,
      line: { color, width: kind === 'MLA' ? 3 : 2, dash: KIND_STYLE[kind].dash },
      // Mark the chosen context on each line, so the chart points at the table's "cache at" column.
      marker: { color, size: CONTEXT_STEPS.map((t) => (t === context ? 10 : 4)) },
    };
  });

  return {
    data,
    layout: {
      autosize: true,
      margin: { l: 64, r: 12, t: 8, b: 48 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { family: theme.font, color: fg, size: 12 },
      hoverlabel: { font: { family: theme.font } },
      hovermode: 'x unified',
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1, yanchor: 'bottom', traceorder: 'normal' },
      xaxis: {
        ...axis,
        title: { text: 'context length (tokens)' },
        tickvals: CONTEXT_STEPS,
        ticktext: CONTEXT_STEPS.map(formatTokens),
      },
      // dtick 1: a label at each power of ten only; minor 2s and 5s crowd MiniSeek's shorter range.
      yaxis: { ...axis, dtick: 1, title: { text: `KV cache (${unit})` } },
      shapes: [
        {
          type: 'line',
          xref: 'x',
          yref: 'paper',
          x0: context,
          x1: context,
          y0: 0,
          y1: 1,
          line: { color: muted, width: 1, dash: 'dot' },
        },
      ],
    },
  };
}
