import { describe, expect, it } from 'vitest';
import { costGrid, descend, doubleWell, lineFit } from './descent';

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
});
