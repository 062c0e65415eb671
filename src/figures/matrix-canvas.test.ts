import { describe, expect, it } from 'vitest';
import { CELL_PX, cellAt, cellColour, drawnOnCanvas, matrixPixels, type MatrixColours } from './matrix-canvas';

const colours: MatrixColours = {
  role: [200, 0, 0],
  neutral: [0, 0, 200],
  background: [255, 255, 255],
  hatch: [128, 128, 128],
  invalid: [255, 128, 0],
  focus: [0, 0, 0],
};

describe('matrix canvas', () => {
  it('tints like the table: the role colour for positives (38 % at most), the neutral one for negatives (30 %)', () => {
    expect(cellColour(1, 1, colours)).toEqual([Math.round(255 - 55 * 0.38), Math.round(255 - 255 * 0.38), Math.round(255 - 255 * 0.38)]);
    expect(cellColour(-1, 1, colours)).toEqual([Math.round(255 - 255 * 0.3), Math.round(255 - 255 * 0.3), Math.round(255 - 55 * 0.3)]);
    expect(cellColour(0, 1, colours)).toEqual([255, 255, 255]);
    expect(cellColour(Number.NaN, 1, colours)).toEqual([255, 255, 255]);
  });

  it('colours one pixel per number exactly as cellColour does, masked cells in the background, NaN as invalid', () => {
    const data = [0.5, -2, 1, -Infinity, Number.NaN, 0];
    const { pixels, hatches } = matrixPixels(data, 2, 3, colours);
    const pixel = (i: number) => [...pixels.slice(i * 4, i * 4 + 4)];
    for (const i of [0, 1, 2, 5]) expect(pixel(i)).toEqual([...cellColour(data[i]!, 2, colours), 255]);
    expect(pixel(3)).toEqual([...colours.background, 255]);
    expect(pixel(4)).toEqual([...colours.invalid, 255]);
    expect(hatches, 'the masked cell, as (row, col)').toEqual([1, 0]);
  });

  it('finds the cell under a point, and nothing outside', () => {
    expect(cellAt(0, 0, 128, 128)).toEqual([0, 0]);
    expect(cellAt(CELL_PX * 3 + 1, CELL_PX * 2 + 1, 128, 128)).toEqual([2, 3]);
    expect(cellAt(-1, 0, 128, 128)).toBeUndefined();
    expect(cellAt(0, CELL_PX * 128, 128, 128)).toBeUndefined();
  });

  it('is used only for matrices larger than the default sentence can make', () => {
    // The default sentence's largest matrices are 7 × 64; 128 tokens make 128 × 128 weights and 128 × 16 values.
    expect(drawnOnCanvas(7, 64, true)).toBe(false);
    expect(drawnOnCanvas(7, 7, false)).toBe(false);
    expect(drawnOnCanvas(128, 128, false)).toBe(true);
    expect(drawnOnCanvas(128, 16, true)).toBe(true);
    expect(drawnOnCanvas(128, 10, false)).toBe(true);
    expect(drawnOnCanvas(2, 128, false)).toBe(true);
    expect(drawnOnCanvas(7, 10, false)).toBe(false);
  });
});
