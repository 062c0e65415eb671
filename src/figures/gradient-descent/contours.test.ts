import { describe, expect, it } from 'vitest';
import { costGrid, doubleWell, lineFit } from '../../foundations/descent';
import { contourLevels, contourLines } from './contours';

describe('contour lines by marching squares', () => {
  it('traces a circle as one closed line whose points all lie on the level', () => {
    const bowl = { name: 'bowl', f: (a: number, b: number) => a * a + b * b, grad: (a: number, b: number): [number, number] => [2 * a, 2 * b], range: [[-2, 2], [-2, 2]] as const };
    const lines = contourLines(costGrid(bowl, 41), 1);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line[0]).toEqual(line.at(-1)); // closed
    for (const [a, b] of line) expect(Math.hypot(a, b)).toBeCloseTo(1, 2);
    expect(line.length).toBeGreaterThan(40);
  });

  it('finds the double well’s two separate valleys below the saddle, and one line above it', () => {
    const grid = costGrid(doubleWell(0.3), 81);
    // f(0, 0) = 1 is the saddle: just below it, two closed lines; just above, one around both.
    expect(contourLines(grid, 0.9)).toHaveLength(2);
    expect(contourLines(grid, 1.1).length).toBeGreaterThanOrEqual(1);
    const below = contourLines(grid, 0.9);
    const sides = below.map((l) => Math.sign(l.reduce((s, [a]) => s + a, 0)));
    expect(sides.sort()).toEqual([-1, 1]);
  });

  it('returns nothing for a level the surface never reaches', () => {
    expect(contourLines(costGrid(lineFit([[0, 1], [1, 2]]), 11), -1)).toEqual([]);
  });

  it('spaces levels evenly or geometrically above the minimum', () => {
    expect(contourLevels(0, 10, 4, 'even')).toEqual([2, 4, 6, 8]);
    const g = contourLevels(1, 1001, 3, 'geometric');
    expect(g[0]).toBeCloseTo(1 + 1000 / 10 ** 2.5, 9);
    expect((g[2]! - 1) / (g[1]! - 1)).toBeCloseTo((g[1]! - 1) / (g[0]! - 1), 9);
    expect(Math.max(...g)).toBeLessThan(1001);
    expect(() => contourLevels(1, 1, 3, 'even')).toThrow(/max > min/);
  });
});
