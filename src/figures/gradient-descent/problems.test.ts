import { describe, expect, it } from 'vitest';
import { curvatureAlong, slowerDirection, taylorCheck } from '../../foundations/descent';
import { directionText } from './gd-view';
import { DEFAULTS, LINE_BEST, LINE_COST, LINE_CURVATURE, LR_PRESETS, WELL_COST, WELL_OTHER_START, WELL_STATIONARY, descentRun } from './problems';

/** The chapter's prose describes these runs in words; the words hold only while these do. */
describe('the chapter’s runs', () => {
  it('starts from the flat line y = 3, as the prose says, and converges to the least-squares line', () => {
    expect(DEFAULTS.line.start).toEqual([0, 3]);
    const r = descentRun('line', DEFAULTS.line);
    expect(r.outcome).toBe('converged');
    const end = r.path.at(-1)!;
    expect(Math.hypot(end.a - LINE_BEST.a, end.b - LINE_BEST.b)).toBeLessThan(0.01);
    expect(LINE_COST.f(...DEFAULTS.line.start)).toBeGreaterThan(10 * LINE_BEST.cost);
    expect(LINE_BEST.cost).toBeGreaterThan(0); // no line passes through every point
  });

  it('crawls, converges, zig-zags and diverges with the four learning rates, as the prose says', () => {
    const [small, moderate, near, past] = LR_PRESETS.map((p) => descentRun('line', { start: DEFAULTS.line.start, lr: p.lr }));
    expect(small!.outcome).toBe('converged');
    expect(small!.steps).toBeGreaterThan(5 * moderate!.steps);
    expect(moderate!.outcome).toBe('converged');
    expect(near!.outcome).toBe('converged');
    expect(near!.reversals).toBeGreaterThan(near!.steps / 2);
    expect(past!.outcome).toBe('diverged');
    // The limit 2/λ_max lies between the last two.
    expect(LR_PRESETS[2].lr).toBeLessThan(LINE_CURVATURE.limit);
    expect(LR_PRESETS[3].lr).toBeGreaterThan(LINE_CURVATURE.limit);
    // "each step removes half a percent": the flat direction's factor at η = 0.01.
    expect(1 - LR_PRESETS[0].lr * LINE_CURVATURE.min).toBeCloseTo(0.995, 9);
  });

  it('ends the two double-well starts in different valleys, the default one in the local minimum', () => {
    const mine = descentRun('well', DEFAULTS.well);
    const other = descentRun('well', { start: WELL_OTHER_START, lr: DEFAULTS.well.lr });
    expect(mine.outcome).toBe('converged');
    expect(other.outcome).toBe('converged');
    expect(mine.path.at(-1)!.a).toBeGreaterThan(0.9);
    expect(other.path.at(-1)!.a).toBeLessThan(-0.9);
    expect(other.path.at(-1)!.cost).toBeLessThan(mine.path.at(-1)!.cost);
  });

  it('explains the four rates as the prose does', () => {
    const k = LINE_CURVATURE;
    const [small, moderate, near, past] = LR_PRESETS.map((p) => descentRun('line', { start: DEFAULTS.line.start, lr: p.lr }));
    // "every step after the first points back against the one before" (the prose says so only while this holds).
    expect(near!.reversals).toBe(near!.steps - 1);
    // "the flat direction is the slower one" at the two small rates; at 0.24, "past the best rate", the steep zig-zag.
    expect(slowerDirection(k, LR_PRESETS[0].lr)).toBe('flat');
    expect(slowerDirection(k, LR_PRESETS[1].lr)).toBe('flat');
    expect(LR_PRESETS[2].lr).toBeGreaterThan(k.bestRate);
    expect(slowerDirection(k, LR_PRESETS[2].lr)).toBe('steep');
    // "a little less far each time" / "a little farther": the steep factor just inside and just outside −1.
    expect(1 - LR_PRESETS[2].lr * k.max).toBeGreaterThan(-1);
    expect(1 - LR_PRESETS[2].lr * k.max).toBeLessThan(-0.8);
    expect(1 - LR_PRESETS[3].lr * k.max).toBeLessThan(-1);
    expect(1 - LR_PRESETS[3].lr * k.max).toBeGreaterThan(-1.2);
    // The best rate converges faster than any of the four.
    const best = descentRun('line', { start: DEFAULTS.line.start, lr: k.bestRate });
    expect(best.outcome).toBe('converged');
    for (const r of [small, moderate, near]) expect(best.steps).toBeLessThan(r!.steps);
    expect(past!.outcome).toBe('diverged');
    // The steep and flat directions are tilted away from the axes (so per-weight scaling helps "only" a little).
    for (const v of [k.steep, k.flat]) for (const c of v) expect(Math.abs(c)).toBeGreaterThan(0.3);
    expect(directionText(k.steep)).toBe('(2, 1)');
    expect(directionText(k.flat)).toBe('(−1, 2)');
    expect(k.axisRatio).toBeGreaterThan(k.ratio / 2);
  });

  it('has the double well’s saddle between the two starts, so they end in different valleys', () => {
    expect(WELL_OTHER_START[0]).toBeLessThan(WELL_STATIONARY.saddle);
    expect(DEFAULTS.well.start[0]).toBeGreaterThan(WELL_STATIONARY.saddle);
    expect(WELL_STATIONARY.saddle).toBeGreaterThan(0); // the divide is not at a = 0: the tilt moves it
    expect(WELL_COST.grad(WELL_STATIONARY.saddle, 0)[0]).toBeCloseTo(0, 12);
  });

  it('misses the Taylor prediction at the start by the same amount both ways', () => {
    const t = taylorCheck(LINE_COST, DEFAULTS.line.start, 0.01);
    const up = t.up.actual - t.up.predicted;
    const down = t.down.actual - t.down.predicted;
    expect(Math.abs(up - down)).toBeLessThan(1e-12);
    expect(up).toBeCloseTo(0.5 * 0.01 ** 2 * curvatureAlong(LINE_CURVATURE.hessian, LINE_COST.grad(...DEFAULTS.line.start)), 12);
    expect(up).toBeGreaterThan(0);
  });
});
