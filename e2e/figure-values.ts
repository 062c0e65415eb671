/** Reading a figure's matrices in the e2e specs, and comparing them with the CPU reference computed in Node. */
import { expect, type Page } from '@playwright/test';

/**
 * The full-precision values (`data-value`) of a figure's matrix, row by row.
 * @example await matrixValues(page, '[data-figure="attention"]', 'weights')
 */
export async function matrixValues(page: Page, figure: string, name: string): Promise<number[]> {
  return page.locator(`${figure} [data-matrix="${name}"] td[data-value]`).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-value'))));
}

/**
 * Expects shown values to match the reference within 1e-4 absolute or 1e-3 relative (the GPU's float32 against the
 * CPU's); a non-finite reference entry (a masked score, −∞) must be shown exactly.
 */
export function expectClose(shown: number[], expected: ArrayLike<number>, what = ''): void {
  const label = what ? `${what} ` : '';
  expect(shown, what || undefined).toHaveLength(expected.length);
  shown.forEach((x, i) => {
    const e = expected[i]!;
    if (!Number.isFinite(e)) expect(x).toBe(e);
    else expect(Math.abs(x - e), `${label}entry ${i}: ${x} vs ${e}`).toBeLessThanOrEqual(Math.max(1e-4, 1e-3 * Math.abs(e)));
  });
}
