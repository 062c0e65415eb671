import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { forward } from '../../model/forward';
import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import {
  alternativeChoices, balanceStats, changedTokens, cosine, denseGates, denseMixture, expertLoad, expertOutputsAt, gateArithmetic, gateShift, groupFlip, loadChange,
  maxOverMean, moeLayers, routeKey, routerSizes, routerView, routingTraceNames, rowNorms, shiftCause, sparseMixture,
} from './routing-view';

const { model, tokenizer } = loadModelDir();
const sizes = routerSizes(model.config);
const layers = moeLayers(model.config);

function view(sentence: string, layer: number) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: [...routingTraceNames(layers), `layers.${layer}.moe.expert.0`, `layers.${layer}.moe.expert.4`] });
  return { v: routerView(trace, layer, sizes), trace };
}

describe('routing view', () => {
  it('reads MiniSeek\'s MoE layers and sizes from the config', () => {
    expect(layers).toEqual([1, 2]);
    expect(sizes).toEqual({ experts: 8, k: 2, groups: 2, topkGroup: 1, scale: 2.5 });
  });

  for (const layer of [1, 2]) {
    it(`recovers logits, softmax and the bias of layer ${layer + 1} from the trace`, () => {
      const { v } = view(DEFAULT_SENTENCE, layer);
      const e = model.weights.get(`model.layers.${layer}.mlp.gate.weight`)!; // [E, D]: row i is e_i
      const D = v.u.shape[1]!;
      for (let t = 0; t < v.T; t++) {
        for (let i = 0; i < v.E; i++) {
          let dot = 0;
          for (let m = 0; m < D; m++) dot += v.u.at(t, m) * e.data[i * D + m]!;
          expect(v.logits.at(t, i)).toBeCloseTo(dot, 4);
        }
        expect(v.softmax.row(t).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      }
      const bias = model.weights.get(`model.layers.${layer}.mlp.gate.e_score_correction_bias`)!;
      Array.from(bias.data).forEach((b, i) => expect(v.bias[i]).toBeCloseTo(b, 6));
    });

    it(`rebuilds layer ${layer + 1}'s routed output from the chosen experts, and each expert's output from moe.experts`, () => {
      const { v, trace } = view(DEFAULT_SENTENCE, layer);
      for (let t = 0; t < v.T; t++) {
        const sparse = sparseMixture(v, t).sum.data;
        v.routed.row(t).forEach((x, m) => expect(sparse[m]).toBeCloseTo(x, 5));
        expect(v.gates.row(t).reduce((a, b) => a + b, 0)).toBeCloseTo(sizes.scale, 5);
        // Every chosen expert comes from the kept group.
        const perGroup = v.E / sizes.groups;
        for (const e of v.chosen[t]!) expect(v.keptGroups[t]).toContain(Math.floor(e / perGroup));
      }
      // Where the engine traced an expert at its own tokens, the all-token tensor agrees.
      for (const x of [0, 4]) {
        const own = trace.get(`layers.${layer}.moe.expert.${x}`);
        if (!own) continue;
        for (let t = 0; t < v.T; t++) {
          if (!v.chosen[t]!.includes(x)) continue;
          const all = expertOutputsAt(v, t).row(x);
          own.row(t).forEach((y, m) => expect(all[m]).toBeCloseTo(y, 6));
        }
      }
    });
  }

  it('marks exactly the chosen pairs as routes, k per token', () => {
    const { v } = view(DEFAULT_SENTENCE, 1);
    expect(v.routes).toHaveLength(v.T * v.k);
    expect(new Set(v.routes.map((r) => routeKey(r.token, r.expert))).size).toBe(v.T * v.k);
    expect(routeKey(3, 5)).toBe('3:5');
  });

  it('weighs every expert in the dense mixture, with weights summing to 1', () => {
    const { v } = view(DEFAULT_SENTENCE, 1);
    const g = denseGates(v.affinity);
    for (let t = 0; t < v.T; t++) expect(g.row(t).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const dense = denseMixture(v, v.T - 1);
    expect(dense.parts.shape).toEqual([8, 64]);
    expect(cosine(dense.sum.data, dense.sum.data)).toBeCloseTo(1, 6);
  });

  it('finds the alternative choices with the engine\'s chooser: groups and bias change MiniSeek\'s picks', () => {
    const { v } = view(DEFAULT_SENTENCE, 1);
    const alt = alternativeChoices(v, sizes);
    // Plain top-k is the two largest affinities of each row.
    for (let t = 0; t < v.T; t++) {
      const sorted = Array.from(v.affinity.row(t)).map((s, e) => [s, e] as const).sort((a, b) => b[0] - a[0]);
      expect(alt.plain[t]).toEqual([sorted[0]![1], sorted[1]![1]]);
    }
    // On the default sentence the group limit and the bias do change the choice (a guard for the chapter's prose).
    expect(changedTokens(alt.plain, v.chosen).length).toBeGreaterThan(0);
    expect(changedTokens([[1, 2]], [[2, 1]])).toEqual([]);
    expect(changedTokens([[1, 2]], [[2, 3]])).toEqual([0]);
  });

  it('counts the load and the balance statistics: f averages 1, P sums to 1', () => {
    const { v } = view(DEFAULT_SENTENCE, 2);
    expect(expertLoad(v.chosen, v.E).reduce((a, b) => a + b, 0)).toBe(v.T * v.k);
    const b = balanceStats(v);
    expect(b.f.reduce((a, x) => a + x, 0) / v.E).toBeCloseTo(1, 6);
    expect(b.P.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 6);
    expect(expertLoad([[0, 1], [0, 2]], 4)).toEqual([2, 1, 1, 0]);
  });

  it('counts f over the experts it is given: by default those really chosen, or eq. 18\'s plain top-k of s', () => {
    const { v } = view(DEFAULT_SENTENCE, 1);
    const plain = alternativeChoices(v, sizes).plain;
    const byPlain = balanceStats(v, plain);
    expect(byPlain.f).toEqual(expertLoad(plain, v.E).map((n) => (v.E / (v.k * v.T)) * n));
    expect(byPlain.P).toEqual(balanceStats(v).P);
    // On the default sentence the two counts differ (the chapter gives both numbers).
    expect(byPlain.sum).not.toBeCloseTo(balanceStats(v).sum, 3);
  });

  it('prints the gates\' arithmetic so that it checks: ρ × s ÷ Σ s = g, to the digits shown', () => {
    for (const layer of layers) {
      const { v } = view(DEFAULT_SENTENCE, layer);
      for (let t = 0; t < v.T; t++) {
        const a = gateArithmetic(v, t);
        const num = (x: string) => Number(x.replace('−', '-'));
        const total = num(a.total);
        a.affinities.forEach((s, j) => expect(Math.abs(sizes.scale * num(s) / total - num(a.gates[j]!))).toBeLessThan(0.01));
      }
    }
  });

  it('says which way a change moved the load, from the numbers', () => {
    expect(maxOverMean([3, 1, 1, 3])).toBe(1.5);
    expect(loadChange(1.5, 3)).toBe('less even');
    expect(loadChange(3, 1.5)).toBe('more even');
    expect(loadChange(2, 2)).toBe('neither more nor less even');
  });

  it('masks other groups with −∞ like the reference code: the same choice whenever the kept group\'s top-k scores are positive', () => {
    for (const layer of layers) {
      const { v } = view(DEFAULT_SENTENCE, layer);
      const alt = alternativeChoices(v, sizes);
      for (let t = 0; t < v.T; t++) {
        const perGroup = v.E / sizes.groups;
        for (const e of alt.minusInf[t]!) expect(v.keptGroups[t]).toContain(Math.floor(e / perGroup));
        if (alt.minusInf[t]!.every((e) => v.biased.at(t, e) > 0)) expect(new Set(alt.minusInf[t])).toEqual(new Set(v.chosen[t]));
      }
    }
  });

  it('measures the centroids\' lengths', () => {
    const e = model.weights.get(`model.layers.1.mlp.gate.weight`)!;
    const norms = rowNorms(e);
    expect(norms).toHaveLength(8);
    expect(norms[0]).toBeCloseTo(Math.hypot(...e.data.subarray(0, e.shape[1]!)), 5);
  });
});

describe('what the sparse chapter\'s prose says about gates and groups', () => {
  const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: routingTraceNames(layers) });
  const views = layers.map((l) => routerView(trace, l, sizes));

  it('finds a token where one ingredient swaps one expert, and the kept expert\'s gate changes with it', () => {
    const s = gateShift(views, sizes);
    expect(s).toBeDefined();
    const v = views[s!.view]!;
    const alt = alternativeChoices(v, sizes);
    const without = (s!.cause === 'bias' ? alt.noBias : alt.biasOnly)[s!.token]!;
    // The swap is real: the routing without the cause takes the dropped expert, MiniSeek the added one.
    expect([...without].sort()).toEqual([s!.kept, s!.dropped].sort());
    expect([...v.chosen[s!.token]!].sort()).toEqual([s!.kept, s!.added].sort());
    // `after` is MiniSeek's traced gate; `before` differs enough to show at two decimals.
    expect(s!.after).toBeCloseTo(v.gates.at(s!.token, v.chosen[s!.token]!.indexOf(s!.kept)), 5);
    expect(Math.abs(s!.after - s!.before)).toBeGreaterThan(0.01);
    // If the bias is not the cause, no token of either layer has the bias swap exactly one expert with a gate
    // change that shows at two decimals.
    if (s!.cause === 'groups') {
      for (const w of views) {
        const nb = alternativeChoices(w, sizes).noBias;
        w.chosen.forEach((ids, t) => {
          const shared = ids.filter((e) => nb[t]!.includes(e));
          if (shared.length !== 1) return;
          const gate = (set: readonly number[]) => (sizes.scale * w.affinity.at(t, shared[0]!)) / set.reduce((a, j) => a + w.affinity.at(t, j), 0);
          expect(Math.abs(gate(ids) - gate(nb[t]!))).toBeLessThan(0.01);
        });
      }
    }
  });

  it('finds a token where the bias flips the kept group, the biased group scores close', () => {
    const f = groupFlip(views[0]!, sizes);
    expect(f).toBeDefined();
    const keptBiased = argmaxOf(f!.biased);
    expect(keptBiased).toBe(views[0]!.keptGroups[f!.token]![0]);
    expect(argmaxOf(f!.raw)).not.toBe(keptBiased);
    Array.from(views[0]!.groupScores.row(f!.token)).forEach((x, g) => expect(f!.biased[g]).toBeCloseTo(x, 6));
    expect(Math.abs(f!.biased[0]! - f!.biased[1]!)).toBeLessThan(0.1);
  });
});

function argmaxOf(x: readonly number[]): number {
  return x.indexOf(Math.max(...x));
}

describe('shiftCause', () => {
  const base = { view: 0, token: 0, kept: 0, dropped: 1, added: 2, before: 1, after: 1.2 };
  it('says what made the swap, and that the bias picked the group when it did', () => {
    expect(shiftCause({ ...base, cause: 'bias', biasPicksGroup: false })).toBe('the bias swaps');
    expect(shiftCause({ ...base, cause: 'groups', biasPicksGroup: false })).toBe('the groups swap');
    expect(shiftCause({ ...base, cause: 'groups', biasPicksGroup: true })).toBe('the bias picks the group and the group limit swaps');
  });
});
