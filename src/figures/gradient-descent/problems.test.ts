import { describe, expect, it } from 'vitest';
import { DEFAULTS, LINE_BEST, LINE_COST, LINE_CURVATURE, LR_PRESETS, WELL_OTHER_START, descentRun } from './problems';

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
});
