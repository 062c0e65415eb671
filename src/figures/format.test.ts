import { describe, expect, it } from 'vitest';
import { argmax, formatNumber, formatScientific, tokenLabels } from './format';

describe('formatNumber', () => {
  it('uses a minus sign and never prints negative zero', () => {
    expect(formatNumber(-0.123)).toBe('−0.12');
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatNumber(1.005, 1)).toBe('1.0');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});

describe('tokenLabels', () => {
  it('numbers only repeated words', () => {
    expect(tokenLabels(['the', 'keys', 'the'])).toEqual(['the (1)', 'keys', 'the (3)']);
  });
});

describe('argmax', () => {
  it('returns the first index of the largest value', () => {
    expect(argmax([0.1, 0.7, 0.7, 0.2])).toBe(1);
  });
});

describe('formatScientific', () => {
  it('writes a mantissa and a superscript power of ten, as the prose does', () => {
    expect(formatScientific(0.0000015)).toBe('1.5 × 10⁻⁶');
    expect(formatScientific(-2.44e-7)).toBe('−2.4 × 10⁻⁷');
    expect(formatScientific(12345)).toBe('1.2 × 10⁴');
    expect(formatScientific(0)).toBe('0');
  });
});
