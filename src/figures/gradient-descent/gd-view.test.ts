import { describe, expect, it } from 'vitest';
import { run } from '../../foundations/descent';
import { arrow, contourPaths, directionText, outcomeText, parseField, pathPoints, plane, powerOfTen } from './gd-view';
import { LINE_COST, WELL_COST } from './problems';

describe('the gradient-descent figure’s geometry', () => {
  it('maps (a, b) to the drawing and back at one scale on both axes', () => {
    const p = plane(LINE_COST);
    expect(p.x(-1.5)).toBe(0);
    expect(p.x(4.5)).toBe(300);
    expect(p.height).toBe(300); // the line fit's region is 6 × 6
    expect(p.y(3.5)).toBeCloseTo(0, 12);
    const [a, b] = p.at(p.x(1.2), p.y(-0.7));
    expect(a).toBeCloseTo(1.2, 12);
    expect(b).toBeCloseTo(-0.7, 12);
    expect(plane(WELL_COST).height).toBeCloseTo(225, 9); // 4 × 3
  });

  it('draws a contour path for every level, all inside the drawing', () => {
    const paths = contourPaths(LINE_COST, 'geometric');
    expect(paths).toHaveLength(12);
    for (const c of paths) {
      expect(c.d).toMatch(/^M/);
      for (const n of c.d.match(/-?[\d.]+/g)!.map(Number)) expect(n).toBeGreaterThanOrEqual(-0.1), expect(n).toBeLessThanOrEqual(300.1);
    }
  });

  it('draws an arrow at a fixed length along a direction, b up', () => {
    const p = plane(LINE_COST);
    const a = arrow(p, [0, 0], [0, 5], 40)!;
    expect(a.x2).toBeCloseTo(a.x1, 12);
    expect(a.y2).toBeCloseTo(a.y1 - 40, 12);
    expect(arrow(p, [0, 0], [0, 0], 40)).toBeUndefined();
  });

  it('shows the first steps of a path and keeps a diverging one near the drawing', () => {
    const p = plane(LINE_COST);
    const r = run(LINE_COST, [-1, 3], 0.3);
    expect(pathPoints(p, r, 2).split(' ')).toHaveLength(3);
    for (const pair of pathPoints(p, r, r.path.length).split(' ')) {
      for (const v of pair.split(',').map(Number)) expect(Math.abs(v)).toBeLessThanOrEqual(340);
    }
  });

  it('reads the number fields and says what is wrong with bad input', () => {
    expect(parseField(' −0,5 ', 'a', [-1.5, 4.5])).toEqual({ ok: true, value: -0.5 });
    expect(parseField('2e-1', 'η', [0.001, 1])).toEqual({ ok: true, value: 0.2 });
    expect(parseField('', 'a', [-1.5, 4.5])).toEqual({ ok: false, message: 'Type a number for a, between −1.5 and 4.5.' });
    const word = parseField('abc', 'b', [-2.5, 3.5]);
    expect(word.ok || word.message).toBe('“abc” is not a number; b takes a number between −2.5 and 3.5.');
    const huge = parseField('1e400', 'η', [0.001, 1]);
    expect(huge.ok || huge.message).toMatch(/η must be between 0.001 and 1; 1e400 is outside/);
    expect(parseField('0', 'η', [0.001, 1]).ok).toBe(false);
    expect(parseField('1.2.3', 'a', [-1, 1]).ok).toBe(false);
  });

  it('says how a run ended with its real step count', () => {
    expect(outcomeText(run(LINE_COST, [-1, 3], 0.1))).toBe('converged in 144 steps');
    expect(outcomeText(run(LINE_COST, [-1, 3], 0.26))).toBe('diverged: the cost passed 10⁶ after 80 steps');
    expect(outcomeText(run(LINE_COST, [-1, 3], 0.001, { maxSteps: 10 }))).toBe('still moving after 10 steps');
  });

  it('writes directions and powers of ten as the prose does', () => {
    expect(directionText([2 / Math.sqrt(5), 1 / Math.sqrt(5)])).toBe('(2, 1)');
    expect(directionText([-1 / Math.sqrt(5), 2 / Math.sqrt(5)])).toBe('(−1, 2)');
    expect(directionText([1, 0])).toBe('(1, 0)');
    expect(directionText([0.6, 0.8])).toBe('(1.00, 1.33)');
    expect(powerOfTen(1e-8)).toBe('10⁻⁸');
    expect(powerOfTen(1e-4)).toBe('10⁻⁴');
    expect(powerOfTen(100)).toBe('10²');
    expect(() => powerOfTen(3e-4)).toThrow(/power of ten/);
  });
});
