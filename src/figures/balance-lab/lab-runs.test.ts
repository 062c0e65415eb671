import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { DEFAULT_RUN, DEFAULT_SETTINGS } from './balance-engine';
import { labRun, ratioRange, settledBelow, type RunHistory } from './lab-runs';
import { SentenceStream } from './sentence-stream';
import { DEFAULT_START } from './start-states';

describe('labRun helpers on a hand-made history', () => {
  const run: RunHistory = { ratios: [[3, 2], [1.5, 1.05], [1.05, 1.25], [1.08, 1.02], [1.01, 1.04]] };
  it('gives a layer’s range over a span of steps', () => {
    expect(ratioRange(run, 0)).toEqual({ low: 1.01, high: 3 });
    expect(ratioRange(run, 1, 2)).toEqual({ low: 1.02, high: 1.25 });
  });
  it('finds the step after which every layer stays below a bound, or null', () => {
    expect(settledBelow(run, 1.1)).toBe(3);
    expect(settledBelow(run, 1.3)).toBe(2);
    expect(settledBelow(run, 1)).toBeNull();
  });
});

// The chapter's claims about what the reader will see in the lab, on the lab's own stream and the shipped model.
describe('what the lab shows (sparse-mixture-of-experts prose)', () => {
  const loaded = loadModelDir();
  const stream = new SentenceStream(loaded);
  const frozen = labRun(loaded, stream, 'trained', { ...DEFAULT_SETTINGS, gamma: 0 }, DEFAULT_RUN);
  const off = labRun(loaded, stream, 'trained', { ...DEFAULT_SETTINGS, biasOn: false }, DEFAULT_RUN);
  const moving = labRun(loaded, stream, 'trained', DEFAULT_SETTINGS, DEFAULT_RUN);
  const fast = labRun(loaded, stream, DEFAULT_START, { ...DEFAULT_SETTINGS, gamma: 0.1 }, DEFAULT_RUN);
  const normal = labRun(loaded, stream, DEFAULT_START, DEFAULT_SETTINGS, DEFAULT_RUN);

  it('the trained biases, frozen, do not balance the lab’s single-sentence stream; off is no better', () => {
    for (const l of [0, 1]) {
      expect(ratioRange(frozen, l).low).toBeGreaterThan(1.2);
      expect(ratioRange(off, l).low).toBeGreaterThan(1.3);
    }
  });

  it('the lab’s default γ balances the same start within 50 steps', () => {
    const settled = settledBelow(moving, 1.2);
    expect(settled).not.toBeNull();
    expect(settled!).toBeLessThanOrEqual(50);
  });

  it('γ = 0.1 overshoots: the load stays well above the default γ’s over the last 100 steps', () => {
    const tail = DEFAULT_RUN - 100;
    const worst = (run: RunHistory) => Math.max(ratioRange(run, 0, tail).low, ratioRange(run, 1, tail).low);
    expect(worst(fast)).toBeGreaterThan(1.3);
    expect(Math.max(ratioRange(normal, 0, tail).high, ratioRange(normal, 1, tail).high)).toBeLessThan(1.2);
  });
});
