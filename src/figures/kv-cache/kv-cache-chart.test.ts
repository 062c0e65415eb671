import { describe, expect, it } from 'vitest';
import type { PlotTheme } from '../plotly/load-plotly';
import { chartSummary, kvCacheChartSpec } from './kv-cache-chart';
import { CONTEXT_STEPS, KV_PRESETS } from './kv-cache';

const theme: PlotTheme = { color: (name) => `resolved(${name})`, font: 'system-ui', reducedMotion: false };

describe('KV-cache chart spec', () => {
  it('draws one line per mechanism on log axes, in GiB for V3 and MiB for MiniSeek', () => {
    const spec = kvCacheChartSpec(KV_PRESETS['deepseek-v3'], 32 * 1024, theme);
    expect(spec.data.map((d) => d.name)).toEqual(['MHA', 'GQA', 'MQA', 'MLA']);
    expect(spec.layout).toMatchObject({ xaxis: { type: 'log' }, yaxis: { type: 'log', title: { text: 'KV cache (GiB)' } } });
    const mha = spec.data[0] as { y: number[] };
    expect(mha.y[CONTEXT_STEPS.length - 1]).toBe(488);
    const mini = kvCacheChartSpec(KV_PRESETS.miniseek, 1024, theme);
    expect(mini.layout).toMatchObject({ yaxis: { title: { text: 'KV cache (MiB)' } } });
  });

  it('takes every colour from the theme', () => {
    const spec = kvCacheChartSpec(KV_PRESETS['deepseek-v3'], 1024, theme);
    expect(spec.data.map((d) => (d.line as { color: string }).color)).toEqual([
      'resolved(--c-key)',
      'resolved(--c-value)',
      'resolved(--c-expert)',
      'resolved(--c-query)',
    ]);
  });

  it('summarises the lines at 128K for screen readers', () => {
    expect(chartSummary(KV_PRESETS['deepseek-v3'])).toContain('MHA 488\u00a0GiB');
    expect(chartSummary(KV_PRESETS['deepseek-v3'])).toContain('MLA 8.58\u00a0GiB');
  });
});
