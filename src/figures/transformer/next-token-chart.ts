/** The next-token chart's Plotly spec: MiniSeek's most likely next words for the last position, as bars. */
import type { PlotSpec, PlotTheme } from '../plotly/load-plotly';
import { formatNumber } from '../format';

export interface WordChance {
  readonly word: string;
  /** Softmax probability over the whole vocabulary, 0..1. */
  readonly p: number;
}

/**
 * One sentence for the chart's aria-label: what it plots and its top values.
 * @example chartSummary('cabinet', [{ word: 'are', p: 0.51 }]) // 'Bar chart … “are” 51.0% …'
 */
export function chartSummary(after: string, words: readonly WordChance[]): string {
  const list = words.map((w) => `“${w.word}” ${formatNumber(w.p * 100, 1)}%`).join(', ');
  return `Bar chart of MiniSeek's ${words.length} most likely next words after “${after}”, most likely first: ${list}.`;
}

/**
 * Horizontal bars, most likely word on top; the most likely word is drawn in the accent colour.
 * @example plotAttachment((theme) => nextTokenChartSpec(words, theme))
 */
export function nextTokenChartSpec(words: readonly WordChance[], theme: PlotTheme): PlotSpec {
  const fg = theme.color('--fg');
  const muted = theme.color('--muted');
  const rule = theme.color('--rule');
  const accent = theme.color('--c-query');
  const other = theme.color('--c-neutral');
  // Plotly draws the first category at the bottom: reverse so the most likely word is on top.
  const shown = [...words].reverse();
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        x: shown.map((w) => w.p * 100),
        y: shown.map((w) => w.word),
        text: shown.map((w) => `${formatNumber(w.p * 100, 1)}%`),
        textposition: 'outside',
        cliponaxis: false,
        hovertemplate: '%{y}: %{text}<extra></extra>',
        marker: { color: shown.map((_, i) => (i === shown.length - 1 ? accent : other)) },
      },
    ],
    layout: {
      autosize: true,
      margin: { l: 72, r: 48, t: 4, b: 36 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { family: theme.font, color: fg, size: 12 },
      hoverlabel: { font: { family: theme.font } },
      showlegend: false,
      bargap: 0.25,
      // No eased transition: the figure drops the chart when the reader leaves the step, and purging a chart in
      // mid-transition throws inside Plotly ("reading '_plots'"). A new sentence simply redraws the bars.
      transition: { duration: 0 },
      xaxis: { title: { text: 'probability (%)' }, rangemode: 'tozero', gridcolor: rule, linecolor: rule, zeroline: false, tickfont: { color: muted } },
      // Every word labelled: Plotly would otherwise drop every other category label on a short (phone) chart.
      yaxis: { type: 'category', automargin: true, tickmode: 'array', tickvals: shown.map((w) => w.word), ticktext: shown.map((w) => w.word), tickfont: { color: fg, size: 11 } },
    },
  };
}
