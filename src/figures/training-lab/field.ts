/**
 * Drawing the training lab's picture: the network's P(class 1) over the square as a tinted field, and the data
 * points on it. Pure geometry and colour here; the island owns the canvas.
 */
import type { Point } from '../../foundations/datasets';

export interface FieldColours {
  /** [r, g, b] of class 0 and class 1. */
  readonly c0: readonly [number, number, number];
  readonly c1: readonly [number, number, number];
  /** Outline around each point, for contrast on either tint. */
  readonly outline: string;
}

/**
 * RGBA pixels for an n × n grid of probabilities: each cell tinted toward the class it predicts, more strongly the
 * surer the network is (alpha up to `maxAlpha` at P = 0 or 1, none at P = 0.5).
 * @example fieldPixels(grid, 48, colours) // Uint8ClampedArray of 48·48·4
 */
export function fieldPixels(grid: ArrayLike<number>, n: number, colours: FieldColours, maxAlpha = 0.55): Uint8ClampedArray<ArrayBuffer> {
  const px = new Uint8ClampedArray(n * n * 4);
  for (let i = 0; i < n * n; i++) {
    const p = grid[i]!;
    const c = p >= 0.5 ? colours.c1 : colours.c0;
    px[i * 4] = c[0];
    px[i * 4 + 1] = c[1];
    px[i * 4 + 2] = c[2];
    px[i * 4 + 3] = Math.round(255 * maxAlpha * Math.min(1, Math.abs(p - 0.5) * 2));
  }
  return px;
}

/** A point's position in a square canvas of `size` pixels: x from −1 (left) to 1, y from 1 (top) to −1. */
export function toCanvas(p: Pick<Point, 'x' | 'y'>, size: number): [number, number] {
  return [((p.x + 1) / 2) * size, ((1 - p.y) / 2) * size];
}

/** "#1f58b5" or "rgb(31, 88, 181)" → [31, 88, 181]; falls back to grey for anything else. */
export function parseColour(css: string): [number, number, number] {
  const hex = css.trim().match(/^#([0-9a-f]{6})$/i);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16)) as [number, number, number];
  const rgb = css.match(/rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return [128, 128, 128];
}
