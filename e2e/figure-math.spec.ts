/**
 * Figures write their math as math: no raw TeX ("c^KV", "W_Q", "\operatorname") in any figure's visible text, at
 * any step, in captions, worked lines and the read-outs of every matrix (hovered). And on a phone (390 CSS px) no
 * matrix runs off the screen unseen: each fits, or scrolls inside the figure and says so; no equation number covers
 * its equation.
 */
import type { Page } from '@playwright/test';
import { chapterPages } from './gates/site-pages';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';

/** Raw TeX left in visible text: a caret script, a backslash command, or a command name KaTeX/MathML would eat. */
const RAW_TEX = /\^[A-Za-z{]|\\[A-Za-z]+|operatorname|mathrm|_\{/;

async function figureTexts(page: Page): Promise<string[]> {
  return page.locator('[data-figure]').evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText));
}

const PHONE = { width: 390, height: 844 };

for (const { path } of chapterPages()) {
  test(`no raw TeX in the figures of ${path}, at any step or in any read-out; at 390 px every matrix fits or scrolls`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(PHONE);
    await page.goto(path);
    for (const id of await stepIds(page)) {
      await scrollStepToMiddle(page, id);
      const figure = page.locator(`[data-figure][data-state="${id}"]`).first();
      await expect(figure).toBeAttached();
      for (const text of await figureTexts(page)) expect(text, `${path}#${id}`).not.toMatch(RAW_TEX);
      // An equation's number stands clear of the equation: KaTeX places it at the right edge, over whatever is there.
      const overlaps = await page.locator('[data-figure] .katex-tag').evaluateAll((tags) =>
        tags
          .filter((tag) => (tag as HTMLElement).offsetParent !== null)
          .flatMap((tag) => {
            const bases = [...tag.parentElement!.querySelectorAll(':scope > .katex-base')];
            const end = Math.max(...bases.map((b) => b.getBoundingClientRect().right));
            const start = tag.getBoundingClientRect().left;
            return end > start + 0.5 ? [`${tag.textContent} covers ${(end - start).toFixed(1)} px of its equation`] : [];
          }),
      );
      expect(overlaps, `${path}#${id}`).toEqual([]);
      // Every matrix's read-out, for its first and its last cell.
      const matrices = figure.locator('[data-matrix]');
      for (let m = 0; m < (await matrices.count()); m++) {
        const fit = await matrices.nth(m).evaluate((el) => {
          const scroller = el.querySelector('.scroller')!;
          return { right: el.getBoundingClientRect().right, overflows: scroller.scrollWidth > scroller.clientWidth + 1 };
        });
        expect(fit.right, `${path}#${id}: a matrix runs past the screen's edge`).toBeLessThanOrEqual(PHONE.width + 0.5);
        if (fit.overflows) await expect(matrices.nth(m).locator('[data-scroll-note]'), `${path}#${id}`).toContainText('scroll sideways');
        if ((await matrices.nth(m).getAttribute('data-render')) === 'canvas') {
          // A matrix drawn on a canvas has no cells to hover; its read-out shows the highlighted cell (or asks for a hover).
          const readout = await matrices.nth(m).locator('[data-readout]').innerText();
          expect(readout, `${path}#${id} read-out`).not.toMatch(RAW_TEX);
          continue;
        }
        const cells = matrices.nth(m).locator('td[data-value]');
        for (const cell of [cells.first(), cells.last()]) {
          await cell.dispatchEvent('pointerenter');
          const readout = await matrices.nth(m).locator('[data-readout]').innerText();
          expect(readout, `${path}#${id} read-out`).not.toMatch(RAW_TEX);
          expect(readout.length, `${path}#${id} read-out`).toBeGreaterThan(3);
        }
      }
    }
  });
}

test('the caret test can fail: a raw label is caught', async ({ page }) => {
  await page.setContent('<figure data-figure="x"><p>C^KV of “cabinet”</p></figure>');
  expect((await figureTexts(page))[0]).toMatch(RAW_TEX);
  await page.setContent('<figure data-figure="x"><p>\\operatorname{RMSNorm}</p></figure>');
  expect((await figureTexts(page))[0]).toMatch(RAW_TEX);
});

test.describe('at phone width', () => {
  test.use({ viewport: PHONE });

  test('a matrix wider than the figure fades its hidden edge, says so, and the keyboard reaches its last column', async ({ page }) => {
    await openUrl(page, '/chapters/attention/#softmax');
    const figure = page.locator('[data-figure="attention"]');
    await expect(figure).toHaveAttribute('data-backend', /webgpu|cpu/);
    // A sentence long enough that its T × T weights cannot fit 390 px.
    const field = page.getByLabel('Sentence for MiniSeek');
    await field.fill('the keys to the small cabinet near the old door of the house are on the table by the window');
    await field.press('Enter');
    await scrollStepToMiddle(page, 'softmax');
    const matrix = figure.locator('[data-matrix="weights"]');
    await expect(matrix.locator('tbody th').last()).toHaveText('window');
    await expect(matrix).toHaveAttribute('data-overflow', 'true');
    await expect(matrix.locator('[data-scroll-note]')).toContainText('scroll sideways →');
    await expect(matrix.locator('.frame')).toHaveClass(/fade-right/);
    // Keyboard: End moves to the last column and brings it into view; the note then points back.
    await matrix.locator('tbody td[data-value]').first().focus();
    await page.keyboard.press('End');
    const last = matrix.locator('tbody tr').first().locator('td').last();
    await expect(last).toBeFocused();
    await expect(last).toBeInViewport();
    await expect(matrix.locator('[data-scroll-note]')).toContainText('←');
  });
});
