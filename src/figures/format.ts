/** Number formatting for figures: fixed decimals, a true minus sign, and no "−0.00". */

/**
 * @example formatNumber(-0.123) // '−0.12'; formatNumber(-0.001) // '0.00'
 */
export function formatNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  const text = Math.abs(x).toFixed(digits);
  const isZero = Number(text) === 0;
  return x < 0 && !isZero ? `−${text}` : text;
}

/** Labels for token rows: a repeated word gets its position, so "the" and "the" can be told apart. */
export function tokenLabels(tokens: readonly string[]): string[] {
  const counts = new Map<string, number>();
  tokens.forEach((t) => counts.set(t, (counts.get(t) ?? 0) + 1));
  return tokens.map((t, i) => ((counts.get(t) ?? 0) > 1 ? `${t} (${i + 1})` : t));
}

/** Index of the largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/**
 * A small number in scientific notation as the prose writes it: one decimal of mantissa, × 10 with a superscript.
 * @example formatScientific(0.0000015) // '1.5 × 10⁻⁶'; formatScientific(0) // '0'
 */
export function formatScientific(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return formatNumber(x);
  const [mantissa, exponent] = x.toExponential(1).split('e') as [string, string];
  const power = exponent.replace('+', '').replace('-', '⁻').replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]!);
  return `${mantissa.replace('-', '−')} × 10${power}`;
}
