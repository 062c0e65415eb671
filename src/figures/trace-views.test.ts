import { describe, expect, it } from 'vitest';
import { Tensor } from '../model/tensor';
import { bestLookBackHead, headBlock, headPlane } from './trace-views';

describe('trace views', () => {
  it('cuts one head out of a [T, H·d] tensor and of an [H, T, T] plane', () => {
    const t = new Tensor('q', [2, 4], Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    expect(headBlock(t, 2, 1).toRows()).toEqual([
      [3, 4],
      [7, 8],
    ]);
    const p = new Tensor('p', [2, 2, 2], Float32Array.of(1, 0, 0.5, 0.5, 1, 0, 0.2, 0.8));
    expect(headPlane(p, 1).toRows()).toEqual([
      [1, 0],
      [0.2, 0.8],
    ].map((r) => r.map((x) => Math.fround(x))));
  });

  it('picks the head whose last row leans hardest on one earlier word, ignoring <bos> and itself', () => {
    const T = 3;
    // layer 0: head 0 last row [0.9 (bos), 0.05, 0.05]; layer 1: head 0 last row [0.2, 0.7, 0.1]
    const l0 = new Tensor('p0', [1, T, T], Float32Array.of(1, 0, 0, 0.5, 0.5, 0, 0.9, 0.05, 0.05));
    const l1 = new Tensor('p1', [1, T, T], Float32Array.of(1, 0, 0, 0.5, 0.5, 0, 0.2, 0.7, 0.1));
    expect(bestLookBackHead([l0, l1])).toMatchObject({ layer: 1, head: 0 });
  });
});
