import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ATTENTION_KINDS,
  CONTEXT_STEPS,
  KV_PRESETS,
  cacheBytes,
  elementsPerToken,
  elementsPerTokenPerLayer,
  formatBytes,
  formatCount,
  formatRatio,
  formatTokens,
  gqaEquivalentGroups,
  ratioToMha,
  shapeFromConfig,
  substitutedFormula,
  v2CacheClaim,
} from './kv-cache';

const v2 = KV_PRESETS['deepseek-v2'];
const v3 = KV_PRESETS['deepseek-v3'];
const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const nbsp = '\u00a0';

describe('DeepSeek-V3 numbers derived in deepseek-facts.md', () => {
  it('caches 512 + 64 = 576 elements per token per layer with MLA', () => {
    expect(elementsPerTokenPerLayer('MLA', v3)).toBe(576);
    expect(substitutedFormula('MLA', v3)).toBe('(512 + 64) × 61');
  });

  it('caches 35,136 elements per token over 61 layers, 68.6 KiB in BF16', () => {
    expect(elementsPerToken('MLA', v3)).toBe(35_136);
    expect(cacheBytes('MLA', v3, 1)).toBe(70_272);
    expect(cacheBytes('MLA', v3, 1) / KiB).toBe(68.625);
    expect(formatBytes(cacheBytes('MLA', v3, 1))).toBe(`68.6${nbsp}KiB`);
  });

  it('would cache 32,768 per layer with MHA, about 57× more (576/32,768 = 1.76%)', () => {
    expect(elementsPerTokenPerLayer('MHA', v3)).toBe(32_768);
    expect(ratioToMha('MLA', v3)).toBeCloseTo(56.9, 1);
    expect(576 / 32_768).toBeCloseTo(0.0176, 4);
    expect(formatRatio(ratioToMha('MLA', v3))).toBe('56.9×');
  });

  it('would cache 3.81 MiB per token over 61 layers with MHA', () => {
    expect(cacheBytes('MHA', v3, 1)).toBe(3_997_696);
    expect(cacheBytes('MHA', v3, 1) / MiB).toBe(3.8125);
    expect(formatBytes(cacheBytes('MHA', v3, 1))).toBe(`3.81${nbsp}MiB`);
  });

  it('needs about 8.6 GiB (MLA) against 488 GiB (MHA) at 128K context, batch 1', () => {
    const context = 128 * 1024;
    expect(context).toBe(131_072);
    expect(cacheBytes('MLA', v3, context) / GiB).toBeCloseTo(8.58, 2);
    expect(cacheBytes('MHA', v3, context) / GiB).toBe(488);
    expect(formatBytes(cacheBytes('MLA', v3, context))).toBe(`8.58${nbsp}GiB`);
    expect(formatBytes(cacheBytes('MHA', v3, context))).toBe(`488${nbsp}GiB`);
  });

  it('equals GQA with 2.25 groups', () => {
    expect(gqaEquivalentGroups(v3)).toBe(2.25);
    expect(elementsPerTokenPerLayer('GQA', { ...v3, groups: gqaEquivalentGroups(v3) })).toBe(576);
  });
});

describe('DeepSeek-V2 (V2 §2.1.4: d_c = 4 d_h, d_h^R = d_h / 2)', () => {
  it('has the ratios the paper states', () => {
    expect(v2.latentDim).toBe(4 * v2.headDim);
    expect(v2.ropeDim).toBe(v2.headDim / 2);
  });

  it('caches (9/2)·d_h·l elements per token with MLA, i.e. GQA with 2.25 groups', () => {
    expect(elementsPerToken('MLA', v2)).toBe((9 / 2) * v2.headDim * v2.layers);
    expect(elementsPerToken('MLA', v2)).toBe(34_560);
    expect(gqaEquivalentGroups(v2)).toBe(2.25);
  });
});

describe('the four formulas', () => {
  it('make GQA into MHA with n_g = n_h and into MQA with n_g = 1', () => {
    expect(elementsPerToken('GQA', { ...v3, groups: v3.heads })).toBe(elementsPerToken('MHA', v3));
    expect(elementsPerToken('GQA', { ...v3, groups: 1 })).toBe(elementsPerToken('MQA', v3));
  });

  it('use 8 GQA groups for the large models and half the heads for MiniSeek', () => {
    expect(v3.groups).toBe(8);
    expect(v2.groups).toBe(8);
    expect(KV_PRESETS.miniseek.groups).toBe(2);
  });

  it('scale linearly with context and batch', () => {
    for (const kind of ATTENTION_KINDS) {
      expect(cacheBytes(kind, v3, 4096, 3)).toBe(cacheBytes(kind, v3, 1) * 4096 * 3);
    }
  });
});

describe('MiniSeek preset', () => {
  it('matches the shipped checkpoint config', () => {
    const url = new URL('../../../public/models/miniseek/config.json', import.meta.url);
    const config = JSON.parse(readFileSync(url, 'utf8'));
    expect(KV_PRESETS.miniseek).toEqual(shapeFromConfig('MiniSeek', config));
    expect(KV_PRESETS.miniseek).toMatchObject({ layers: 3, heads: 4, headDim: 16, latentDim: 16, ropeDim: 8 });
    expect(elementsPerTokenPerLayer('MLA', KV_PRESETS.miniseek)).toBe(24);
  });
});

describe('formatting', () => {
  it('uses binary units and three significant figures', () => {
    expect(formatBytes(512)).toBe(`512${nbsp}B`);
    expect(formatBytes(1024)).toBe(`1${nbsp}KiB`);
    expect(formatBytes(1536)).toBe(`1.5${nbsp}KiB`);
    expect(formatBytes(10.25 * MiB)).toBe(`10.3${nbsp}MiB`);
    expect(formatBytes(2 * 1024 * GiB)).toBe(`2${nbsp}TiB`);
  });

  it('writes counts, ratios and context lengths the way the chapter does', () => {
    expect(formatCount(35_136)).toBe('35,136');
    expect(formatRatio(16)).toBe('16×');
    expect(formatRatio(128)).toBe('128×');
    expect(CONTEXT_STEPS.map(formatTokens)).toEqual(['1K', '2K', '4K', '8K', '16K', '32K', '64K', '128K']);
  });
});

describe('v2CacheClaim', () => {
  it('reproduces V2\'s 93.3 % only with the deployed 6-bit cache against DeepSeek 67B\'s GQA in BF16', () => {
    const claim = v2CacheClaim();
    // 67B: 2 × 8 KV heads × 128 × 95 layers × 2 bytes; V2: (512 + 64) × 60 layers.
    expect(claim.baselineBytes).toBe(2 * 8 * 128 * 95 * 2);
    expect(claim.v2Bf16Bytes).toBe((512 + 64) * 60 * 2);
    expect(claim.v2DeployedBytes).toBe(((512 + 64) * 60 * 6) / 8);
    expect(Math.round(claim.reductionDeployed * 1000) / 10).toBe(93.3);
    expect(Math.round(claim.reductionBf16 * 100)).toBe(82);
    // Per layer MLA alone cuts 1 − 576/2048 ≈ 72 %; V2's 60 layers against 95 do the rest.
    expect(claim.reductionPerLayer).toBeCloseTo(1 - 576 / 2048, 12);
    expect(1 - (1 - claim.reductionPerLayer) * (claim.layers.v2 / claim.layers.baseline)).toBeCloseTo(claim.reductionBf16, 12);
  });
});
