/** Geometry and words for the gradient-descent figure: the surface's coordinates, its contours, arrows, and the fields' checks. */
import { costGrid, type Cost2, type DescentRun } from '../../foundations/descent';
import { formatNumber } from '../format';
import { contourLevels, contourLines } from './contours';

/** The drawing's width in SVG units; the height follows the cost's range at the same scale. */
export const PLANE_WIDTH = 300;

/** Maps (a, b) to SVG coordinates and back, at one scale on both axes (b up). */
export interface Plane {
  readonly width: number;
  readonly height: number;
  x(a: number): number;
  y(b: number): number;
  /** The (a, b) under an SVG point. */
  at(x: number, y: number): [number, number];
}

/** @example plane(cost).x(cost.range[0][0]) // 0 */
export function plane(cost: Cost2, width = PLANE_WIDTH): Plane {
  const [[a0, a1], [b0, b1]] = cost.range;
  const scale = width / (a1 - a0);
  const height = (b1 - b0) * scale;
  return {
    width,
    height,
    x: (a) => (a - a0) * scale,
    y: (b) => height - (b - b0) * scale,
    at: (x, y) => [a0 + x / scale, b0 + (height - y) / scale],
  };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** One contour as the figure draws it: its level, its rank from the lowest (for its shade) and an SVG path. */
export interface ContourPath {
  readonly level: number;
  readonly rank: number;
  readonly d: string;
}

/**
 * The cost's contour lines as SVG paths: geometric levels for the line fit's bowl (its rim is steep), even ones for
 * the double well.
 * @example contourPaths(LINE_COST, 'geometric')[0].d // 'M…L…'
 */
export function contourPaths(cost: Cost2, spacing: 'even' | 'geometric', count = 12, n = 49): ContourPath[] {
  const grid = costGrid(cost, n);
  const values = grid.z.flat();
  const min = Math.min(...values);
  const max = Math.max(...values);
  const p = plane(cost);
  return contourLevels(min, max, count, spacing).map((level, rank) => ({
    level,
    rank,
    d: contourLines(grid, level)
      .map((line) => line.map(([a, b], k) => `${k ? 'L' : 'M'}${r1(p.x(a))} ${r1(p.y(b))}`).join(''))
      .join(''),
  }));
}

/**
 * The descent's path as an SVG polyline's points, its first `shown` + 1 points (the start and `shown` steps).
 * Points far outside the drawing (a diverging run) are clamped to a margin around it, so the line still shows the
 * direction it left in.
 */
export function pathPoints(p: Plane, run: DescentRun, shown: number): string {
  const pad = 40;
  const clamp = (v: number, hi: number) => Math.min(hi + pad, Math.max(-pad, v));
  return run.path
    .slice(0, shown + 1)
    .map((s) => `${r1(clamp(p.x(s.a), p.width))},${r1(clamp(p.y(s.b), p.height))}`)
    .join(' ');
}

/** An arrow from (a, b) along (da, db), drawn `length` SVG units long whatever the vector's size (or none for a zero vector). */
export function arrow(p: Plane, at: readonly [number, number], dir: readonly [number, number], length: number) {
  const norm = Math.hypot(dir[0], dir[1]);
  if (norm === 0) return undefined;
  const x1 = p.x(at[0]);
  const y1 = p.y(at[1]);
  // SVG's y grows downward, so b's component flips.
  return { x1, y1, x2: x1 + (dir[0] / norm) * length, y2: y1 - (dir[1] / norm) * length };
}

/** What a number field holds: a number in range, or the message the reader sees. */
export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/**
 * Reads a number field: accepts a leading “−” (typographic minus) or "-", a decimal comma, and exponents; refuses
 * empty, non-numeric and out-of-range text with a message that says what is allowed.
 * @example parseField('−0,5', 'a', [-1.5, 4.5]) // { ok: true, value: -0.5 }
 */
export function parseField(text: string, name: string, [lo, hi]: readonly [number, number]): Parsed {
  const t = text.trim().replace(/^[−–]/, '-').replace(',', '.');
  const show = (v: number) => String(v).replace('-', '−');
  const range = `between ${show(lo)} and ${show(hi)}`;
  if (t === '') return { ok: false, message: `Type a number for ${name}, ${range}.` };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return { ok: false, message: `“${text.trim().slice(0, 24)}” is not a number; ${name} takes a number ${range}.` };
  const value = Number(t);
  if (!Number.isFinite(value) || value < lo || value > hi) return { ok: false, message: `${name} must be ${range}; ${text.trim().slice(0, 24)} is outside.` };
  return { ok: true, value };
}

/** The range the learning-rate field accepts: from a crawl to far past any problem's limit. */
export const LR_RANGE: readonly [number, number] = [0.001, 1];

/**
 * One sentence on how a run ended, with its real step count.
 * @example outcomeText(run) // 'converged in 144 steps'
 */
export function outcomeText(r: DescentRun): string {
  if (r.outcome === 'converged') return `converged in ${r.steps} step${r.steps === 1 ? '' : 's'}`;
  if (r.outcome === 'diverged') return `diverged: the cost passed 10⁶ after ${r.steps} steps`;
  return `still moving after ${r.steps} steps`;
}

/** A point's coordinates as the figure writes them. */
export const point = (a: number, b: number, digits = 2) => `(${formatNumber(a, digits)}, ${formatNumber(b, digits)})`;

/**
 * A direction as the prose writes it: scaled so that its smaller nonzero component is ±1, whole numbers when they are.
 * @example directionText([0.894, 0.447]) // '(2, 1)'
 */
export function directionText([a, b]: readonly [number, number]): string {
  const unit = Math.min(...[a, b].filter((v) => v !== 0).map(Math.abs));
  const [x, y] = [a / unit, b / unit];
  const whole = [x, y].every((v) => Math.abs(v - Math.round(v)) < 1e-9);
  return whole ? point(Math.round(x), Math.round(y), 0) : point(x, y);
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/**
 * A power of ten as the prose writes it, with a superscript exponent.
 * @example powerOfTen(1e-8) // '10⁻⁸'
 */
export function powerOfTen(x: number): string {
  const e = Math.round(Math.log10(x));
  if (!(x > 0) || Math.abs(x / 10 ** e - 1) > 1e-9) throw new Error(`powerOfTen: ${x} is not a power of ten`);
  return `10${String(e).replace('-', '⁻').replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!)}`;
}
