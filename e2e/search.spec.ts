/**
 * The site search (src/search/): the header's field finds places in every chapter and links to the exact step, on the
 * served site and in the offline copy from file://; keys `/`, ↓ ↑, Enter and Escape; nothing of it loads on a first
 * view; phones open it from a button; axe finds nothing with the results open, in both themes.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, Request } from '@playwright/test';
import { exportedUrl, requireExport } from './export-copy';
import { cspViolations, watchCsp } from './gates/csp';
import { expect, test } from './fixtures';

const MLA = 'multi-head-latent-attention';
/** What the search loads on first use: its code chunk (with MiniSearch) and the index. */
const SEARCH_FILES = /search-panel\.[\w-]+\.js|search-index\.js/;

const searchbox = (page: Page) => page.getByRole('searchbox', { name: 'Search the course' });
const results = (page: Page) => page.getByRole('list', { name: 'Search results' });
const resultLinks = (page: Page) => results(page).getByRole('link');

/** Types a query with the `/` shortcut, as a reader would, and waits for the results. */
async function searchFor(page: Page, query: string): Promise<void> {
  await page.locator('body').press('/');
  await expect(searchbox(page)).toBeFocused();
  await page.keyboard.type(query);
  await expect(page.locator('#site-search-results')).toBeVisible();
  await expect(page.locator('.search-summary')).toContainText(`for “${query}”`);
}

/** The MLA chapter and one of its steps among the results for "latent", each link pointing at its place. */
async function expectLatentResults(page: Page, chapterUrl: RegExp, stepUrl: RegExp): Promise<void> {
  const hrefs = await resultLinks(page).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.some((h) => chapterUrl.test(h)), `the MLA chapter is listed: ${hrefs.join(', ')}`).toBe(true);
  expect(hrefs.some((h) => stepUrl.test(h)), `an MLA step is listed: ${hrefs.join(', ')}`).toBe(true);
  // The matched word is highlighted in titles and snippets.
  await expect(results(page).locator('mark').first()).toHaveText(/^latent$/i);
  await expect(page.getByRole('list', { name: 'Search results' }).locator('.search-hit-snippet').first()).not.toBeEmpty();
}

test.describe('site search, served', () => {
  test('a first view loads neither the search code nor its index; the first search does', async ({ page }) => {
    const loaded: string[] = [];
    page.on('request', (r: Request) => loaded.push(r.url()));
    await page.goto(`/chapters/attention/`, { waitUntil: 'networkidle' });
    await expect(searchbox(page)).toBeVisible();
    expect(loaded.filter((u) => SEARCH_FILES.test(u)), 'search files on the first view').toEqual([]);
    await searchbox(page).focus();
    await expect.poll(() => loaded.filter((u) => SEARCH_FILES.test(u)).length).toBe(2);
  });

  test('"latent" lists the MLA chapter and its steps; the keys move through the results and follow one', async ({ page, context }) => {
    await watchCsp(context);
    await page.goto('/');
    await searchFor(page, 'latent');
    await expectLatentResults(page, new RegExp(`/chapters/${MLA}/$`), new RegExp(`/chapters/${MLA}/#[a-z0-9-]+$`));

    // ↓ enters the list, ↓ ↑ move through it, ↑ from the first result returns to the field.
    const links = resultLinks(page);
    await page.keyboard.press('ArrowDown');
    await expect(links.nth(0)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(links.nth(0)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(searchbox(page)).toBeFocused();

    // Escape closes the results and leaves the reader in the field; typing again reopens them.
    await page.keyboard.press('Escape');
    await expect(results(page)).toBeHidden();
    await expect(searchbox(page)).toBeFocused();
    await expect(searchbox(page)).toHaveValue('latent');
    await page.keyboard.press('ArrowDown'); // nothing to enter while closed
    await expect(searchbox(page)).toBeFocused();
    await page.keyboard.type(' key');
    await expect(results(page)).toBeVisible();

    // Enter on a focused result follows it to the exact step.
    const stepLink = links.filter({ has: page.locator('.search-hit-chapter', { hasText: 'Multi-head latent attention' }) }).first();
    const href = await stepLink.getAttribute('href');
    const step = new URL(href!).hash.slice(1);
    expect(step, `a step result: ${href}`).not.toBe('');
    await stepLink.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/chapters/${MLA}/#${step}$`));
    await expect(page.locator(`#${step}`)).toBeInViewport();
    expect(await cspViolations(page)).toEqual([]);
  });

  test('Enter in the field follows the first result; a result on the same page moves to its step', async ({ page }) => {
    await page.goto(`/chapters/${MLA}/`);
    await searchFor(page, 'absorption attention latent');
    const first = await resultLinks(page).first().getAttribute('href');
    expect(first).toMatch(new RegExp(`/chapters/${MLA}/#absorbed$`));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#absorbed$`));
    await expect(page.locator('#absorbed')).toHaveAttribute('data-active', '');
    await expect(results(page)).toBeHidden();
  });

  test('a result on the same page keeps the page: its ?s= sentence stays and nothing reloads', async ({ page }) => {
    await page.goto(`/chapters/${MLA}/?s=the+key+near+the+red+boxes`);
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
    await searchFor(page, 'absorption attention latent');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`\\?s=the\\+key\\+near\\+the\\+red\\+boxes#absorbed$`));
    await expect(page.locator('#absorbed')).toHaveAttribute('data-active', '');
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
  });

  test('the text of equations is searched: a word only in a figure’s equation finds its step', async ({ page }) => {
    await page.goto('/');
    // \operatorname{clamp} appears only in the RoPE figure's equation, not in any prose.
    await searchFor(page, 'clamp');
    await expect(resultLinks(page).first()).toHaveAttribute('href', /\/chapters\/rope\/#[a-z0-9-]+$/);
    await expect(results(page).locator('.search-hit-snippet mark').first()).toHaveText('clamp');
  });

  test('`/` is a character, not the shortcut, while the reader types in a field', async ({ page }) => {
    await page.goto('/chapters/attention/');
    const field = page.locator('#sentence-field');
    await field.scrollIntoViewIfNeeded();
    await field.focus();
    await field.press('End');
    await page.keyboard.type('/');
    await expect(field).toBeFocused();
    await expect(field).toHaveValue(/\/$/);
    await expect(searchbox(page)).toHaveValue('');
  });

  test('a query with no match says so', async ({ page }) => {
    await page.goto('/');
    await searchFor(page, 'zzqxv');
    await expect(page.locator('.search-summary')).toHaveText('Nothing found for “zzqxv”.');
    await expect(resultLinks(page)).toHaveCount(0);
  });

  test('on a 320 px phone a button opens the field, the header still fits, Escape closes it', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`/chapters/${MLA}/`);
    const toggle = page.getByRole('button', { name: 'Search the course' });
    await expect(toggle).toBeVisible();
    await expect(searchbox(page)).toBeHidden();
    const overflow = await page.locator('.site-header').evaluate((h) => h.scrollWidth - h.clientWidth);
    expect(overflow, 'the header overflows at 320 px').toBeLessThanOrEqual(0);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(searchbox(page)).toBeFocused();
    await page.keyboard.type('latent');
    await expect(resultLinks(page).first()).toBeVisible();
    const box = (await searchbox(page).boundingBox())!;
    expect(box.x + box.width, 'the field fits the phone').toBeLessThanOrEqual(320);
    await page.keyboard.press('Escape');
    await expect(searchbox(page)).toBeHidden();
    await expect(toggle).toBeFocused();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      test(`axe finds nothing with the results open (${theme}, ${width} px)`, async ({ page }) => {
        await page.setViewportSize({ width, height: 800 });
        await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
        await page.goto('/');
        await searchFor(page, 'latent');
        await expect(resultLinks(page).first()).toBeVisible();
        const { violations } = await new AxeBuilder({ page }).include('.site-header').analyze();
        expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      });
    }
  }
});

test.describe('site search, hosted site offline after one visit', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the service worker holds the index and the search code: "latent" still finds the MLA chapter offline', async ({ page, context }) => {
    test.setTimeout(120_000);
    await page.goto('/');
    await expect(page.locator('[data-offline-status]')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    await context.setOffline(true);
    await page.reload();
    const served: string[] = [];
    page.on('response', (r) => {
      if (SEARCH_FILES.test(r.url())) served.push(`${new URL(r.url()).pathname} ${r.fromServiceWorker() ? 'cache' : 'network'}`);
    });
    await searchFor(page, 'latent');
    await expectLatentResults(page, new RegExp(`/chapters/${MLA}/$`), new RegExp(`/chapters/${MLA}/#[a-z0-9-]+$`));
    expect(served.sort()).toEqual([expect.stringMatching(/^\/_astro\/search-panel\.[\w-]+\.js cache$/), '/search-index.js cache']);
  });
});

test.describe('site search, offline copy', () => {
  test.beforeAll(() => requireExport());

  test('"latent" from file:// lists the MLA chapter, and its step links open the copy’s page at the step', async ({ page, context }) => {
    await watchCsp(context);
    await page.goto(exportedUrl('/'));
    await searchFor(page, 'latent');
    const chapterFile = exportedUrl(`/chapters/${MLA}/`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expectLatentResults(page, new RegExp(`^${chapterFile}$`), new RegExp(`^${chapterFile}#[a-z0-9-]+$`));
    const stepLink = resultLinks(page).filter({ has: page.locator('.search-hit-chapter', { hasText: 'Multi-head latent attention' }) }).first();
    const step = new URL((await stepLink.getAttribute('href'))!).hash.slice(1);
    await stepLink.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(exportedUrl(`/chapters/${MLA}/`, `#${step}`));
    await expect(page.locator(`#${step}`)).toBeInViewport();

    // The search works the same from a page deeper in the copy, and its links still resolve.
    await searchFor(page, 'softmax');
    const href = await resultLinks(page).first().getAttribute('href');
    expect(href).toMatch(/^file:\/\/.*\/chapters\/[a-z-]+\/index\.html#[a-z0-9-]+$/);
    expect(await cspViolations(page)).toEqual([]);
  });
});
