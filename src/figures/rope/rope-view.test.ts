import { describe, expect, it } from 'vitest';
import { forward } from '../../model/forward';
import { loadModelDir } from '../../model/model-dir';
import {
  SHIFT,
  engineAngle,
  layoutComparison,
  pairAfter,
  pairBefore,
  reversalComparison,
  reversedSentence,
  ropeTraceNames,
  ropeView,
  rotaryScore,
  shiftComparison,
  shiftedSentence,
  sinusoidalPositions,
} from './rope-view';

const { model, tokenizer } = loadModelDir();
const c = model.config;
const H = c.num_attention_heads;
const view = (sentence: string) => ropeView(forward(model, tokenizer.encode(sentence, { bos: true }).ids, { trace: ropeTraceNames() }).trace, H);
const WORDS = 'the keys to the small cabinet'.split(' ');
const plain = view(WORDS.join(' '));

describe('one pair before and after RoPE', () => {
  it('the traced rotated pair is the traced raw pair turned by m·θ_i, for every token, head and pair', () => {
    let worst = 0;
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < plain.T; t++) {
        for (let i = 0; i < plain.d / 2; i++) {
          const [a, b] = pairBefore(plain.qRaw[h]!, t, i, c.rope_interleave);
          const angle = engineAngle(t, i, plain.d, c.rope_theta);
          const [x, y] = pairAfter(plain.q[h]!, t, i);
          worst = Math.max(worst, Math.abs(x - (a * Math.cos(angle) - b * Math.sin(angle))), Math.abs(y - (a * Math.sin(angle) + b * Math.cos(angle))));
        }
      }
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('a rotation keeps the pair’s length', () => {
    const [a, b] = pairBefore(plain.kRaw, 6, 0, true);
    const [x, y] = pairAfter(plain.k, 6, 0);
    expect(Math.hypot(x, y)).toBeCloseTo(Math.hypot(a, b), 5);
  });
});

describe('shifting and reversing the sentence', () => {
  it('puts the prefix in front only when it fits', () => {
    expect(shiftedSentence(WORDS, 128)).toBe('anna saw that the keys to the small cabinet');
    expect(shiftedSentence(Array(127 - SHIFT).fill('the'), 128)).toBeDefined();
    expect(shiftedSentence(Array(128 - SHIFT).fill('the'), 128)).toBeUndefined();
    expect(reversedSentence(WORDS)).toBe('cabinet small the to keys the');
  });

  it('shifted: the same rotary scores to 1e-5, though the rotated key itself changed', () => {
    const shifted = view(shiftedSentence(WORDS, 128)!);
    const cmp = shiftComparison(plain, shifted, SHIFT, 0, plain.T - 1);
    expect(cmp.rows.map((r) => r.key)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(cmp.maxDiff).toBeLessThan(1e-5);
    expect(cmp.keyChange).toBeGreaterThan(0.05);
    for (const row of cmp.rows) expect(row.shifted).toBeCloseTo(row.plain, 5);
  });

  it('reversed: the content scores of the same two words do not change at all; the rotary ones do', () => {
    const reversed = view(reversedSentence(WORDS));
    const cmp = reversalComparison(plain, reversed);
    expect(cmp.partner(1)).toBe(6);
    expect(cmp.contentMaxDiff).toBeLessThan(1e-6);
    expect(cmp.rotaryMaxDiff).toBeGreaterThan(0.05);
  });
});

describe('the two layouts', () => {
  it('regrouping the dimensions and rotating half-split gives the model’s own score; a mismatched reading does not', () => {
    const cmp = layoutComparison(plain, 1, 6, 2, c.rope_theta);
    expect(cmp.interleaved).toBeCloseTo(rotaryScore(plain, 1, 6, 2), 5);
    expect(Math.abs(cmp.halfSplit - cmp.interleaved)).toBeLessThan(1e-6);
    expect(Math.abs(cmp.mismatched - cmp.interleaved)).toBeGreaterThan(1e-3);
  });
});

describe('sinusoidal position vectors (Vaswani §3.5)', () => {
  it('follow sin(pos/10000^(2i/D)) and cos(…) by hand', () => {
    const pe = sinusoidalPositions(3, 4);
    // pos 0: sin 0 = 0, cos 0 = 1. pos 1, i = 0: sin 1, cos 1; i = 1: 10000^(2/4) = 100, so sin(0.01), cos(0.01).
    expect(Array.from(pe.row(0))).toEqual([0, 1, 0, 1]);
    expect(pe.at(1, 0)).toBeCloseTo(Math.sin(1), 6);
    expect(pe.at(1, 1)).toBeCloseTo(Math.cos(1), 6);
    expect(pe.at(1, 2)).toBeCloseTo(Math.sin(0.01), 6);
    expect(pe.at(2, 3)).toBeCloseTo(Math.cos(0.02), 6);
  });
});
