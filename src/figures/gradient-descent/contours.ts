/**
 * Contour lines of a cost on a grid, by marching squares. Plotly's basic bundle has no contour trace, so the course
 * traces the level sets itself; the same lines are drawn at build time (the figure's first view, also without
 * JavaScript) and in the browser.
 */

/** A cost tabulated on a grid: z[j][i] is the cost at (a[i], b[j]). */
export interface Grid {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly z: readonly (readonly number[])[];
}

/** One contour line: a polyline of (a, b) points, closed when its last point is its first. */
export type Polyline = [number, number][];

/**
 * The level set z = level as polylines. Each grid cell whose corners straddle the level contributes a segment whose
 * ends are interpolated linearly along the cell's edges; segments that share an end are joined.
 * @example contourLines(costGrid(cost, 41), 1.5) // [[[a, b], [a, b], …], …]
 */
export function contourLines(grid: Grid, level: number): Polyline[] {
  const { a, b, z } = grid;
  const segments: [string, string][] = [];
  const points = new Map<string, [number, number]>();
  // An edge point is named by its edge, so both cells sharing that edge name it alike.
  const edgePoint = (i0: number, j0: number, i1: number, j1: number): string => {
    const key = `${i0},${j0},${i1},${j1}`;
    if (!points.has(key)) {
      const z0 = z[j0]![i0]!;
      const z1 = z[j1]![i1]!;
      const t = (level - z0) / (z1 - z0);
      points.set(key, [a[i0]! + t * (a[i1]! - a[i0]!), b[j0]! + t * (b[j1]! - b[j0]!)]);
    }
    return key;
  };
  for (let j = 0; j + 1 < b.length; j++) {
    for (let i = 0; i + 1 < a.length; i++) {
      // Corners in order around the cell; an edge is crossed when its two corners lie on either side of the level.
      const corners: [number, number][] = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const crossed: string[] = [];
      for (let k = 0; k < 4; k++) {
        const [i0, j0] = corners[k]!;
        const [i1, j1] = corners[(k + 1) % 4]!;
        if ((z[j0]![i0]! >= level) !== (z[j1]![i1]! >= level)) {
          // Name the edge with its lower corner first, so the neighbouring cell finds the same point.
          crossed.push(i0 + j0 < i1 + j1 ? edgePoint(i0, j0, i1, j1) : edgePoint(i1, j1, i0, j0));
        }
      }
      if (crossed.length === 2) segments.push([crossed[0]!, crossed[1]!]);
      else if (crossed.length === 4) {
        // A saddle cell: decide by the cell's centre value which pairs of crossings belong together.
        const centre = (z[j]![i]! + z[j]![i + 1]! + z[j + 1]![i + 1]! + z[j + 1]![i]!) / 4;
        const firstHigh = z[j]![i]! >= level;
        if ((centre >= level) === firstHigh) segments.push([crossed[0]!, crossed[1]!], [crossed[2]!, crossed[3]!]);
        else segments.push([crossed[0]!, crossed[3]!], [crossed[1]!, crossed[2]!]);
      }
    }
  }
  return chain(segments).map((keys) => keys.map((k) => points.get(k)!));
}

/** Joins segments that share ends into as few polylines as possible. */
function chain(segments: readonly [string, string][]): string[][] {
  const ends = new Map<string, number[]>();
  segments.forEach(([p, q], s) => {
    for (const key of [p, q]) ends.set(key, [...(ends.get(key) ?? []), s]);
  });
  const used = new Array<boolean>(segments.length).fill(false);
  const lines: string[][] = [];
  const extend = (line: string[]) => {
    for (;;) {
      const tail = line.at(-1)!;
      const next = (ends.get(tail) ?? []).find((s) => !used[s]);
      if (next === undefined) return;
      used[next] = true;
      const [p, q] = segments[next]!;
      line.push(p === tail ? q : p);
    }
  };
  segments.forEach(([p, q], s) => {
    if (used[s]) return;
    used[s] = true;
    const line = [p, q];
    extend(line);
    line.reverse();
    extend(line);
    lines.push(line);
  });
  return lines;
}

/**
 * Contour levels between a surface's lowest and highest value: evenly spaced, or (for a steep bowl, whose rim would
 * take every line) spaced geometrically above the minimum, so the bottom gets lines too.
 * @example contourLevels(0, 100, 4, 'geometric') // [1, 3.16…, 10, 31.6…] above the minimum
 */
export function contourLevels(min: number, max: number, count: number, spacing: 'even' | 'geometric'): number[] {
  if (!(max > min)) throw new Error(`contourLevels: need max > min, got ${min} and ${max}`);
  if (spacing === 'even') return Array.from({ length: count }, (_, k) => min + ((max - min) * (k + 1)) / (count + 1));
  const span = max - min;
  const lowest = span / 10 ** 2.5;
  return Array.from({ length: count }, (_, k) => min + lowest * (span / lowest) ** (k / count));
}
