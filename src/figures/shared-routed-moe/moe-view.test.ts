import { describe, expect, it } from 'vitest';
import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { forward } from '../../model/forward';
import { loadModelDir } from '../../model/model-dir';
import { FLOAT32_AGREEMENT, agreesToFloat32, maxDifference, moeLayers, routingGrid, sameExpertSets, sharedRoutedTraceNames, sumAgreement, tokenMoe, ungroupedChoice } from './moe-view';

describe('tokenMoe and routingGrid', () => {
  const { model, tokenizer } = loadModelDir();
  const c = model.config;
  const trace = (s: string) => forward(model, tokenizer.encode(s, { bos: true }).ids, { trace: sharedRoutedTraceNames(c) }).trace;
  const t = trace(DEFAULT_SENTENCE);
  const T = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids.length;

  it('follows MiniSeek’s two MoE layers (trace 1 and 2)', () => {
    expect(moeLayers(c)).toEqual([1, 2]);
    expect(sharedRoutedTraceNames(c)).toContain('layers.2.moe.expert.7');
  });

  for (const layer of [1, 2]) {
    it(`takes a token of layer ${layer} apart into parts that sum to the trace’s own output`, () => {
      for (const token of [0, 3, T - 1]) {
        const v = tokenMoe(t, { layer, token, nGroup: c.n_group });
        expect(v.chosen).toHaveLength(c.num_experts_per_tok);
        // Both chosen experts lie in the one group the token may use.
        for (const e of v.chosen) expect(Math.floor(e / v.perGroup)).toBe(v.group);
        // Gates: the chosen affinities normalised, times routed_scaling_factor; the bias never enters them.
        expect(v.gates.reduce((s, g) => s + g, 0)).toBeCloseTo(c.routed_scaling_factor, 5);
        v.gates.forEach((g, j) => expect(g).toBeCloseTo(c.routed_scaling_factor * v.normalised[j]!, 5));
        // The chosen are the top-k of the biased scores within the group.
        const inGroup = Array.from({ length: v.perGroup }, (_, i) => v.group * v.perGroup + i);
        const ranked = inGroup.sort((a, b) => v.biased.data[b]! - v.biased.data[a]!);
        expect(v.chosen).toEqual(ranked.slice(0, c.num_experts_per_tok));
        expect(maxDifference(v.routed, v.tracedRouted)).toBeLessThan(1e-5);
        expect(maxDifference(v.sum, v.moeOut)).toBeLessThan(1e-5);
        expect(maxDifference(v.hPrime, v.output)).toBeLessThan(1e-6);
      }
    });
  }

  it('finds shared + routed equal to MiniSeek’s own output up to float32 rounding over the whole sentence', () => {
    const a = sumAgreement(t, moeLayers(c), c.n_group);
    // The worst token sets the figure: no single token's difference exceeds it.
    for (const layer of moeLayers(c)) for (let token = 0; token < T; token++) {
      const v = tokenMoe(t, { layer, token, nGroup: c.n_group });
      expect(maxDifference(v.sum, v.moeOut)).toBeLessThanOrEqual(a.absolute);
    }
    // Rounding, not a missing term: a few float32 epsilons (1.2e-7) of the row's scale at most. The prose and the
    // figure say "to float32 precision" on the strength of this.
    expect(a.relative).toBeLessThan(FLOAT32_AGREEMENT);
    expect(a.absolute).toBeLessThan(1e-5);
    for (const layer of moeLayers(c)) for (let token = 0; token < T; token++) {
      const v = tokenMoe(t, { layer, token, nGroup: c.n_group });
      expect(agreesToFloat32(v.sum, v.moeOut)).toBe(true);
      expect(agreesToFloat32(v.hPrime, v.output)).toBe(true);
    }
    // A missing term is no rounding: dropping the shared expert breaks the agreement.
    const v = tokenMoe(t, { layer: 1, token: T - 1, nGroup: c.n_group });
    expect(agreesToFloat32(v.routed, v.moeOut)).toBe(false);
  });

  it('marks exactly K_r experts per token in the grid, with their gates', () => {
    const g = routingGrid(t, 1);
    expect(g.chosen).toHaveLength(T);
    for (let i = 0; i < T; i++) {
      const nonZero = Array.from(g.gates.row(i)).filter((x) => x !== 0);
      expect(nonZero).toHaveLength(c.num_experts_per_tok);
    }
    expect(g.load.reduce((s, x) => s + x, 0)).toBe(T * c.num_experts_per_tok);
  });

  it('compares two layers’ choices as sets, whatever their order', () => {
    expect(sameExpertSets({ chosen: [[4, 6], [0, 1], [2, 3]] }, { chosen: [[6, 4], [0, 1], [3, 1]] })).toBe(2);
  });

  it('shows what the group limit costs the default sentence’s last token in layer 2: expert 7, left out for expert 2', () => {
    const v = tokenMoe(t, { layer: 1, token: T - 1, nGroup: c.n_group });
    expect(v.chosen).toEqual([1, 2]);
    expect(ungroupedChoice(v, c.num_experts_per_tok)).toEqual([1, 7]);
    // Expert 7 has the highest plain affinity of all eight.
    expect(Array.from(v.affinity.data).indexOf(Math.max(...v.affinity.data))).toBe(7);
  });

  it('refuses a layer the trace lacks and a token outside the sentence', () => {
    expect(() => tokenMoe(new Map(), { layer: 1, token: 0, nGroup: 2 })).toThrow(/lacks layers\.1\.moe\.affinity/);
    expect(() => tokenMoe(t, { layer: 1, token: T, nGroup: 2 })).toThrow(/outside/);
  });
});
