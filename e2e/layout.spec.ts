import { sitePages } from './gates/site-pages';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the figure sits above the steps and stays stuck to the top while they scroll', async ({ page }) => {
    await page.goto('/chapters/attention/');
    const figure = page.locator('[data-figure="attention"]');
    const figureBox = (await figure.boundingBox())!;
    const stepBox = (await page.locator('#tokens').boundingBox())!;
    expect(figureBox.y + figureBox.height).toBeLessThanOrEqual(stepBox.y);
    expect(figureBox.width).toBeGreaterThan(300);

    await scrollStepToMiddle(page, 'scores');
    await expect(figure).toHaveAttribute('data-state', 'scores');
    const stuck = (await page.locator('.scrolly-figure').boundingBox())!;
    expect(Math.abs(stuck.y)).toBeLessThan(2);
    // The active step is visible below the figure, not hidden behind it.
    const step = (await page.locator('#scores').boundingBox())!;
    expect(step.y + step.height).toBeGreaterThan(stuck.y + stuck.height);
    // Nothing overflows the page sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test('at 320 CSS px (WCAG reflow) no page scrolls sideways, at any step of any chapter', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 320, height: 640 });
  for (const { path } of sitePages()) {
    await page.goto(path);
    const header = await page.locator('.site-header').evaluate((el) => el.scrollWidth);
    expect(header, `header width on ${path}`).toBeLessThanOrEqual(320);
    const steps = await stepIds(page);
    for (const id of ['', ...steps]) {
      if (id) await scrollStepToMiddle(page, id);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width on ${path}${id ? `#${id}` : ''}`).toBeLessThanOrEqual(320);
    }
  }
});

test('at desktop width the figure sits beside the steps', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/chapters/attention/');
  const figureBox = (await page.locator('[data-figure="attention"]').boundingBox())!;
  const stepBox = (await page.locator('#tokens').boundingBox())!;
  expect(figureBox.x).toBeGreaterThan(stepBox.x + stepBox.width - 1);
});

test('the theme toggle overrides the system theme and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const lightBg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).not.toBe(lightBg);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the theme follows the system when the reader has not chosen', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});

test('at 320 CSS px a very long unknown word wraps or is shortened: the page never grows sideways', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openUrl(page, '/chapters/attention/#softmax');
  await expect(page.locator('[data-figure="attention"]')).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const notice = page.locator('[data-sentence-notice]');
  for (const word of ['x'.repeat(45), 'y'.repeat(100_000)]) {
    await field.fill(`the ${word} keys`);
    await field.press('Enter');
    await expect(notice).toContainText('read as <unk>');
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${word.length}-letter word`).toBeLessThanOrEqual(320);
  }
  // Zero-width and control characters are left out and named, never shown as an empty "unknown word".
  await field.fill('the\u200b keys\u0007 are');
  await field.press('Enter');
  await expect(notice).toHaveText('2 invisible characters were left out.');
});
