import { describe, expect, it } from 'vitest';
import {
  accumulate,
  accumulateFloat32,
  blockErrors,
  decodeE4M3,
  E4M3_MAX,
  E4M3_MIN_SUBNORMAL,
  encodeE4M3,
  quantiseActivation,
  quantiseBlocks,
  quantiseTensor,
  quantiseWeight,
  readE4M3,
  roundE4M3,
  roundToBits,
} from './fp8';

// Every expected value below is worked by hand from the format: value = (1 + m/8) · 2^(E − 7) for exponent field
// E = 1…15, m/8 · 2^−6 for E = 0; bytes written sign · EEEE · MMM.
describe('E4M3', () => {
  it('encodes normal numbers bit by bit', () => {
    // 1 = 1.000 · 2^0: E = 0 + 7 = 0111, M = 000 → 0 0111 000 = 0x38.
    expect(encodeE4M3(1)).toBe(0b0_0111_000);
    // −2.5 = −1.25 · 2^1: sign 1, E = 8 = 1000, M = 0.25·8 = 2 = 010 → 1 1000 010 = 0xc2.
    expect(encodeE4M3(-2.5)).toBe(0b1_1000_010);
    // 3.3 lies in [2, 4), where values step by 2^(1−3) = 0.25: 3.3 / 0.25 = 13.2 → 13 → 3.25 = 1.625 · 2^1,
    // E = 1000, M = 5 = 101 → 0 1000 101 = 0x45; the error is 3.25 − 3.3 = −0.05.
    expect(roundE4M3(3.3)).toBe(3.25);
    expect(encodeE4M3(3.3)).toBe(0b0_1000_101);
    expect(readE4M3(3.3).error).toBeCloseTo(-0.05, 12);
  });

  it('rounds a tie to the even mantissa', () => {
    // In [1, 2) values step by 1/8. 1.0625 = 1 + 1/16 lies halfway between 1.000 (M = 000) and 1.125 (M = 001):
    // the even mantissa 000 wins, 1.0625 → 1.
    expect(roundE4M3(1.0625)).toBe(1);
    // 1.1875 lies halfway between 1.125 (M = 001) and 1.25 (M = 010): the even 010 wins, → 1.25.
    expect(roundE4M3(1.1875)).toBe(1.25);
    // In [256, 448] values step by 32: 336 lies halfway between 320 (M = 010) and 352 (M = 011) → 320.
    expect(roundE4M3(336)).toBe(320);
    expect(roundE4M3(-336)).toBe(-320);
  });

  it('has subnormals down to 2^−9, and flushes half of that to zero (a tie to the even 0)', () => {
    // Exponent field 0: m/8 · 2^−6 = m · 2^−9. The smallest, m = 1: 2^−9 = 0.001953125 → 0 0000 001.
    expect(E4M3_MIN_SUBNORMAL).toBe(0.001953125);
    expect(encodeE4M3(2 ** -9)).toBe(0b0_0000_001);
    expect(decodeE4M3(0b0_0000_001)).toBe(2 ** -9);
    // 0.005 / 2^−9 = 2.56 → 3 → 3 · 2^−9 = 0.005859375 → 0 0000 011.
    expect(roundE4M3(0.005)).toBe(0.005859375);
    expect(encodeE4M3(0.005)).toBe(0b0_0000_011);
    expect(readE4M3(0.005).kind).toBe('subnormal');
    // 2^−10 is halfway between 0 (m = 0) and 2^−9 (m = 1): the tie goes to the even m = 0, so it underflows.
    expect(roundE4M3(2 ** -10)).toBe(0);
    expect(readE4M3(2 ** -10).underflow).toBe(true);
    // Just above the tie rounds up to the smallest subnormal.
    expect(roundE4M3(0.0011)).toBe(2 ** -9);
    // The largest subnormal 7 · 2^−9 = 0.013671875 (0 0000 111) and the smallest normal 2^−6 = 0.015625 (0 0001 000).
    expect(encodeE4M3(0.013671875)).toBe(0b0_0000_111);
    expect(encodeE4M3(2 ** -6)).toBe(0b0_0001_000);
  });

  it('tops out at 448 and saturates beyond it, infinities included', () => {
    // The largest normal: E = 1111, M = 110, 1.75 · 2^(15 − 7) = 1.75 · 256 = 448 → 0 1111 110 = 0x7e.
    expect(E4M3_MAX).toBe(448);
    expect(encodeE4M3(448)).toBe(0b0_1111_110);
    expect(decodeE4M3(0x7e)).toBe(448);
    // 500 would need 1.953 · 2^8: beyond the largest value, so it saturates to 448, as do 464 (the halfway point to
    // the 480 the format lacks), 10^6, +∞ and, with the sign, −1000.
    expect(roundE4M3(500)).toBe(448);
    expect(roundE4M3(464)).toBe(448);
    expect(roundE4M3(1e6)).toBe(448);
    expect(roundE4M3(Infinity)).toBe(448);
    expect(roundE4M3(-1000)).toBe(-448);
    expect(encodeE4M3(-1000)).toBe(0b1_1111_110);
    expect(readE4M3(500).saturated).toBe(true);
  });

  it('keeps NaN as the NaN code S 1111 111, and zero signed', () => {
    expect(encodeE4M3(NaN)).toBe(0x7f);
    expect(decodeE4M3(0x7f)).toBeNaN();
    expect(decodeE4M3(0xff)).toBeNaN();
    expect(encodeE4M3(0)).toBe(0);
    expect(encodeE4M3(-0)).toBe(0x80);
    expect(() => decodeE4M3(256)).toThrow(/not a byte/);
  });

  it('decodes every byte to a value that encodes back to the same byte (the two NaNs aside)', () => {
    for (let code = 0; code < 256; code++) {
      const v = decodeE4M3(code);
      if (Number.isNaN(v)) expect(code & 0x7f).toBe(0x7f);
      else expect(encodeE4M3(v)).toBe(code);
    }
  });
});

describe('block scaling', () => {
  // A 3 × 3 weight in 2 × 2 blocks: the blocks are rows 0–1 × cols 0–1, rows 0–1 × col 2, row 2 × cols 0–1 and
  // row 2 × col 2 (the edge blocks are smaller).
  const W = [
    7, -2.5, 0.5, //
    0.3, 1, -0.25,
    0, 0, 3,
  ];
  const q = quantiseBlocks(W, 3, 3, 2, 2);

  it('gives each block scale = amax/448, and an all-zero block scale 1', () => {
    // Block (0, 0): amax 7 → 7/448 = 1/64. Block (0, 1): amax 0.5 → 0.5/448 = 1/896 (as float32). Block (1, 0):
    // all zero → 1. Block (1, 1): amax 3 → 3/448.
    expect(q.blocksDown).toBe(2);
    expect(q.blocksAcross).toBe(2);
    expect(Array.from(q.scales)).toEqual([1 / 64, Math.fround(1 / 896), 1, Math.fround(3 / 448)]);
  });

  it('rounds x/scale to E4M3 and multiplies back', () => {
    // Block (0, 0) at scale 1/64: 7·64 = 448 and −2.5·64 = −160 = −1.25·2^7 and 1·64 = 64 are exact; 0.3·64 = 19.2
    // steps by 2 in [16, 32): 19.2/2 = 9.6 → 10 → 20, so 0.3 comes back as 20/64 = 0.3125.
    // Block (0, 1): 0.5 → 448 and −0.25 → −224 = −1.75·2^7, both exact. Block (1, 0): zeros stay zeros.
    // Block (1, 1): 3 → 448, exact.
    expect(Array.from(q.values)).toEqual([7, -2.5, 0.5, 0.3125, 1, -0.25, 0, 0, 3]);
    expect(q.underflows).toBe(0);
  });

  it('measures each block’s relative error', () => {
    // Only 0.3 moved, by 0.0125; block (0, 0)'s norm is √(49 + 6.25 + 0.09 + 1) = √56.34.
    const e = blockErrors(W, q.values, 3, 3, 2, 2);
    expect(e[0]).toBeCloseTo(0.0125 / Math.sqrt(56.34), 6);
    expect([e[1], e[2], e[3]]).toEqual([0, 0, 0]);
  });

  it('tiles an activation 1 × B along its input dimension, and blocks a weight B × B', () => {
    // x = [[1, 2, 4, 8, 16]] in 1 × 2 tiles: [1, 2], [4, 8], [16] → scales 2/448, 8/448, 16/448; every value is a
    // power of two times its tile's 448/amax, so all come back exactly.
    const x = quantiseActivation([1, 2, 4, 8, 16], 1, 5, 2);
    expect(Array.from(x.scales)).toEqual([2, 8, 16].map((a) => Math.fround(a / 448)));
    expect(Array.from(x.values)).toEqual([1, 2, 4, 8, 16]);
    const w = quantiseWeight(new Float32Array(5 * 3).fill(1), 5, 3, 2);
    expect([w.blocksDown, w.blocksAcross]).toEqual([3, 2]);
    expect(() => quantiseWeight([1], 1, 1, 0)).toThrow(/whole number ≥ 1/);
    expect(() => quantiseActivation([NaN], 1, 1, 1)).toThrow(/finite/);
  });

  it('underflows small values next to an outlier under one scale, and keeps them under tiles', () => {
    // One scale: amax 10^4 → scale 10^4/448, so 0.001 becomes 0.001·448/10^4 = 4.48·10^−5, below half of 2^−9:
    // zero. Tiles of 2 give [0.001, 0.002] its own scale.
    const x = [0.001, 0.002, 1e4, 1];
    expect(quantiseTensor(x, 1, 4).underflows).toBe(2);
    expect(quantiseActivation(x, 1, 4, 2).underflows).toBe(0);
  });
});

describe('limited-precision accumulation', () => {
  it('keeps k mantissa bits, rounding or chopping', () => {
    // With 3 mantissa bits, 1.0625 = 1.0001₂ lies halfway between 1 and 1.125: nearest-even gives 1; 1.1875 → 1.25.
    expect(roundToBits(1.0625, 3)).toBe(1);
    expect(roundToBits(1.1875, 3)).toBe(1.25);
    expect(roundToBits(1.1875, 3, 'chop')).toBe(1.125);
    expect(roundToBits(-1.1875, 3, 'chop')).toBe(-1.125);
  });

  it('loses small addends once the sum is large, and promotion every N_C wins them back', () => {
    // 4096 products of 1.125 = 4608. A 10-bit accumulator steps by 2^(e−10): by 1 in [1024, 2048), so each added
    // 1.125 is chopped to 1, and by 2 in [2048, 4096), where adding 1.125 chops to adding nothing: it sticks at 2048.
    const products = new Float64Array(4096).fill(1.125);
    const exact = 4096 * 1.125; // 4608
    expect(accumulate(products, { bits: 10 })).toBe(2048);
    // Promoted every 128: each partial sum reaches 144 at most, which 10 bits hold exactly (steps of 2^−3 up to 256).
    expect(accumulate(products, { bits: 10, promoteEvery: 128 })).toBe(exact);
    expect(accumulateFloat32(products)).toBe(exact);
  });
});
