import { describe, expect, it } from 'vitest';
import { costGrid, descend, doubleWell, leastSquares, lineFit, lineFitCurvature, run, taylorCheck } from './descent';

const POINTS: [number, number][] = [[0, 1.1], [1, 2.9], [2, 5.2], [3, 6.8]];

describe('gradient descent on two-parameter costs', () => {
  it('has the gradients it says it has (central differences)', () => {
    for (const cost of [lineFit(POINTS), doubleWell()]) {
      for (const [a, b] of [[0.3, -0.7], [1.9, 2.2], [-1.2, 0.4]] as const) {
        const h = 1e-6;
        const [ga, gb] = cost.grad(a, b);
        expect(ga).toBeCloseTo((cost.f(a + h, b) - cost.f(a - h, b)) / (2 * h), 5);
        expect(gb).toBeCloseTo((cost.f(a, b + h) - cost.f(a, b - h)) / (2 * h), 5);
      }
    }
  });

  it('finds the least-squares line from any start on the convex bowl', () => {
    // The closed-form least-squares fit of POINTS.
    const n = POINTS.length;
    const mx = POINTS.reduce((s, [x]) => s + x, 0) / n;
    const my = POINTS.reduce((s, [, y]) => s + y, 0) / n;
    const slope = POINTS.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / POINTS.reduce((s, [x]) => s + (x - mx) ** 2, 0);
    for (const start of [[-1, -3], [5, 5], [0, 4]] as const) {
      const end = descend(lineFit(POINTS), start, 0.05, 3000).at(-1)!;
      expect(end.a).toBeCloseTo(slope, 4);
      expect(end.b).toBeCloseTo(my - slope * mx, 4);
    }
  });

  it('lands in the valley its start leads to on the double well: the deeper one, or the local minimum', () => {
    const well = doubleWell(0.3);
    const left = descend(well, [-0.3, 1], 0.05, 500).at(-1)!;
    const right = descend(well, [0.3, 1], 0.05, 500).at(-1)!;
    expect(left.a).toBeLessThan(-0.9);
    expect(right.a).toBeGreaterThan(0.9);
    expect(left.cost).toBeLessThan(right.cost - 0.5); // the local minimum is clearly worse
    for (const end of [left, right]) expect(Math.hypot(...well.grad(end.a, end.b))).toBeLessThan(1e-6);
  });

  it('overshoots and diverges when the step is too large, and stops where the cost blows up', () => {
    const path = descend(lineFit(POINTS), [0, 0], 0.5, 200);
    expect(path.at(-1)!.cost).toBeGreaterThan(path[0]!.cost);
    expect(path.every((s) => Number.isFinite(s.cost))).toBe(true);
    expect(() => descend(lineFit(POINTS), [0, 0], 0, 10)).toThrow(/learning rate/);
  });

  it('tabulates the cost for a contour plot', () => {
    const g = costGrid(doubleWell(), 5);
    expect(g.a).toEqual([-2, -1, 0, 1, 2]);
    expect(g.z[2]![2]).toBeCloseTo(doubleWell().f(0, 0), 12);
    expect(g.z).toHaveLength(5);
  });

  it('finds the closed-form least-squares line, and refuses points that share one x', () => {
    const best = leastSquares([[0, 1], [1, 3], [2, 5]]);
    expect(best.a).toBeCloseTo(2, 12);
    expect(best.b).toBeCloseTo(1, 12);
    expect(best.cost).toBeCloseTo(0, 12);
    const fit = leastSquares(POINTS);
    expect(Math.hypot(...lineFit(POINTS).grad(fit.a, fit.b))).toBeLessThan(1e-12);
    expect(() => leastSquares([[1, 0], [1, 2]])).toThrow(/same x/);
  });

  it('gives the bowl’s curvature as the Hessian’s eigenvalues, and 2/λ_max as the edge of divergence', () => {
    const k = lineFitCurvature(POINTS);
    // H = (2/n)[[Σx², Σx], [Σx, n]]: its trace and determinant are the eigenvalues' sum and product.
    const n = POINTS.length;
    const sx = POINTS.reduce((s, [x]) => s + x, 0);
    const sxx = POINTS.reduce((s, [x]) => s + x * x, 0);
    expect(k.max + k.min).toBeCloseTo((2 * sxx) / n + 2, 12);
    expect(k.max * k.min).toBeCloseTo(((2 * sxx) / n) * 2 - ((2 * sx) / n) ** 2, 12);
    const cost = lineFit(POINTS);
    expect(run(cost, [0, 0], k.limit * 0.98).outcome).toBe('converged');
    expect(run(cost, [0, 0], k.limit * 1.02).outcome).toBe('diverged');
  });

  it('runs until converged, diverged or out of steps, and counts the zig-zags', () => {
    const cost = lineFit(POINTS);
    const done = run(cost, [0, 0], 0.05);
    expect(done.outcome).toBe('converged');
    expect(done.path).toHaveLength(done.steps + 1);
    expect(Math.hypot(...cost.grad(done.path.at(-1)!.a, done.path.at(-1)!.b))).toBeLessThan(1e-3);
    const blown = run(cost, [0, 0], 1);
    expect(blown.outcome).toBe('diverged');
    expect(blown.path.at(-1)!.cost).toBeGreaterThan(1e6);
    expect(blown.reversals).toBe(blown.steps - 1); // every step points back against the one before
    const short = run(cost, [0, 0], 0.001, { maxSteps: 3 });
    expect(short).toMatchObject({ outcome: 'unfinished', steps: 3 });
    expect(() => run(cost, [0, 0], Number.NaN)).toThrow(/learning rate/);
  });

  it('matches the first-order Taylor prediction up to a term of order ε²', () => {
    for (const cost of [lineFit(POINTS), doubleWell()]) {
      const small = taylorCheck(cost, [0.3, 0.7], 1e-3);
      const large = taylorCheck(cost, [0.3, 0.7], 1e-2);
      expect(small.up.actual).toBeGreaterThan(0);
      expect(small.down.actual).toBeLessThan(0);
      expect(small.up.predicted).toBeCloseTo(1e-3 * small.norm, 12);
      const e1 = Math.abs(small.up.actual - small.up.predicted);
      const e2 = Math.abs(large.up.actual - large.up.predicted);
      expect(e2 / e1).toBeGreaterThan(80); // ×10 in ε, ×100 in the error
      expect(e2 / e1).toBeLessThan(120);
    }
  });
});
