import { describe, expect, it } from 'vitest';
import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { forward } from '../../model/forward';
import { loadModelDir } from '../../model/model-dir';
import { weight } from '../../model/weights';
import { silu } from '../feed-forward/ff-view';
import { combinations, distinctCombinations, expertTraceNames, fewestSurePositive, groupDigits, outputSizes, reachableCombinations, routes, segmentation, sharedExpertView, sharedShare, tokensAcrossGroups } from './expert-view';
import { expertWidths } from './expert-widths';

describe('sharedExpertView', () => {
  const { model, tokenizer } = loadModelDir();
  const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: expertTraceNames([1, 2]) });
  const T = ids.length;

  it('shows a SwiGLU of width 32 whose output plus the routed sum is the layer’s output', () => {
    for (const layer of [1, 2]) {
      const view = sharedExpertView(trace, layer);
      expect(view.hidden.shape).toEqual([T, model.config.moe_intermediate_size]);
      for (let i = 0; i < view.hidden.size; i++) expect(view.hidden.data[i]).toBeCloseTo(silu(view.gate.data[i]!) * view.up.data[i]!, 5);
      for (let i = 0; i < view.moeOut.size; i++) expect(view.moeOut.data[i]).toBeCloseTo(view.out.data[i]! + view.routed.data[i]!, 4);
      const sizes = outputSizes(view);
      expect(sizes.at(0, 0)).toBeCloseTo(Math.hypot(...view.out.row(0)), 4);
    }
  });

  it('splits the output between shared and routed: the shares of both projections sum to 1', () => {
    const view = sharedExpertView(trace, 1);
    for (let t = 0; t < T; t++) {
      const o = view.moeOut.row(t);
      const r = view.routed.row(t);
      const routedShare = r.reduce((s, x, d) => s + x * o[d]!, 0) / o.reduce((s, x) => s + x * x, 0);
      expect(sharedShare(view, t) + routedShare).toBeCloseTo(1, 4);
    }
  });

  it('lists each token’s routed experts, two per token, within one group of four', () => {
    const view = sharedExpertView(trace, 1);
    const r = routes(view);
    expect(r).toHaveLength(T);
    for (const pair of r) {
      expect(pair).toHaveLength(2);
      expect(Math.floor(pair[0]! / 4)).toBe(Math.floor(pair[1]! / 4));
    }
    expect(distinctCombinations(r)).toBeLessThanOrEqual(reachableCombinations(8, 2, 1, 2));
    expect(tokensAcrossGroups(r, 4)).toBe(0);
  });

  it('counts the tokens sent across groups (what a zeroed mask allows when a kept group has too few positive scores)', () => {
    expect(tokensAcrossGroups([[0, 3], [2, 5], [4, 7], [3, 4]], 4)).toBe(2);
    expect(tokensAcrossGroups([], 4)).toBe(0);
  });

  it('gives the routed experts coefficients that sum to ρ = routed_scaling_factor per token (the prose’s “against 1”)', () => {
    const gates = forward(model, ids, { trace: ['layers.1.moe.gates', 'layers.2.moe.gates'] }).trace;
    const rho = model.config.routed_scaling_factor;
    expect(rho).toBe(2.5);
    for (const layer of [1, 2]) {
      const g = gates.get(`layers.${layer}.moe.gates`)!;
      for (let t = 0; t < T; t++) expect(g.row(t).reduce((s, x) => s + x, 0)).toBeCloseTo(rho, 4);
    }
  });

  it('refuses a layer the trace lacks', () => {
    expect(() => sharedExpertView(trace, 0)).toThrow(/lacks layers\.0\.ffn_norm/);
  });
});

describe('fine-grained segmentation arithmetic', () => {
  it('reproduces DeepSeekMoE’s example: C(16,2) = 120 and C(64,8) = 4,426,165,368', () => {
    expect(combinations(16, 2)).toBe(120n);
    expect(groupDigits(combinations(64, 8))).toBe('4,426,165,368');
    expect(segmentation(16, 4, 2)).toMatchObject({ experts: 64, active: 8, computeInExperts: 2, paramsInExperts: 16, routerVectors: 64 });
    expect(combinations(3, 5)).toBe(0n);
    expect(combinations(256, 8)).toBe(409663695276000n);
    expect(() => combinations(2.5, 1)).toThrow(/whole numbers/);
  });

  /** The same count by brute force: every K-subset of E experts, kept when it touches at most topkGroup groups. */
  const enumerate = (E: number, G: number, topkGroup: number, K: number): bigint => {
    let count = 0n;
    for (let mask = 0; mask < 1 << E; mask++) {
      const members = Array.from({ length: E }, (_, e) => e).filter((e) => mask & (1 << e));
      if (members.length === K && new Set(members.map((e) => Math.floor(e / (E / G)))).size <= topkGroup) count++;
    }
    return count;
  };

  it('counts the sets a group-limited router can reach, as enumeration does', () => {
    expect(reachableCombinations(8, 2, 1, 2)).toBe(12n);
    expect(reachableCombinations(8, 2, 2, 2)).toBe(28n);
    for (const [E, G, t, K] of [[8, 2, 1, 2], [12, 4, 2, 3], [16, 4, 2, 4], [16, 8, 3, 5], [18, 6, 6, 4]] as const) {
      expect(reachableCombinations(E, G, t, K), `${E} ${G} ${t} ${K}`).toBe(enumerate(E, G, t, K));
    }
    expect(reachableCombinations(16, 4, 4, 5)).toBe(combinations(16, 5)); // every group allowed: no limit
    expect(() => reachableCombinations(10, 4, 2, 2)).toThrow(/equal groups/);
  });

  it('counts DeepSeek-V3’s reachable sets: 8 of 256 experts within 4 of 8 groups', () => {
    const v3 = reachableCombinations(256, 8, 4, 8);
    expect(v3).toBe(71614201382880n);
    expect(Number(v3) / Number(combinations(256, 8))).toBeCloseTo(0.1748, 4);
  });

  it('reads expert widths from the configs', () => {
    const [mini, v2, v3] = expertWidths(loadModelDir().model.config);
    expect([mini!.expert, v2!.expert, v3!.expert]).toEqual([32, 1536, 2048]);
    expect(v3!.perToken).toBe(9 * 2048);
    expect(v3!.perToken).toBe(v3!.dense);
    // (2 + 6) × 1536 = 12,288, inter_dim of config_236B.json: the same identity for V2.
    expect(v2!.perToken).toBe(12288);
    expect(v2!.dense).toBe(12288);
    expect(v3!.groups).toEqual({ groups: 8, kept: 4 });
  });
});

describe('fewestSurePositive', () => {
  it('counts, per group, the experts whose bias alone keeps s + b positive, and returns the smallest count', () => {
    expect(fewestSurePositive([0.1, -2, 0.3, 0.2], 2)).toBe(1);
    expect(fewestSurePositive([0, 0, -0.5, 1], 2)).toBe(1);
    expect(fewestSurePositive([-0.1, -0.2, 0.3, 0.2], 2)).toBe(0);
    expect(() => fewestSurePositive([1, 2, 3], 2)).toThrow(/equal groups/);
  });

  it('with MiniSeek’s trained biases, every group of every MoE layer has at least K sure-positive experts (the chapter says exactly 12 pairs can occur)', () => {
    const { model } = loadModelDir();
    const c = model.config;
    for (const l of [1, 2]) {
      const bias = weight(model.weights, `model.layers.${l}.mlp.gate.e_score_correction_bias`).data;
      expect(fewestSurePositive(bias, c.n_group), `layer ${l}`).toBeGreaterThanOrEqual(c.num_experts_per_tok);
    }
  });
});
