/**
 * Plane geometry for the RoPE figures: the 2×2 rotation of one pair, arcs as polylines and the sampled trail of a
 * pair's angle over positions. Angles are counter-clockwise from the positive x axis, in radians; screen y points down,
 * so callers flip y when they draw.
 */

export type Vec2 = readonly [number, number];

/**
 * Rotates one pair by `angle`, as RoPE's 2×2 block does: (x₀ cos a − x₁ sin a, x₀ sin a + x₁ cos a)
 * (RoFormer, arXiv 2104.09864 §3.2).
 * @example rotate([1, 0], Math.PI / 2) // ≈ [0, 1]
 */
export function rotate([x0, x1]: Vec2, angle: number): [number, number] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [x0 * c - x1 * s, x0 * s + x1 * c];
}

/**
 * `angle` reduced to [0, 2π), so an arc can show where a hand is after any number of whole turns.
 * @example wrapAngle(7) // ≈ 0.7168; wrapAngle(-1) // ≈ 5.2832
 */
export function wrapAngle(angle: number): number {
  const tau = 2 * Math.PI;
  const wrapped = angle - tau * Math.floor(angle / tau);
  return wrapped >= tau ? 0 : wrapped;
}

/**
 * Points of a counter-clockwise arc of radius r around the origin from angle `from` through `sweep` radians, one point
 * every `step` radians at most (a polyline, so a sweep close to 2π draws as well as a short one).
 * @example arcPoints(1, 0, Math.PI, Math.PI / 2) // [[1, 0], [0, 1], [−1, 0]] (approximately)
 */
export function arcPoints(r: number, from: number, sweep: number, step = Math.PI / 36): [number, number][] {
  const n = Math.max(1, Math.ceil(Math.abs(sweep) / step));
  return Array.from({ length: n + 1 }, (_, k) => {
    const a = from + (sweep * k) / n;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
}

/**
 * Which positions 0 … m to mark on a pair's rim: all of them up to `cap`, else `cap` positions evenly spread over
 * 0 … m (first and last included), so a fast pair at position 1000 draws 64 ticks, not 1001.
 * @example trailPositions(3) // [0, 1, 2, 3]; trailPositions(1000, 3) // [0, 500, 1000]
 */
export function trailPositions(m: number, cap = 64): number[] {
  const last = Math.max(0, Math.floor(m));
  if (last + 1 <= cap) return Array.from({ length: last + 1 }, (_, k) => k);
  if (cap < 2) return [last];
  return Array.from({ length: cap }, (_, k) => Math.round((k * last) / (cap - 1)));
}

/**
 * A log10 scale from [lo, hi] onto [a, b] (b may be below a, for an upward y axis).
 * @example logScale(1, 1000, 0, 300)(10) // 100
 */
export function logScale(lo: number, hi: number, a: number, b: number): (v: number) => number {
  const l0 = Math.log10(lo);
  const span = Math.log10(hi) - l0;
  return (v) => a + ((Math.log10(v) - l0) / span) * (b - a);
}

/**
 * The powers of ten that cover [lo, hi] (outward), for a log axis.
 * @example decades(6.3, 1.9e6) // [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000]
 */
export function decades(lo: number, hi: number): number[] {
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  return Array.from({ length: last - first + 1 }, (_, k) => 10 ** (first + k));
}

/**
 * The three corners of an arrowhead at `tip` pointing along `angle` (screen coordinates, y down, so a caller flips the
 * angle's sign for math angles), `size` long and as wide.
 * @example arrowHead([10, 0], 0, 4) // [[10, 0], [6, −2], [6, 2]]
 */
export function arrowHead([tx, ty]: Vec2, angle: number, size: number): [number, number][] {
  const back = (side: number): [number, number] => [
    tx - size * Math.cos(angle) - (side * size * Math.sin(angle)) / 2,
    ty - size * Math.sin(angle) + (side * size * Math.cos(angle)) / 2,
  ];
  return [[tx, ty], back(-1), back(1)];
}
