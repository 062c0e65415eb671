import { describe, expect, it } from 'vitest';
import type { PlotTheme } from '../plotly/load-plotly';
import { downsample, logTicks, lossChartSpec, sparkline, type Curve } from './loss-chart';

const theme: PlotTheme = { color: (name) => `color(${name})`, font: 'serif', reducedMotion: false };
const curves: Curve[] = [
  { name: 'η = 0.1', color: '--c-query', dash: 'solid', y: [100, 10, 1] },
  { name: 'η = 0.3', color: '--c-key', dash: 'dash', y: [100, 1000, Infinity] },
];

describe('the cost-per-step chart', () => {
  it('plots one line per curve, on a log axis when asked, with the floor drawn', () => {
    const spec = lossChartSpec(curves, { xTitle: 'step', yTitle: 'cost', log: true, floor: { y: 0.5, label: 'best' } }, theme);
    expect(spec.data).toHaveLength(2);
    expect(spec.data[0]).toMatchObject({ x: [0, 1, 2], y: [100, 10, 1], line: { color: 'color(--c-query)', dash: 'solid' } });
    expect(spec.layout.yaxis).toMatchObject({ type: 'log' });
    expect(spec.layout.shapes).toEqual([expect.objectContaining({ y0: 0.5, y1: 0.5 })]);
  });

  it('draws the same curves as SVG points, leaving out what a log axis cannot show', () => {
    const [a, b] = sparkline(curves, true, 100, 30);
    expect(a).toBe('0,10 50,20 100,30'); // log10 from 0 (bottom) to 3 (top) over both curves
    expect(b!.split(' ')).toHaveLength(2); // Infinity left out
    expect(sparkline([{ ...curves[0]!, y: [-1] }], true, 10, 10)).toEqual(['']);
  });

  it('averages a long series into buckets', () => {
    expect(downsample([1, 2, 3, 4], 2)).toEqual({ x: [0.5, 2.5], y: [1.5, 3.5] });
    expect(downsample([1, 2, 3], 5)).toEqual({ x: [0, 1, 2], y: [1, 2, 3] });
  });

  it('puts a few readable ticks on a log axis', () => {
    expect(logTicks([0.13, 2.2]).tickvals).toEqual([0.2, 0.5, 1, 2]);
    expect(logTicks([0.126, 1.2e6])).toEqual({ tickvals: [1, 100, 10000, 1000000], ticktext: ['1', '100', '10⁴', '10⁶'] });
    expect(logTicks([Infinity, -1]).tickvals).toEqual([]);
  });
});
