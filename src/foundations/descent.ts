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
export function lineFit(points: readonly (readonly [number, number])[]): Cost2 {
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
    range: [[-1, 5], [-3, 5]],
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
