import { describe, expect, it } from 'vitest';
import { fieldPixels, parseColour, toCanvas } from './field';

describe('the training lab field', () => {
  const colours = { c0: [200, 100, 0] as const, c1: [0, 80, 200] as const, outline: '#000' };
  it('tints each cell toward its predicted class, stronger the surer, clear at 0.5', () => {
    const px = fieldPixels([0, 0.5, 1, 0.75], 2, colours, 0.5);
    expect(Array.from(px.slice(0, 4))).toEqual([200, 100, 0, 128]);
    expect(px[7]).toBe(0);
    expect(Array.from(px.slice(8, 12))).toEqual([0, 80, 200, 128]);
    expect(px[15]).toBe(64);
  });
  it('maps the square to the canvas with y up', () => {
    expect(toCanvas({ x: -1, y: 1 }, 100)).toEqual([0, 0]);
    expect(toCanvas({ x: 1, y: -1 }, 100)).toEqual([100, 100]);
  });
  it('reads CSS colours', () => {
    expect(parseColour('#1f58b5')).toEqual([31, 88, 181]);
    expect(parseColour('rgb(127, 176, 255)')).toEqual([127, 176, 255]);
    expect(parseColour('color(display-p3 1 0 0)')).toEqual([128, 128, 128]);
  });
});
