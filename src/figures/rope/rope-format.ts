/** How the RoPE figures write frequencies, periods and position counts in words and axis ticks. */

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A frequency to 3 significant digits; below 0.001 in scientific notation, so θ/40 does not become "0.00000333".
 * @example formatTheta(1) // '1.00'; formatTheta(0.0562341) // '0.0562'; formatTheta(3.33e-6) // '3.33 × 10⁻⁶'
 */
export function formatTheta(theta: number): string {
  if (theta === 0 || !Number.isFinite(theta)) return String(theta);
  if (Math.abs(theta) >= 1e-3) return theta.toPrecision(3).replace('-', '−');
  const [mantissa, exponent] = theta.toExponential(2).split('e') as [string, string];
  const power = exponent.replace('+', '').replace('-', '⁻').replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!);
  return `${mantissa.replace('-', '−')} × 10${power}`;
}

/** Two significant digits below 10, whole numbers above, for a count in positions, thousands or millions. */
function twoDigits(x: number): string {
  return x < 9.95 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US');
}

/**
 * A wavelength λ (positions per full turn) in words: "6.3 positions", "628 positions", "6.3 thousand positions",
 * "1.9 million positions".
 * @example formatPeriod(2 * Math.PI) // '6.3 positions'; formatPeriod(47117) // '47 thousand positions'
 */
export function formatPeriod(wavelength: number): string {
  if (!Number.isFinite(wavelength)) return 'never';
  // Decide the unit on the rounded value, so 999.7 reads "1.0 thousand", not "1,000 positions".
  if (Math.round(wavelength) < 1000) return `${twoDigits(wavelength)} positions`;
  if (wavelength < 1e6 * (1 - 5e-4)) return `${twoDigits(wavelength / 1e3)} thousand positions`;
  return `${twoDigits(wavelength / 1e6)} million positions`;
}

/**
 * A power of two or ten as an axis tick: "4,096", "128K" (131,072 = 128 · 1024), "1M".
 * @example formatCount(131072) // '128K'; formatCount(4096) // '4,096'; formatCount(1e6) // '1M'
 */
export function formatCount(n: number): string {
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
  if (n >= 1e4 && n % 1024 === 0) return `${n / 1024}K`;
  if (n >= 1e4 && n % 1000 === 0) return `${n / 1000}K`;
  return n.toLocaleString('en-US');
}

/**
 * A power of ten as a log-axis tick, short enough for a phone: "1", "100", "1K", "10M".
 * @example formatDecade(1000) // '1K'; formatDecade(1e7) // '10M'; formatDecade(0.1) // '0.1'
 */
export function formatDecade(n: number): string {
  if (n >= 1e6) return `${Math.round(n / 1e6)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
}
