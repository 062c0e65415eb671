import { describe, expect, it } from 'vitest';
import { costGrid, curvatureAlong, descend, doubleWell, doubleWellStationary, leastSquares, lineFit, lineFitCurvature, run, slowerDirection, taylorCheck } from './descent';

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

  it('gives the Hessian, its eigenvectors, the best rate and the ratio the prose states', () => {
    const k = lineFitCurvature(POINTS);
    const [[p, q], [q2, r]] = k.hessian;
    expect(q2).toBe(q);
    // H really is the matrix of second derivatives: the gradient changes by H·h for a step h.
    const cost = lineFit(POINTS);
    const g0 = cost.grad(0.4, -0.2);
    const g1 = cost.grad(0.4 + 1e-3, -0.2);
    expect((g1[0] - g0[0]) / 1e-3).toBeCloseTo(p, 6);
    expect((g1[1] - g0[1]) / 1e-3).toBeCloseTo(q, 6);
    expect(r).toBe(2);
    // ∇L(w) = H (w − w*).
    const best = leastSquares(POINTS);
    const [ga, gb] = cost.grad(1.3, 0.7);
    expect(ga).toBeCloseTo(p * (1.3 - best.a) + q * (0.7 - best.b), 10);
    expect(gb).toBeCloseTo(q * (1.3 - best.a) + r * (0.7 - best.b), 10);
    // The eigenvectors: unit length, perpendicular, and H only stretches them.
    for (const [v, lambda] of [[k.steep, k.max], [k.flat, k.min]] as const) {
      expect(Math.hypot(...v)).toBeCloseTo(1, 12);
      expect(p * v[0] + q * v[1]).toBeCloseTo(lambda * v[0], 10);
      expect(q * v[0] + r * v[1]).toBeCloseTo(lambda * v[1], 10);
      expect(curvatureAlong(k.hessian, v)).toBeCloseTo(lambda, 10);
    }
    expect(k.steep[0] * k.flat[0] + k.steep[1] * k.flat[1]).toBeCloseTo(0, 12);
    expect(k.steep[0]).toBeGreaterThanOrEqual(0);
    // The best rate makes both factors equal in size, the smallest the larger of the two can be (the worst case over
    // starts: a start along one direction alone may do better with another rate).
    const worst = (lr: number) => Math.max(Math.abs(1 - lr * k.max), Math.abs(1 - lr * k.min));
    expect(Math.abs(1 - k.bestRate * k.max)).toBeCloseTo(Math.abs(1 - k.bestRate * k.min), 12);
    for (const lr of [0.5, 0.9, 0.99, 1.01, 1.1]) expect(worst(k.bestRate * lr)).toBeGreaterThan(worst(k.bestRate));
    // At the cap the flat factor is 1 − 2λ_min/λ_max; below the cap it is larger.
    expect(1 - k.limit * k.min).toBeCloseTo(k.flatFloor, 12);
    expect(1 - 0.9 * k.limit * k.min).toBeGreaterThan(k.flatFloor);
    expect(k.ratio).toBeCloseTo(k.max / k.min, 12);
    // Rescaling each parameter by its own curvature helps, but leaves a tilted bowl's ratio above 1.
    expect(k.axisRatio).toBeLessThan(k.ratio);
    expect(k.axisRatio).toBeGreaterThan(1);
    // For a bowl whose axes are its eigen-directions the rescaling removes the ratio entirely.
    const square = lineFitCurvature([[-1, 0], [1, 0]]); // Σx = 0: H is diagonal
    expect(square.axisRatio).toBeCloseTo(1, 12);
    expect(square.hessian[0][1]).toBe(0);
  });

  it('says which direction is the slower to shrink', () => {
    const k = { max: 8, min: 0.5 };
    expect(slowerDirection(k, 0.01)).toBe('flat');
    expect(slowerDirection(k, 0.2)).toBe('flat'); // below 2/(λmax + λmin) ≈ 0.235
    expect(slowerDirection(k, 0.24)).toBe('steep');
  });

  it('finds the double well’s two bottoms and the saddle between them, which divides the starts', () => {
    const well = doubleWell(0.3);
    const { left, saddle, right } = doubleWellStationary(0.3);
    expect(left).toBeLessThan(saddle);
    expect(saddle).toBeLessThan(right);
    for (const a of [left, saddle, right]) expect(Math.abs(well.grad(a, 0)[0])).toBeLessThan(1e-12);
    // A saddle: ∂²f/∂a² = 12a² − 4 < 0 there (downhill both ways along a), ∂²f/∂b² = 2 > 0.
    expect(12 * saddle ** 2 - 4).toBeLessThan(0);
    // With a small η the line a = saddle divides the starts, whatever b.
    for (const b of [-1, 0.5, 1.4]) {
      expect(descend(well, [saddle - 0.01, b], 0.05, 800).at(-1)!.a).toBeCloseTo(left, 6);
      expect(descend(well, [saddle + 0.01, b], 0.05, 800).at(-1)!.a).toBeCloseTo(right, 6);
    }
    expect(() => doubleWellStationary(2)).toThrow(/one valley/);
  });

  it('misses the Taylor prediction by ½ε² times the curvature along the step, the same both ways, on a quadratic', () => {
    const cost = lineFit(POINTS);
    const k = lineFitCurvature(POINTS);
    const at: [number, number] = [0.2, 2.5];
    const eps = 0.01;
    const t = taylorCheck(cost, at, eps);
    const c = curvatureAlong(k.hessian, cost.grad(...at));
    expect(t.up.actual - t.up.predicted).toBeCloseTo(0.5 * eps * eps * c, 12);
    expect(t.down.actual - t.down.predicted).toBeCloseTo(0.5 * eps * eps * c, 12);
  });
});
