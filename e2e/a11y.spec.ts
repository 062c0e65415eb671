/**
 * Axe on a deep link (the gate in gates/a11y.spec.ts covers every page from its top): the attention chapter opened
 * at #softmax, once its figure has reached that step with live numbers.
 */
import { axeViolations } from './axe-check';
import { expect, openUrl, test } from './fixtures';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations on /chapters/attention/#softmax (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openUrl(page, '/chapters/attention/#softmax');
    expect(await axeViolations(page, { figure: '[data-figure="attention"]', state: 'softmax' })).toEqual([]);
  });
}
