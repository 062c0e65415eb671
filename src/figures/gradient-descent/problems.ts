/**
 * The gradient-descent chapter's two problems and their settings, shared by the MDX (the prose's numbers), the
 * figure and the e2e reference, so all three run the same descent.
 */
import { doubleWell, doubleWellStationary, leastSquares, lineFit, lineFitCurvature, run, type Cost2, type DescentRun } from '../../foundations/descent';

/** Seven points near the line y = 1.5x + 0.5, with a little noise, so no line passes through them all. */
export const LINE_POINTS: readonly (readonly [number, number])[] = [
  [0, 0.8],
  [0.5, 0.85],
  [1, 2.2],
  [1.5, 3.25],
  [2, 2.9],
  [2.5, 4.35],
  [3, 4.9],
];

/** The region drawn: the same span on both axes, so the surface is drawn at one scale and ∇f looks perpendicular to the contours. */
export const LINE_COST: Cost2 = lineFit(LINE_POINTS, [[-1.5, 4.5], [-2.5, 3.5]]);
export const LINE_BEST = leastSquares(LINE_POINTS);
export const LINE_CURVATURE = lineFitCurvature(LINE_POINTS);

export const WELL_TILT = 0.3;
export const WELL_COST: Cost2 = doubleWell(WELL_TILT);
/** Where the double well's gradient vanishes (on b = 0): its two valleys' bottoms and the saddle that divides them. */
export const WELL_STATIONARY = doubleWellStationary(WELL_TILT);

export type ProblemId = 'line' | 'well';
export const COSTS: Readonly<Record<ProblemId, Cost2>> = { line: LINE_COST, well: WELL_COST };

/** What the reader sets for one problem: where descent starts, and the learning rate η. */
export interface Settings {
  readonly start: readonly [number, number];
  readonly lr: number;
}

export const DEFAULTS: Readonly<Record<ProblemId, Settings>> = {
  line: { start: [0, 3], lr: 0.1 },
  well: { start: [0.3, 1], lr: 0.05 },
};

/** The learning rates the chapter compares on the line fit: crawling, fine, zig-zagging, and just past the limit 2/λ_max. */
export const LR_PRESETS = [
  { lr: 0.01, name: 'small' },
  { lr: 0.1, name: 'moderate' },
  { lr: 0.24, name: 'near the limit' },
  { lr: 0.26, name: 'past the limit' },
] as const;

/** The double well's second start, drawn beside the reader's: 0.6 to the left of the default start. */
export const WELL_OTHER_START: readonly [number, number] = [-0.3, 1];

/**
 * Descent as the figure and the prose run it (converged once |∇f| < 0.001, diverged past a cost of 10⁶, at most
 * 5000 steps).
 * @example descentRun('line', DEFAULTS.line).steps // 142
 */
export function descentRun(problem: ProblemId, settings: Settings): DescentRun {
  return run(COSTS[problem], settings.start, settings.lr);
}
