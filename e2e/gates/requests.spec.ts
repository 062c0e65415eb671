/**
 * Gate: every page stays on its own origin and logs nothing. Each page is opened in Chromium and scrolled to the
 * bottom slowly, so lazy figures and Plotly load; no request may leave the site's origin (the service worker's
 * precache download included), and no console error or warning (nor uncaught exception) may be logged.
 */
import { expect, test } from '../fixtures';
import { settle, sitePages } from './site-pages';

// As readers get it: the service worker registers and downloads the course. (Blocking it would also make Playwright
// log a warning of its own on every page.)
test.use({ serviceWorkers: 'allow' });

for (const { path } of sitePages()) {
  test(`${path} requests nothing off the site and logs no error or warning`, async ({ page, context, baseURL }) => {
    test.setTimeout(120_000);
    const origin = new URL(baseURL!).origin;
    const offsite: string[] = [];
    const logged: string[] = [];
    // The context sees the page's requests and the service worker's.
    context.on('request', (request) => {
      const url = request.url();
      if (/^(data|blob):/.test(url)) return;
      const from = request.serviceWorker() ? 'the service worker' : page.url();
      if (new URL(url).origin !== origin) offsite.push(`${request.method()} ${url} (${request.resourceType()}, from ${from})`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        const where = message.location();
        logged.push(`console ${message.type()}: ${message.text()}${where.url ? ` (at ${where.url}:${where.lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (error) => logged.push(`page error: ${error.message}`));

    const response = await page.goto(path);
    expect(response?.ok(), `status ${response?.status()} for ${path}`).toBe(true);
    await settle(page);
    // The worker has fetched its whole precache by now, so its requests were checked too.
    await expect(page.locator('[data-offline-status]')).toHaveAttribute('data-state', 'ready');

    expect(offsite, `requests that left ${origin} on ${path}`).toEqual([]);
    expect(logged, `console errors/warnings on ${path}`).toEqual([]);
  });
}
