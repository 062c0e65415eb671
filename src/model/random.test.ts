import { describe, expect, it } from 'vitest';
import { seededNormal, seededRandom } from './random';

describe('seeded random', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const c = seededRandom(2);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    xs.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
  });

  it('draws roughly standard normals', () => {
    const n = seededNormal(3);
    const xs = Array.from({ length: 20000 }, n);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
