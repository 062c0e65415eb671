import { describe, expect, it } from 'vitest';
import { arcPoints, arrowHead, decades, logScale, rotate, trailPositions, wrapAngle } from './rope-geometry';

describe('rotate', () => {
  it('turns a pair counter-clockwise and keeps its length', () => {
    const [a, b] = rotate([1, 0], Math.PI / 2);
    expect(a).toBeCloseTo(0, 12);
    expect(b).toBeCloseTo(1, 12);
    // (3, 4) by 1 rad, cos 1 = 0.540302, sin 1 = 0.841471:
    // (3 cos 1 − 4 sin 1, 3 sin 1 + 4 cos 1) = (1.620907 − 3.365884, 2.524413 + 2.161209) = (−1.744977, 4.685622).
    const [c, d] = rotate([3, 4], 1);
    expect(c).toBeCloseTo(-1.744977, 5);
    expect(d).toBeCloseTo(4.685622, 5);
    expect(Math.hypot(c, d)).toBeCloseTo(5, 12);
  });

  it('depends only on the difference of two angles in the dot product (RoPE’s relative-position property)', () => {
    const q: [number, number] = [0.3, -1.2];
    const k: [number, number] = [0.8, 0.5];
    const dot = (u: number[], v: number[]) => u[0]! * v[0]! + u[1]! * v[1]!;
    const at = (m: number, n: number) => dot(rotate(q, m * 0.7), rotate(k, n * 0.7));
    expect(at(5, 2)).toBeCloseTo(at(13, 10), 12);
    expect(at(5, 2)).not.toBeCloseTo(at(5, 3), 3);
  });
});

describe('wrapAngle', () => {
  it('reduces to [0, 2π)', () => {
    expect(wrapAngle(7)).toBeCloseTo(7 - 2 * Math.PI, 12);
    expect(wrapAngle(-1)).toBeCloseTo(2 * Math.PI - 1, 12);
    expect(wrapAngle(4 * Math.PI)).toBeCloseTo(0, 12);
    expect(wrapAngle(0)).toBe(0);
  });
});

describe('arcPoints', () => {
  it('walks counter-clockwise from `from` through `sweep`', () => {
    const pts = arcPoints(2, 0, Math.PI, Math.PI / 2);
    expect(pts).toHaveLength(3);
    expect(pts[1]![0]).toBeCloseTo(0, 12);
    expect(pts[1]![1]).toBeCloseTo(2, 12);
    expect(pts[2]![0]).toBeCloseTo(-2, 12);
    // A sweep of zero is a single segment of zero length, not an empty path.
    expect(arcPoints(1, 0.5, 0)).toHaveLength(2);
  });
});

describe('trailPositions', () => {
  it('marks every position up to the cap, then spreads the cap over 0 … m', () => {
    expect(trailPositions(3)).toEqual([0, 1, 2, 3]);
    expect(trailPositions(63)).toHaveLength(64);
    const many = trailPositions(1000);
    expect(many).toHaveLength(64);
    expect(many[0]).toBe(0);
    expect(many.at(-1)).toBe(1000);
    expect(trailPositions(0)).toEqual([0]);
  });
});

describe('log axis', () => {
  it('maps decades evenly and covers the range outward', () => {
    const y = logScale(1, 1000, 300, 0);
    expect(y(1)).toBe(300);
    expect(y(10)).toBeCloseTo(200, 12);
    expect(y(1000)).toBeCloseTo(0, 12);
    expect(decades(6.3, 1.9e6)).toEqual([1, 10, 100, 1000, 10000, 100000, 1000000, 10000000]);
  });
});

describe('arrowHead', () => {
  it('puts the base `size` behind the tip, `size` wide', () => {
    const [tip, a, b] = arrowHead([10, 0], 0, 4);
    expect(tip).toEqual([10, 0]);
    expect(a![0]).toBeCloseTo(6, 12);
    expect(a![1]).toBeCloseTo(-2, 12);
    expect(b![1]).toBeCloseTo(2, 12);
    // Pointing straight down (screen y): the base is above the tip.
    const [, c] = arrowHead([0, 10], Math.PI / 2, 4);
    expect(c![1]).toBeCloseTo(6, 12);
  });
});
