/**
 * Guards what the chapter says in words: about MiniSeek's own code, and the qualitative claims its computed numbers
 * stand beside ("rises to", "overshoots", "barely below", "loom largest relative to the smallest gradients"…). If the
 * code or a retraining changes them, this fails and the prose must follow.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../foundations/datasets';
import { forwardMlp } from '../../foundations/mlp';
import { DEFAULT_LAB_CONFIG as cfg, DEFAULT_SGD } from '../../foundations/lab-engine';
import { ADAMW_DEFAULTS, decayFor } from '../../train/adamw';
import { compareBatches, epochBatches } from './bp-batches';
import { layerCost } from './bp-cost';
import { equalCost, labRun, lossRange } from './bp-lab';
import { CHAPTER_NET } from './bp-settings';
import { FD_STEP, createTinyNet, gradientRows, maxAbsDifference, sizeRank, worstRow } from './bp-view';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const chapter = read('content/chapters/backpropagation.mdx');

describe('the autodiff step', () => {
  it('states gradcheck.test.ts’s step and tolerance as the test has them', () => {
    const test = read('src/model/gradcheck.test.ts');
    expect(test).toMatch(/\{ h = 1e-2, tol = 2e-2 \}/);
    expect(test).toContain('Math.max(1, Math.abs(numeric), Math.abs(analytic[i]!))');
    expect(test).toContain('(up - down) / (2 * h)');
    expect(chapter).toContain('$h = 10^{-2}$ (and $10^{-3}$ in two\n    cases, the expert gates and the balance loss)');
    expect(chapter).toContain('up to $2 \\times 10^{-2}$ of max(1,\n    |gradient|)');
    // The two cases that use 10⁻³ instead.
    expect(test.match(/\{ h: 1e-3 \}/g)).toHaveLength(2);
    expect(test).toMatch(/it\('gates, picked gates and scattered expert outputs'[\s\S]*?\{ h: 1e-3 \}\);\n  \}\);/);
    expect(test).toMatch(/balanceLoss\([^\n]*\{ h: 1e-3 \}\)/);
  });

  it('names the Tape and what backward does', () => {
    const tape = read('src/model/autodiff.ts');
    expect(tape).toContain('export class Tape');
    expect(tape).toContain('gradOf(loss)[0] = 1;');
    expect(tape).toMatch(/for \(let i = this\.steps\.length - 1; i >= 0; i--\)/);
  });

  it('says MiniSeek trains with AdamW, as its trainer does', () => {
    expect(read('src/train/trainer.ts')).toMatch(/new AdamW\(params\)/);
    expect(chapter).toContain('moves the weights with AdamW');
  });

  it('describes AdamW as adamw.ts does it: divided by a root, decoupled decay on matrices only, clipping first', () => {
    const adamw = read('src/train/adamw.ts');
    expect(adamw).toContain('w[i] = w[i]! * (1 - lr * decay) - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);');
    expect(adamw).toContain('const gi = g[i]! * clip;');
    expect(decayFor([4, 4], ADAMW_DEFAULTS.weightDecay)).toBe(ADAMW_DEFAULTS.weightDecay);
    expect(decayFor([4], ADAMW_DEFAULTS.weightDecay)).toBe(0);
    expect(chapter).toContain('divided by the square root of a running average of its square');
  });
});

const data = makeDataset(cfg.dataset, { points: cfg.points, noise: cfg.noise, seed: cfg.seed });
const N = data.length;
const B = DEFAULT_SGD.batch;

describe('the check step', () => {
  const rows = gradientRows(createTinyNet(CHAPTER_NET.activation, CHAPTER_NET.seed), data[0]!);
  const worst = worstRow(rows);

  it('has absolute differences of the size rounding and h² give, far below any chain-rule mistake', () => {
    expect(maxAbsDifference(rows)).toBeLessThan(1e-10);
    expect(maxAbsDifference(rows)).toBeGreaterThan((1e-16 / FD_STEP) / 100);
    // "not at 10⁻¹¹": the smallest gradient is eight orders of magnitude above the differences.
    expect(Math.min(...rows.map((r) => Math.abs(r.backprop)))).toBeGreaterThan(1e6 * maxAbsDifference(rows));
  });

  it('has its worst relative difference on one of the smallest gradients (the prose names its rank in words)', () => {
    expect(sizeRank(rows, worst)).toBeLessThanOrEqual(3);
    expect(chapter).toContain("the {ORDINAL[worstRank]}smallest");
  });
});

describe('the cost step', () => {
  it('explains why 2–3–1 beats 2P/3: a backward of less than two forwards, the first layer most of the work', () => {
    const c = layerCost([2, 3, 1]);
    expect(c.fdWork / c.bpWork).toBeGreaterThan((2 * c.params) / 3);
    expect(c.backward / c.forward).toBeLessThan(2);
    expect(c.firstLayer).toBeGreaterThan(c.forward / 2);
  });
});

describe('the noisy-gradient step', () => {
  const net = createTinyNet(CHAPTER_NET.activation, CHAPTER_NET.seed);
  const meanCos = (batch: number) => {
    const c = compareBatches(net, data, epochBatches(N, batch, cfg.seed));
    return c.batches.reduce((s, b) => s + b.cosine, 0) / c.batches.length;
  };

  it('“rises to”: batches of 64 point nearer the full gradient than batches of 16', () => {
    expect(meanCos(64)).toBeGreaterThan(meanCos(B));
  });

  it('“lopsided”: each batch that points away leans on the output the other way from the whole set', () => {
    // The output's error p − y, averaged: its sign says whether the gradient pushes p down (+) or up (−).
    const lean = (idx: readonly number[]) => idx.reduce((t, i) => t + forwardMlp(net, data[i]!.x, data[i]!.y).p - data[i]!.label, 0) / idx.length;
    const whole = lean(data.map((_, i) => i));
    const c = compareBatches(net, data, epochBatches(N, B, cfg.seed));
    const away = c.batches.filter((b) => b.cosine < 0);
    expect(away.length).toBeGreaterThan(0);
    for (const b of away) expect(Math.sign(lean(b.indices))).not.toBe(Math.sign(whole));
  });

  it('“cancel less”: batch gradients are on average longer than the full one', () => {
    const c = compareBatches(net, data, epochBatches(N, B, cfg.seed));
    expect(c.batches.reduce((s, b) => s + b.lengthRatio, 0) / c.batches.length).toBeGreaterThan(1);
  });

  it('at equal work, the full batch learns least, and one point per step jumps about', () => {
    const [all, sixteen, one] = equalCost(cfg, DEFAULT_SGD.lr, (300 * B) / N, [N, B, 1]);
    for (const r of [all!, sixteen!, one!]) expect(r.run.pointsSeen).toBe(((300 * B) / N) * N);
    expect(all!.steps).toBe((300 * B) / N);
    expect(all!.run.end).toBeGreaterThan(sixteen!.run.end);
    expect(all!.run.end).toBeGreaterThan(one!.run.end);
    expect(sixteen!.run.end).toBeLessThan(all!.run.start);
    const tail = lossRange(one!.run, 1500);
    expect(tail.max - tail.min).toBeGreaterThan(0.1);
    expect(tail.max).toBeGreaterThan(sixteen!.run.end);
  });
});

describe('the training-lab step', () => {
  it('“overshoots … jumps about … barely below the start”: the lr-3 run', () => {
    const run = labRun(cfg, { lr: 3, batch: B }, 300);
    expect(run.peak.loss).toBeGreaterThan(2 * run.start);
    expect(run.end).toBeLessThan(run.start);
    expect(run.start - run.end).toBeLessThan(0.05);
  });

  it('“still puts … on the wrong side”: the spiral after 2,000 steps', () => {
    const run = labRun({ ...cfg, dataset: 'spiral' }, DEFAULT_SGD, 2000);
    expect(run.wrong).toBeGreaterThan(0);
    expect(run.wrong).toBe(Math.round((1 - run.accuracy) * run.points));
  });
});
