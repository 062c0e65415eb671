import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { V3_YARN, correctionDim, ropeThetas, softmaxScaleMultiplier, yarn, yarnMscale } from './rope-frequencies';

const TAU = 2 * Math.PI;

describe('ropeThetas', () => {
  it('gives θ_0 = 1 and θ_1 = 10000^(−1/32) for V3’s 64 rotated dimensions', () => {
    const pairs = ropeThetas(64, 10000);
    expect(pairs).toHaveLength(32);
    // θ_0 = 10000^0 = 1, so pair 0 turns once every 2π ≈ 6.283 positions.
    expect(pairs[0]!.theta).toBe(1);
    expect(pairs[0]!.wavelength).toBeCloseTo(6.2832, 4);
    // θ_1 = 10000^(−2/64) = 10000^(−1/32) = e^(−9.21034/32) = e^(−0.287823) ≈ 0.749894.
    expect(pairs[1]!.theta).toBeCloseTo(0.749894, 6);
    // θ_16 = 10000^(−32/64) = 10000^(−1/2) = 0.01, λ = 2π · 100 ≈ 628.3.
    expect(pairs[16]!.theta).toBeCloseTo(0.01, 12);
    expect(pairs[16]!.wavelength).toBeCloseTo(628.3185, 4);
  });

  it('matches MiniSeek’s own config: d = 8, base 10000, so θ = 1, 0.1, 0.01, 0.001', () => {
    const config = JSON.parse(readFileSync('public/models/miniseek/config.json', 'utf8')) as {
      qk_rope_head_dim: number;
      rope_theta: number;
      max_position_embeddings: number;
    };
    expect(config.qk_rope_head_dim).toBe(8);
    expect(config.rope_theta).toBe(10000);
    const pairs = ropeThetas(config.qk_rope_head_dim, config.rope_theta);
    // θ_i = 10000^(−2i/8) = 10^(−i): 1, 0.1, 0.01, 0.001.
    [1, 0.1, 0.01, 0.001].forEach((theta, i) => expect(pairs[i]!.theta).toBeCloseTo(theta, 14));
    // λ_i = 2π · 10^i ≈ 6.28, 62.8, 628, 6283: within MiniSeek's 128 positions only pairs 1 and 2 complete a turn.
    const turns = pairs.map((p) => config.max_position_embeddings / p.wavelength);
    expect(config.max_position_embeddings).toBe(128);
    expect(turns[0]).toBeCloseTo(128 / TAU, 10); // ≈ 20.37
    expect(turns.filter((r) => r >= 1)).toHaveLength(2);
  });

  it('rejects an odd width', () => {
    expect(() => ropeThetas(7, 10000)).toThrow(/even/);
  });
});

describe('yarn with DeepSeek-V3’s settings (d 64, base 10000, s 40, L 4096, β_fast 32, β_slow 1)', () => {
  const v3 = yarn(V3_YARN);

  it('finds the reference’s correction range: low 10, high 23', () => {
    // ln 10000 = 9.21034, so the denominator is 2 · 9.21034 = 18.42068.
    // β_fast: ln(4096 / (32 · 2π)) = ln(20.3718) = 3.01415; 64 · 3.01415 / 18.42068 ≈ 10.472 → floor 10.
    expect(correctionDim(32, 64, 10000, 4096)).toBeCloseTo(10.4722, 3);
    // β_slow: ln(4096 / 2π) = ln(651.899) = 6.47989; 64 · 6.47989 / 18.42068 ≈ 22.513 → ceil 23.
    expect(correctionDim(1, 64, 10000, 4096)).toBeCloseTo(22.5134, 3);
    expect(v3.low).toBe(10);
    expect(v3.high).toBe(23);
  });

  it('keeps fast pairs, divides slow ones by 40 and blends in between', () => {
    const p = v3.pairs;
    // Pair 5: i ≤ low, ramp 0, θ' = θ. It turns 4096 / λ_5 = 4096 · 10000^(−10/64) / 2π ≈ 154.6 times in 4K.
    expect(p[5]!.kind).toBe('unchanged');
    expect(p[5]!.thetaScaled).toBe(p[5]!.theta);
    expect(p[5]!.rotations).toBeCloseTo(154.59, 2);
    // Pair 10 is the last unchanged one: ramp (10 − 10)/13 = 0.
    expect(p[10]!.kind).toBe('unchanged');
    expect(p[11]!.kind).toBe('blended');
    // Pair 16: ramp (16 − 10) / (23 − 10) = 6/13; θ' = θ/40 · 6/13 + θ · 7/13, θ_16 = 0.01.
    expect(p[16]!.ramp).toBeCloseTo(6 / 13, 12);
    expect(p[16]!.thetaScaled).toBeCloseTo(0.01 * ((6 / 13) / 40 + 7 / 13), 14); // ≈ 0.0054992
    // Pair 30: ramp (30 − 10)/13 > 1, clamped to 1, so θ' = θ/40.
    expect(p[30]!.kind).toBe('interpolated');
    expect(p[30]!.thetaScaled).toBeCloseTo(p[30]!.theta / 40, 18);
    expect(p[30]!.wavelengthScaled).toBeCloseTo(p[30]!.wavelength * 40, 6);
    // Pair 23 is the first with ramp exactly 1.
    expect(p[22]!.kind).toBe('blended');
    expect(p[23]!.kind).toBe('interpolated');
    expect(p.filter((x) => x.kind === 'unchanged')).toHaveLength(11); // pairs 0…10
    expect(p.filter((x) => x.kind === 'blended')).toHaveLength(12); // pairs 11…22
    expect(p.filter((x) => x.kind === 'interpolated')).toHaveLength(9); // pairs 23…31
  });

  it('never makes a pair turn faster, and the ramp only grows with i', () => {
    for (const x of v3.pairs) expect(x.thetaScaled).toBeLessThanOrEqual(x.theta);
    for (let i = 1; i < v3.pairs.length; i++) expect(v3.pairs[i]!.ramp).toBeGreaterThanOrEqual(v3.pairs[i - 1]!.ramp);
  });
});

describe('yarn edge cases', () => {
  it('widens a zero-width ramp by 0.001 as the reference does (low == high)', () => {
    // d 8, base 10000, L 4: β_fast: 8 · ln(4 / 64π) / 18.42068 = 8 · (−3.91723) / 18.42068 ≈ −1.701 → floor −2 → max 0.
    // β_slow: 8 · ln(4 / 2π) / 18.42068 = 8 · (−0.45158) / 18.42068 ≈ −0.196 → ceil −0 → min(−0, 7) = 0.
    const r = yarn({ d: 8, base: 10000, factor: 4, originalLength: 4, betaFast: 32, betaSlow: 1 });
    expect(r.low).toBe(0);
    expect(Object.is(r.high, 0)).toBe(true); // not −0
    // ramp_i = clamp((i − 0) / 0.001, 0, 1): 0 for pair 0, 1 (clamped from 1000, 2000, 3000) for the others.
    expect(r.pairs.map((p) => p.ramp)).toEqual([0, 1, 1, 1]);
    expect(r.pairs.map((p) => p.kind)).toEqual(['unchanged', 'interpolated', 'interpolated', 'interpolated']);
  });

  it('applied to MiniSeek’s d = 8 over its 128 positions, ramps pairs 0 → 2', () => {
    // β_fast: 8 · ln(128 / 64π) / 18.42068 = 8 · (−0.45158) / 18.42068 ≈ −0.196 → floor −1 → max 0.
    // β_slow: 8 · ln(128 / 2π) / 18.42068 = 8 · 3.01415 / 18.42068 ≈ 1.309 → ceil 2.
    const r = yarn({ d: 8, base: 10000, factor: 4, originalLength: 128, betaFast: 32, betaSlow: 1 });
    expect([r.low, r.high]).toEqual([0, 2]);
    expect(r.pairs.map((p) => p.ramp)).toEqual([0, 0.5, 1, 1]);
    // Pair 1: θ' = 0.1/4 · 0.5 + 0.1 · 0.5 = 0.0625.
    expect(r.pairs[1]!.thetaScaled).toBeCloseTo(0.0625, 14);
  });

  it('keeps the reference’s clamp of high to d − 1, so the slowest pair can stay partly blended', () => {
    // d 8, base 10000, L 100000. β_fast: 8 · ln(100000 / 64π) / 18.42068 = 8 · ln(497.36) / 18.42068
    //   = 8 · 6.2093 / 18.42068 ≈ 2.697 → floor 2. β_slow: 8 · ln(100000 / 2π) / 18.42068 = 8 · ln(15915.5) / 18.42068
    //   = 8 · 9.6750 / 18.42068 ≈ 4.202 → ceil 5 → min(5, 8 − 1) = 5, past the last pair (3).
    const r = yarn({ d: 8, base: 10000, factor: 4, originalLength: 100000, betaFast: 32, betaSlow: 1 });
    expect([r.low, r.high]).toEqual([2, 5]);
    // Pair 3: ramp (3 − 2) / (5 − 2) = 1/3, so no pair is fully interpolated.
    expect(r.pairs[3]!.ramp).toBeCloseTo(1 / 3, 12);
    expect(r.pairs.map((p) => p.kind)).toEqual(['unchanged', 'unchanged', 'unchanged', 'blended']);
  });
});

describe('YaRN’s attention temperature', () => {
  it('gives √t = 0.1 ln 40 + 1 and the softmax-scale multiplier mscale²', () => {
    // ln 40 = ln 4 + ln 10 = 1.386294 + 2.302585 = 3.688879, so √t = 0.3688879 + 1 = 1.3688879.
    expect(yarnMscale(40)).toBeCloseTo(1.36889, 5);
    // 1.3688879² = 1.873854.
    expect(softmaxScaleMultiplier(40)).toBeCloseTo(1.873854, 5);
    // No extension, no change: ln 1 = 0.
    expect(yarnMscale(1)).toBe(1);
    // The config's mscale multiplies the 0.1: 0.1 · 0.707 · ln 40 + 1.
    expect(yarnMscale(40, 0.707)).toBeCloseTo(0.0707 * 3.688879 + 1, 6);
  });
});
