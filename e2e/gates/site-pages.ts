/**
 * The pages of the built site, for the quality gates that run over every page. The build directory is the one
 * `astro preview` serves in the e2e run: E2E_OUT_DIR when set, else dist/.
 */
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { listFiles } from '../../scripts/lib/list-files';

export { listFiles };

/** The absolute path of the build directory. */
export const BUILD_DIR = resolve(process.env.E2E_OUT_DIR ?? 'dist');

/** A page of the build: its URL path (`/`, `/chapters/attention/`, `/404.html`) and its HTML file. */
export interface SitePage {
  path: string;
  file: string;
}

/** Every HTML page of the build: each `**\/index.html` as its directory URL, and `404.html`. */
export function sitePages(dir: string = BUILD_DIR): SitePage[] {
  if (!existsSync(dir)) throw new Error(`No build directory at ${dir}: build the site first (or set E2E_OUT_DIR).`);
  const pages: SitePage[] = [];
  for (const file of listFiles(dir)) {
    const rel = relative(dir, file).split(sep).join('/');
    if (rel === 'index.html') pages.push({ path: '/', file });
    else if (rel.endsWith('/index.html')) pages.push({ path: `/${rel.slice(0, -'index.html'.length)}`, file });
    else if (rel === '404.html') pages.push({ path: '/404.html', file });
  }
  if (pages.length === 0) throw new Error(`No HTML pages in ${dir}`);
  return pages;
}

/** The chapter pages (`/chapters/<slug>/`). */
export function chapterPages(dir: string = BUILD_DIR): SitePage[] {
  return sitePages(dir).filter((p) => /^\/chapters\/[^/]+\/$/.test(p.path));
}

/**
 * Opens a page the way a reader meets it and waits until it has settled: scrolls to the bottom a part of a screen
 * at a time (so `client:visible` islands hydrate and lazy figures and Plotly load), then waits until every Astro
 * island has hydrated (Astro drops the `ssr` attribute), no figure has an empty `data-state`, nothing is `aria-busy`,
 * the lab's backend check has a verdict, the service worker has finished installing (where it runs), and the network
 * is idle.
 */
export async function settle(page: Page): Promise<void> {
  await expect(page.locator('main')).toBeVisible();
  for (let i = 0; i < 400; i++) {
    const atBottom = await page.evaluate(() => {
      window.scrollBy({ top: Math.round(window.innerHeight * 0.6), behavior: 'instant' });
      return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    });
    await page.waitForTimeout(60);
    if (atBottom) break;
  }
  await expect(page.locator('astro-island[ssr]'), `islands on ${page.url()} did not hydrate`).toHaveCount(0, { timeout: 20_000 });
  // Stepped figures carry their step in data-state; a figure without steps (mha-cache-growth) has none.
  await expect(page.locator('[data-figure][data-state=""]'), `figures on ${page.url()} with an empty data-state`).toHaveCount(0);
  const check = page.locator('[data-figure="backend-check"]');
  if ((await check.count()) > 0) await expect(check).toHaveAttribute('data-parity', /pass|fail|unavailable/, { timeout: 60_000 });
  await expect(page.locator('[aria-busy="true"]'), `figures still busy on ${page.url()}`).toHaveCount(0, { timeout: 30_000 });
  // The service worker's first download runs after load; its note ends 'ready', or 'off' where workers are blocked.
  await expect(page.locator('[data-offline-status]'), `the offline note on ${page.url()} did not settle`).not.toHaveAttribute('data-state', 'installing', { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
}

/**
 * Waits until the page has stopped changing: no DOM mutation (a figure switching steps after a scroll, a chart
 * redrawing) for `quietMs`, and no chart still loading. Axe measures colours of what is on screen; a figure caught
 * between two states can report a contrast that no reader ever sees.
 */
export async function quiet(page: Page, quietMs = 300, timeoutMs = 10_000): Promise<void> {
  await expect(page.locator('[data-plot="loading"]'), `charts still loading on ${page.url()}`).toHaveCount(0, { timeout: timeoutMs });
  await page.evaluate(
    ({ quietMs, timeoutMs }) =>
      new Promise<void>((resolve) => {
        let timer = setTimeout(done, quietMs);
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(done, quietMs);
        });
        const give = setTimeout(done, timeoutMs);
        function done(): void {
          observer.disconnect();
          clearTimeout(give);
          resolve();
        }
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      }),
    { quietMs, timeoutMs },
  );
}
