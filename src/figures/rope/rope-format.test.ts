import { describe, expect, it } from 'vitest';
import { formatCount, formatDecade, formatPeriod, formatTheta } from './rope-format';

describe('formatTheta', () => {
  it('writes 3 significant digits, scientific below 0.001', () => {
    expect(formatTheta(1)).toBe('1.00');
    expect(formatTheta(0.749894)).toBe('0.750');
    expect(formatTheta(0.0562341)).toBe('0.0562');
    expect(formatTheta(0.001)).toBe('0.00100');
    // V3's slowest pair, θ_31 = 10000^(−62/64) ≈ 1.3335e−4, and after YaRN θ/40 ≈ 3.3338e−6.
    expect(formatTheta(1.333521e-4)).toBe('1.33 × 10⁻⁴');
    expect(formatTheta(1.333521e-4 / 40)).toBe('3.33 × 10⁻⁶');
  });
});

describe('formatPeriod', () => {
  it('says positions, thousands or millions with two significant digits', () => {
    expect(formatPeriod(2 * Math.PI)).toBe('6.3 positions');
    expect(formatPeriod(62.83)).toBe('63 positions');
    expect(formatPeriod(628.3)).toBe('628 positions');
    expect(formatPeriod(999.7)).toBe('1.0 thousand positions');
    expect(formatPeriod(6283.2)).toBe('6.3 thousand positions');
    expect(formatPeriod(47117.2)).toBe('47 thousand positions');
    expect(formatPeriod(47117.2 * 40)).toBe('1.9 million positions');
  });
});

describe('formatCount', () => {
  it('writes context lengths as the papers do', () => {
    expect(formatCount(4096)).toBe('4,096');
    expect(formatCount(131072)).toBe('128K');
    expect(formatCount(100000)).toBe('100K');
    expect(formatCount(1e6)).toBe('1M');
    expect(formatCount(10)).toBe('10');
  });
});

describe('formatDecade', () => {
  it('shortens powers of ten for a log axis', () => {
    expect([0.1, 1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map(formatDecade)).toEqual(['0.1', '1', '10', '100', '1K', '10K', '100K', '1M', '10M']);
  });
});
