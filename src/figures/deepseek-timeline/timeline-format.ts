/** How the timeline prints counts and gaps (no imports, so the island can use it without the counter). */

const B = 1e9;

/**
 * A count in billions for the page: "671.0B", "13.3B", "1,573.0B", "2.59B".
 * @example billions(284.33e9) // '284.3B'
 */
export function billions(n: number): string {
  const b = n / B;
  const digits = b < 10 ? 2 : 1;
  return `${b.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}B`;
}

/**
 * A signed percentage: "+0.004%", "−2.7%".
 * @example signedPercent(-2.66) // '−2.7%'
 */
export function signedPercent(p: number): string {
  const digits = Math.abs(p) < 0.1 ? 3 : 1;
  const s = Math.abs(p).toFixed(digits);
  return `${p < 0 ? '−' : '+'}${s}%`;
}
