import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './balance-engine';
import { biasChartSpec, expertStyles, layerStyles, ratioChartLabel, ratioChartSpec } from './lab-chart';
import type { LabSnapshot, StepRecord } from './lab-protocol';
import { expertRows, formatBias, gammaNote, gammaOptions, layerName, summary, worstRatio } from './lab-view';

const snap: LabSnapshot = {
  step: 3,
  ratios: [2, 1.25],
  // 8 experts, 40 choices: expert 0 took 10 (2× its fair share of 5).
  loads: [[10, 5, 5, 5, 5, 5, 5, 0], [5, 5, 5, 5, 5, 5, 5, 5]],
  bias: [[0.485, 0.5, 0, 0, 0, 0, 0, 0.015], [0, 0, 0, 0, 0, 0, 0, 0]],
  records: [],
  stepMs: 1.5,
  forwardMs: null,
  forwards: 0,
  layers: [1, 2],
};
const theme = { color: (name: string) => name, font: 'system-ui', reducedMotion: false };

describe('lab view', () => {
  it('names trace layers as the course counts them, from 1', () => {
    expect(layerName(1)).toBe('layer 2');
  });

  it('gives each expert its share, its load against the fair share, its group and bias', () => {
    const rows = expertRows(snap, 0, 2);
    expect(rows[0]).toEqual({ expert: 0, group: 0, share: 0.25, relative: 2, bias: 0.485 });
    expect(rows[7]).toMatchObject({ expert: 7, group: 1, share: 0, relative: 0 });
  });

  it('signs biases with a true minus and calls tiny ones zero', () => {
    expect([formatBias(0.5), formatBias(-0.005), formatBias(0.0001), formatBias(-0.0001)]).toEqual(['+0.500', '−0.005', '0.000', '0.000']);
  });

  it("offers γ = 0, V3's 0.001, MiniSeek's training value and faster ones, each once, the lab's default named as faster than V3's", () => {
    expect(gammaOptions(0.002, 0.005).map((o) => o.label)).toEqual([
      "0 (frozen, as V3's last 500B tokens)",
      '0.001 (V3)',
      "0.002 (MiniSeek's training)",
      "0.005 (lab default, 5× V3's)",
      '0.01',
      '0.02',
      '0.05',
      '0.1',
    ]);
    expect(gammaOptions(0.001, 0.005).map((o) => o.label)[1]).toBe("0.001 (V3, MiniSeek's training)");
    expect(gammaOptions(0.002, 0.0025).find((o) => o.value === 0.0025)!.label).toContain("2.5× V3's");
    expect(gammaNote(0.005)).toBe("The lab's default γ is 5× V3's, so that the biases move visibly within one run of 200 steps.");
    // The island passes the engine's default; it must be one of the menu's values.
    expect(gammaOptions(0.002, DEFAULT_SETTINGS.gamma).some((o) => o.value === DEFAULT_SETTINGS.gamma && o.label.includes('lab default'))).toBe(true);
  });

  it('reports the worse layer and says both in one sentence', () => {
    expect(worstRatio(snap)).toBe(2);
    expect(summary(snap, 10)).toBe('Step 3: max/mean load 2.00 in layer 2 and 1.25 in layer 3 (last 10 batches).');
  });
});

describe('lab charts', () => {
  const records: StepRecord[] = [
    { step: 0, ratios: [3.7, 3.6], bias: [[0.5, 0.5, 0, 0, 0, 0, 0, 0], [0.5, 0.5, 0, 0, 0, 0, 0, 0]] },
    { step: 1, ratios: [3.6, 3.5], bias: [[0.495, 0.495, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005], [0.5, 0.5, 0, 0, 0, 0, 0, 0]] },
  ];

  it('plots one line per MoE layer with fixed axes up to the run end, balance marked at 1', () => {
    const spec = ratioChartSpec(records, [1, 2], 200, theme);
    expect(spec.data.map((d) => d.name)).toEqual(['layer 2', 'layer 3']);
    expect(spec.data[1]!.y).toEqual([3.6, 3.5]);
    const layout = spec.layout as { xaxis: { range: number[] }; yaxis: { range: number[] }; shapes: { y0: number }[] };
    expect(layout.xaxis.range).toEqual([0, 200]);
    expect(layout.yaxis.range[0]).toBe(0.9);
    expect(layout.yaxis.range[1]).toBeCloseTo(3.7 * 1.05);
    expect(layout.shapes[0]!.y0).toBe(1);
  });

  it('plots eight bias lines for the chosen layer, the two groups in two colours', () => {
    const spec = biasChartSpec(records, 0, 1, 2, 200, theme);
    expect(spec.data).toHaveLength(8);
    expect(spec.data[0]!.y).toEqual([0.5, 0.495]);
    expect(expertStyles(8, 2).map((s) => s.color)).toEqual([...Array(4).fill('--c-expert'), ...Array(4).fill('--c-query')]);
    expect(new Set(layerStyles([1, 2]).map((s) => s.dash)).size).toBe(2);
  });

  it('describes the load chart in words, from its first step to its last', () => {
    expect(ratioChartLabel(records, [1, 2])).toContain('layer 2 from 3.70 to 3.60, layer 3 from 3.60 to 3.50');
  });
});
