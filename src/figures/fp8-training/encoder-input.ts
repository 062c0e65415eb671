/** What the E4M3 encoder accepts: a decimal number (1.5, −0.005, 1e-3), a power of two (2^-9), ±inf or NaN. */

export type ParsedNumber = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const POWER = /^([+-]?)2\^\(?([+-]?\d+)\)?$/;

/**
 * @example parseNumberInput('2^-9') // { ok: true, value: 0.001953125 }
 */
export function parseNumberInput(text: string): ParsedNumber {
  // A typographic minus (−) and spaces are what a reader may paste from the page.
  const s = text.trim().replace(/\u2212/g, '-').replace(/\s+/g, '');
  if (s === '') return { ok: false, message: 'Type a number, e.g. 3.3, 0.005, 500 or 2^-9.' };
  if (s.length > 40) return { ok: false, message: 'That is too long for a number: type at most 40 characters.' };
  if (/^[+-]?(inf|infinity|∞)$/i.test(s)) return { ok: true, value: s.startsWith('-') ? -Infinity : Infinity };
  if (/^nan$/i.test(s)) return { ok: true, value: NaN };
  const power = POWER.exec(s);
  if (power) {
    const e = Number(power[2]);
    if (Math.abs(e) > 1000) return { ok: false, message: `2^${e} is beyond what this page computes with; try an exponent from −1000 to 1000.` };
    return { ok: true, value: (power[1] === '-' ? -1 : 1) * 2 ** e };
  }
  if (DECIMAL.test(s)) return { ok: true, value: Number(s) };
  return { ok: false, message: `“${text.trim().slice(0, 40)}” is not a number this encoder reads: type a decimal such as −2.5 or 1e-3, or a power of two such as 2^-9.` };
}
