/**
 * Cost functions of two parameters, small enough to draw as a surface, and plain gradient descent on them, for the
 * gradient-descent chapter (issue #17): a convex bowl (fitting a line by mean squared error, so every start finds
 * the one minimum) and a tilted double well (a global and a local minimum, so the start decides).
 */

export interface Cost2 {
  readonly name: string;
  /** The cost at (a, b). */
  f(a: number, b: number): number;
  /** Its gradient (∂f/∂a, ∂f/∂b), worked out by hand; the unit tests check it against finite differences. */
  grad(a: number, b: number): [number, number];
  /** The region drawn: [min, max] of a and of b. */
  readonly range: readonly [readonly [number, number], readonly [number, number]];
}

/**
 * Mean squared error of the line y = a·x + b over the points: L(a, b) = (1/n) Σ (a x_i + b − y_i)².
 * @example lineFit([[0, 1], [1, 3], [2, 5]]).f(2, 1) // 0
 */
export function lineFit(
  points: readonly (readonly [number, number])[],
  range: Cost2['range'] = [[-1, 5], [-3, 5]],
): Cost2 {
  if (points.length === 0) throw new Error('lineFit: no points');
  const n = points.length;
  return {
    name: 'line fit (mean squared error)',
    f: (a, b) => points.reduce((s, [x, y]) => s + (a * x + b - y) ** 2, 0) / n,
    grad: (a, b) => {
      let ga = 0;
      let gb = 0;
      for (const [x, y] of points) {
        const r = a * x + b - y;
        ga += (2 * r * x) / n;
        gb += (2 * r) / n;
      }
      return [ga, gb];
    },
    range,
  };
}

/**
 * f(a, b) = (a² − 1)² + tilt·a + b²: two valleys near a = ±1; the tilt makes the one at a ≈ −1 deeper, so the
 * other is a local minimum. ∂f/∂a = 4a(a² − 1) + tilt, ∂f/∂b = 2b.
 */
export function doubleWell(tilt = 0.3): Cost2 {
  return {
    name: 'tilted double well',
    f: (a, b) => (a * a - 1) ** 2 + tilt * a + b * b,
    grad: (a, b) => [4 * a * (a * a - 1) + tilt, 2 * b],
    range: [[-2, 2], [-1.5, 1.5]],
  };
}

export interface DescentStep {
  readonly a: number;
  readonly b: number;
  readonly cost: number;
}

/**
 * Gradient descent: (a, b) ← (a, b) − η ∇f, `steps` times from `start`; the path includes the start. It stops early
 * if the cost stops being finite (a learning rate that diverges), so the path ends where it blew up.
 * @example descend(doubleWell(), [0.5, 1], 0.05, 100).at(-1) // near the local minimum at a ≈ 0.96
 */
export function descend(cost: Cost2, start: readonly [number, number], lr: number, steps: number): DescentStep[] {
  if (!(lr > 0)) throw new Error(`descend: the learning rate must be positive, got ${lr}`);
  let [a, b] = start;
  const path: DescentStep[] = [{ a, b, cost: cost.f(a, b) }];
  for (let i = 0; i < steps; i++) {
    const [ga, gb] = cost.grad(a, b);
    a -= lr * ga;
    b -= lr * gb;
    const c = cost.f(a, b);
    if (!Number.isFinite(c) || !Number.isFinite(a) || !Number.isFinite(b)) break;
    path.push({ a, b, cost: c });
  }
  return path;
}

/**
 * The cost on an n × n grid over the cost's range (rows are b from low to high, columns a), for a contour plot.
 * @example costGrid(lineFit(points), 50).z[0][0] // the cost at (a_min, b_min)
 */
export function costGrid(cost: Cost2, n: number): { a: number[]; b: number[]; z: number[][] } {
  const [[a0, a1], [b0, b1]] = cost.range;
  const a = Array.from({ length: n }, (_, i) => a0 + ((a1 - a0) * i) / (n - 1));
  const b = Array.from({ length: n }, (_, i) => b0 + ((b1 - b0) * i) / (n - 1));
  return { a, b, z: b.map((bj) => a.map((ai) => cost.f(ai, bj))) };
}

/** Where a run of gradient descent ended up. */
export type Outcome = 'converged' | 'diverged' | 'unfinished';

export interface DescentRun {
  readonly path: DescentStep[];
  readonly outcome: Outcome;
  /** Steps taken: to convergence, to the step at which the cost blew up, or all of maxSteps. */
  readonly steps: number;
  /** How many consecutive pairs of steps point more back than forward (a zig-zag across a valley). */
  readonly reversals: number;
}

export interface RunOptions {
  /** Give up after this many steps. */
  readonly maxSteps: number;
  /** Converged once the gradient's length is below this. */
  readonly tolerance: number;
  /** Diverged once the cost exceeds this (or stops being finite). */
  readonly blowUp: number;
}

export const RUN_DEFAULTS: RunOptions = { maxSteps: 5000, tolerance: 1e-3, blowUp: 1e6 };

/**
 * Gradient descent that stops by itself: when the gradient is shorter than `tolerance` (converged), when the cost
 * passes `blowUp` (diverged: the path keeps that last step), or after `maxSteps` (unfinished).
 * @example run(lineFit(points), [-1, 3], 0.1).steps // how many steps it took to converge
 */
export function run(cost: Cost2, start: readonly [number, number], lr: number, options: Partial<RunOptions> = {}): DescentRun {
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`run: the learning rate must be a positive number, got ${lr}`);
  const { maxSteps, tolerance, blowUp } = { ...RUN_DEFAULTS, ...options };
  let [a, b] = start;
  const path: DescentStep[] = [{ a, b, cost: cost.f(a, b) }];
  let reversals = 0;
  let last: [number, number] | undefined;
  for (let i = 0; i < maxSteps; i++) {
    const [ga, gb] = cost.grad(a, b);
    if (Math.hypot(ga, gb) < tolerance) return { path, outcome: 'converged', steps: i, reversals };
    const step: [number, number] = [-lr * ga, -lr * gb];
    if (last && step[0] * last[0] + step[1] * last[1] < 0) reversals++;
    last = step;
    a += step[0];
    b += step[1];
    const c = cost.f(a, b);
    if (!Number.isFinite(c) || c > blowUp) {
      if (Number.isFinite(c) && Number.isFinite(a) && Number.isFinite(b)) path.push({ a, b, cost: c });
      return { path, outcome: 'diverged', steps: i + 1, reversals };
    }
    path.push({ a, b, cost: c });
  }
  const [ga, gb] = cost.grad(a, b);
  return { path, outcome: Math.hypot(ga, gb) < tolerance ? 'converged' : 'unfinished', steps: maxSteps, reversals };
}

/**
 * The least-squares line through the points, in closed form (the bottom of lineFit's bowl).
 * @example leastSquares([[0, 1], [1, 3], [2, 5]]) // { a: 2, b: 1, cost: 0 }
 */
export function leastSquares(points: readonly (readonly [number, number])[]): { a: number; b: number; cost: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  if (sxx === 0) throw new Error('leastSquares: every point has the same x, so no single line fits best');
  const a = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
  const b = my - a * mx;
  return { a, b, cost: lineFit(points).f(a, b) };
}

/** A symmetric 2 × 2 matrix, [[p, q], [q, r]]. */
export type Sym2 = readonly [readonly [number, number], readonly [number, number]];

/** The shape of lineFit's bowl, everything the chapter says about its curvature. */
export interface BowlCurvature {
  /** The Hessian, the matrix of second derivatives: the same everywhere, (2/n) [[Σx², Σx], [Σx, n]]. */
  readonly hessian: Sym2;
  /** Its eigenvalues: the curvature along the steepest and along the flattest direction. */
  readonly max: number;
  readonly min: number;
  /** 2 / λ_max: plain gradient descent converges exactly when 0 < η < limit. */
  readonly limit: number;
  /** Unit eigenvectors: the steep direction (its a ≥ 0) and the flat one, the steep one turned by +90°. */
  readonly steep: readonly [number, number];
  readonly flat: readonly [number, number];
  /** λ_max / λ_min, the condition number. */
  readonly ratio: number;
  /** 2 / (λ_max + λ_min): the rate at which both directions shrink equally fast, |1 − ηλ_max| = |1 − ηλ_min|. */
  readonly bestRate: number;
  /** 1 − 2λ_min/λ_max: the flat direction's factor at the cap η = 2/λ_max, the lowest it can be while descent converges. */
  readonly flatFloor: number;
  /**
   * The ratio λ_max/λ_min after rescaling each parameter by the curvature along its own axis (D^{−1/2} H D^{−1/2},
   * D = diag H); for a 2 × 2 matrix no other per-parameter rescaling does better. Equal to `ratio` only when the
   * steep and flat directions lie along the axes.
   */
  readonly axisRatio: number;
}

/** The eigenvalues of a symmetric 2 × 2 matrix, largest first. */
function eigen2([[p, q], [, r]]: Sym2): [number, number] {
  const mean = (p + r) / 2;
  const spread = Math.hypot((p - r) / 2, q);
  return [mean + spread, mean - spread];
}

/**
 * The curvature of lineFit's bowl: its Hessian is the same everywhere, H = (2/n) [[Σx², Σx], [Σx, n]], and its two
 * eigenvalues are the steepest and the flattest curvature. Since ∇L(w) = H (w − w*), each step multiplies w − w* by
 * I − ηH, so the signed offset along an eigenvector is multiplied by (1 − η λ): plain gradient descent on a quadratic
 * converges exactly when 0 < η < 2 / λ_max.
 * @example lineFitCurvature(points).limit // the largest learning rate that does not diverge
 */
export function lineFitCurvature(points: readonly (readonly [number, number])[]): BowlCurvature {
  const n = points.length;
  const sx = points.reduce((s, [x]) => s + x, 0);
  const sxx = points.reduce((s, [x]) => s + x * x, 0);
  const [p, q, r] = [(2 * sxx) / n, (2 * sx) / n, 2];
  const hessian: Sym2 = [[p, q], [q, r]];
  const [max, min] = eigen2(hessian);
  // (λ − r, q) is an eigenvector for λ when q ≠ 0; with q = 0 the axes are.
  let steep: [number, number] = q === 0 ? (p >= r ? [1, 0] : [0, 1]) : [max - r, q];
  const len = Math.hypot(...steep);
  steep = [steep[0] / len, steep[1] / len];
  if (steep[0] < 0 || (steep[0] === 0 && steep[1] < 0)) steep = [-steep[0], -steep[1]];
  const flat: [number, number] = [-steep[1], steep[0]];
  const scaled = eigen2([[1, q / Math.sqrt(p * r)], [q / Math.sqrt(p * r), 1]]);
  return {
    hessian,
    max,
    min,
    limit: 2 / max,
    steep,
    flat,
    ratio: max / min,
    bestRate: 2 / (max + min),
    flatFloor: 1 - (2 * min) / max,
    axisRatio: scaled[0] / scaled[1],
  };
}

/**
 * Which direction of the bowl is the slower to shrink at learning rate η: the one whose factor (1 − ηλ) is the
 * larger in size (the steep one zig-zags, the flat one crawls).
 * @example slowerDirection(lineFitCurvature(points), 0.01) // 'flat'
 */
export function slowerDirection(k: Pick<BowlCurvature, 'max' | 'min'>, lr: number): 'steep' | 'flat' {
  return Math.abs(1 - lr * k.max) > Math.abs(1 - lr * k.min) ? 'steep' : 'flat';
}

/**
 * The curvature of a quadratic along a direction d, dᵀHd / ‖d‖²: the second derivative of the cost along d.
 * @example curvatureAlong([[2, 0], [0, 8]], [0, 1]) // 8
 */
export function curvatureAlong([[p, q], [, r]]: Sym2, [da, db]: readonly [number, number]): number {
  return (p * da * da + 2 * q * da * db + r * db * db) / (da * da + db * db);
}

/**
 * The points where the double well's gradient vanishes, all on b = 0: the roots of 4a(a² − 1) + tilt = 0, from
 * left to right, the left valley's bottom, the saddle between the valleys and the right valley's bottom. Since
 * ∂f/∂a does not depend on b, the line a = saddle divides the starts that end in each valley (for a small η).
 * @example doubleWellStationary(0.3).saddle // ≈ 0.075
 */
export function doubleWellStationary(tilt = 0.3): { left: number; saddle: number; right: number } {
  // a³ − a + tilt/4 = 0 in trigonometric form: three real roots while |tilt| < 8 / (3√3).
  const q = tilt / 4;
  const s = 2 / Math.sqrt(3);
  const c = (-q / 2) * Math.sqrt(27);
  if (Math.abs(c) >= 1) throw new Error(`doubleWellStationary: a tilt of ${tilt} leaves only one valley`);
  const phi = Math.acos(c) / 3;
  const roots = [0, 1, 2].map((k) => s * Math.cos(phi - (2 * Math.PI * k) / 3)).sort((x, y) => x - y) as [number, number, number];
  return { left: roots[0], saddle: roots[1], right: roots[2] };
}

/**
 * The first-order Taylor check at (a, b): a small step ε along a unit direction d changes the cost by about
 * ε ∇f·d. Returns, for d along +∇f and along −∇f, the real change and the predicted one.
 * @example taylorCheck(doubleWell(), [0.5, 1], 1e-3).up.actual // ≈ 1e-3 · |∇f|
 */
export function taylorCheck(cost: Cost2, at: readonly [number, number], eps: number) {
  const [a, b] = at;
  const [ga, gb] = cost.grad(a, b);
  const norm = Math.hypot(ga, gb);
  const f0 = cost.f(a, b);
  const along = (sign: number) => {
    const [da, db] = norm === 0 ? [0, 0] : [(sign * ga) / norm, (sign * gb) / norm];
    return { actual: cost.f(a + eps * da, b + eps * db) - f0, predicted: eps * (ga * da + gb * db) };
  };
  return { norm, up: along(1), down: along(-1) };
}
