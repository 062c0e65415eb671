/**
 * Notation and citations on hover (src/markdown/rehype-notation.ts, rehype-citations.ts, components/HoverCards.astro):
 * a symbol or a source reference in the prose shows its card on hover and on focus, the card stays while the pointer
 * moves onto it, Escape closes it, a screen reader gets it as the trigger's description, it covers neither its
 * trigger nor (on a phone) the text, and axe finds nothing with cards open in either theme.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { deepSeekV3Sizes, miniSeekSizes, NOTATION, sizeText } from '../src/course/notation';
import { parseConfig } from '../src/model/config';
import { exportedUrl, requireExport } from './export-copy';
import { expect, test } from './fixtures';
import { quiet } from './gates/site-pages';

const MLA = '/chapters/multi-head-latent-attention/';
const miniseek = miniSeekSizes(parseConfig(JSON.parse(readFileSync('public/models/miniseek/config.json', 'utf8'))));
const v3 = deepSeekV3Sizes();
const dc = NOTATION.find((e) => e.id === 'd-c')!;

const notation = (page: Page, id: string) => page.locator(`[data-hovercard="notation"][data-notation="${id}"]`).first();
const citation = (page: Page, text: string) => page.locator('[data-hovercard="citation"]', { has: page.getByText(text, { exact: true }) }).first();
const trigger = (card: Locator) => card.locator('.hovercard-trigger');
const body = (card: Locator) => card.locator('[data-hovercard-card]');

/** Two boxes overlap. */
function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('hovering a symbol shows its meaning and its sizes; the card stays under the pointer and Escape closes it', async ({ page }) => {
  await page.goto(MLA);
  const card = notation(page, 'd-c');
  await trigger(card).scrollIntoViewIfNeeded();
  await expect(body(card)).toBeHidden();
  await trigger(card).hover();
  await expect(body(card)).toBeVisible();
  await expect(body(card)).toContainText('key–value latent width');
  await expect(body(card)).toContainText(`MiniSeek: ${sizeText(dc, miniseek)}`);
  await expect(body(card)).toContainText(`DeepSeek-V3: ${sizeText(dc, v3)}`);
  // It opens next to the symbol, not over it, and inside the window.
  const t = (await trigger(card).boundingBox())!;
  const c = (await body(card).boundingBox())!;
  expect(overlaps(t, c)).toBe(false);
  expect(c.x).toBeGreaterThanOrEqual(0);
  expect(c.x + c.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  // The pointer can move onto the card (WCAG 1.4.13, hoverable) ...
  await page.mouse.move(t.x + t.width / 2, t.y + t.height - 1);
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2, { steps: 5 });
  await expect(body(card)).toBeVisible();
  // ... and Escape dismisses it, until the pointer comes back.
  await page.keyboard.press('Escape');
  await expect(body(card)).toBeHidden();
  await page.mouse.move(0, 0);
  await trigger(card).hover();
  await expect(body(card)).toBeVisible();
});

test('a citation opens on focus, is the trigger’s description, and its link is reachable with Tab', async ({ page }) => {
  await page.goto(MLA);
  const card = citation(page, 'V3 §2.1.1');
  await trigger(card).focus();
  await expect(body(card)).toBeVisible();
  await expect(trigger(card)).toHaveAccessibleDescription(/DeepSeek-V3 Technical Report.*arXiv 2412\.19437 · §2\.1\.1/);
  await expect(body(card)).toContainText('The chapter draws on §2.1.1 Multi-Head Latent Attention');
  const link = body(card).getByRole('link', { name: 'arXiv 2412.19437 on arxiv.org' });
  await expect(link).toHaveAttribute('href', 'https://arxiv.org/abs/2412.19437');
  await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  await expect(body(card)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(body(card)).toBeHidden();
  // Focus leaving and coming back opens it again.
  await page.keyboard.press('Shift+Tab');
  await expect(trigger(card)).toBeFocused();
  await expect(body(card)).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await expect(body(card)).toBeHidden();
});

test('a symbol the prose does not mean, and a reference to no source of the chapter, stay plain text', async ({ page }) => {
  await page.goto(MLA);
  // "$d_c = 4 d_h$" is a formula, not the symbol; "(§2.1.4)" names no paper.
  const prose = page.locator('.chapter-body');
  await expect(prose.locator('[data-hovercard] annotation', { hasText: /^d_c = 4 d_h$/ })).toHaveCount(0);
  await expect(prose.locator('[data-hovercard="citation"] .hovercard-trigger', { hasText: /^§/ })).toHaveCount(0);
});

test('on a phone the card is a sheet that covers neither the symbol nor the line being read', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(MLA);
  const card = notation(page, 'w-dkv');
  for (const where of ['center', 'end'] as const) {
    await trigger(card).evaluate((el, block) => el.scrollIntoView({ block, behavior: 'instant' }), where);
    await trigger(card).evaluate((el) => (el as HTMLElement).focus({ preventScroll: true }));
    await expect(body(card)).toBeVisible();
    const t = (await trigger(card).boundingBox())!;
    const c = (await body(card).boundingBox())!;
    expect(overlaps({ x: 0, y: t.y, width: 390, height: t.height }, c), `the card covers the symbol's line (trigger at the ${where})`).toBe(false);
    expect(c.x).toBeGreaterThanOrEqual(0);
    expect(c.x + c.width).toBeLessThanOrEqual(390);
    expect(c.y + c.height).toBeLessThanOrEqual(844);
    await trigger(card).blur();
    await expect(body(card)).toBeHidden();
  }
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violation with a notation and a citation card open (${colorScheme} theme, 1280 and 390 px)`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme });
    await page.goto(MLA);
    for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      const cite = citation(page, 'V3 §2.1.1');
      const symbol = notation(page, 'd-c');
      await trigger(cite).focus();
      await expect(body(cite)).toBeVisible();
      if (size.width > 768) {
        await trigger(symbol).hover();
        await expect(body(symbol)).toBeVisible();
      }
      await quiet(page);
      const results = await new AxeBuilder({ page }).analyze();
      const violations = results.violations.map((v) => `${size.width} px — ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(violations).toEqual([]);
      await expect(body(cite)).toBeVisible();
    }
  });
}

test('the notation page lists every symbol with its sizes, linked from the course map and the footer', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Course map' }).getByRole('link', { name: 'notation' }).click();
  await expect(page).toHaveURL(/\/notation\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Notation' })).toBeVisible();
  await expect(page.locator('[data-notation-entry]')).toHaveCount(NOTATION.length);
  const entry = page.locator('#w-uk');
  await expect(entry).toContainText('key up-projection');
  await expect(entry).toContainText(`MiniSeek: ${sizeText(NOTATION.find((e) => e.id === 'w-uk')!, miniseek)}`);
  await expect(entry).toContainText('DeepSeek-V3: 512 × 16,384');
  await expect(page.locator('.site-footer').getByRole('link', { name: 'Notation' })).toHaveAttribute('href', '/notation/');
});

test('the cards work in the offline copy from file://', async ({ page }) => {
  requireExport();
  await page.goto(exportedUrl(MLA));
  const card = citation(page, 'V3 §2.1.1');
  await trigger(card).focus();
  await expect(body(card)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(body(card)).toBeHidden();
});
