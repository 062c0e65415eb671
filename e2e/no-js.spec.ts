import { expect, test } from './fixtures';

test.use({ javaScriptEnabled: false });

test('without JavaScript the chapter is complete: prose, math and the figure in its first state', async ({ page }) => {
  await page.goto('/chapters/attention/');
  await expect(page.getByRole('heading', { level: 1, name: 'Attention' })).toBeVisible();
  // Math is KaTeX HTML rendered at build time, in prose and in the figure.
  expect(await page.locator('.chapter-body p .katex').count()).toBeGreaterThan(5);
  await expect(page.locator('[data-figure="attention"] .katex-display')).toHaveCount(1);
  // The figure's server-rendered first state, with its numbers.
  const figure = page.locator('[data-figure="attention"]');
  await expect(figure).toHaveAttribute('data-state', 'tokens');
  // 7 tokens (<bos> and six words) × MiniSeek's 64 hidden dimensions, computed when the site was built.
  await expect(figure.locator('[data-matrix="x"] td[data-value]')).toHaveCount(7 * 64);
  // The sentence field cannot run without scripts, and says so.
  await expect(page.getByLabel('Sentence for MiniSeek')).toBeDisabled();
  // Every step's text is there, and controls that need JavaScript are not shown.
  await expect(page.locator('[data-step]')).toHaveCount(7);
  await expect(page.getByRole('button', { name: /Copy link/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Dark theme/ })).toHaveCount(0);
  // No KaTeX JavaScript is shipped: math was rendered at build time.
  const scripts = await page.locator('script[src]').evaluateAll((els) => els.map((el) => el.getAttribute('src')));
  expect(scripts.filter((s) => /katex/i.test(s ?? ''))).toEqual([]);
});
