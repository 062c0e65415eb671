/**
 * Gate: every page stays on its own origin and logs nothing. Each page is opened in Chromium and scrolled to the
 * bottom slowly, so lazy figures and Plotly load; no request may leave the site's origin, and no console error or
 * warning (nor uncaught exception) may be logged.
 */
import { expect, test } from '../fixtures';
import { settle, sitePages } from './site-pages';

for (const { path } of sitePages()) {
  test(`${path} requests nothing off the site and logs no error or warning`, async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const origin = new URL(baseURL!).origin;
    const offsite: string[] = [];
    const logged: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (/^(data|blob):/.test(url)) return;
      if (new URL(url).origin !== origin) offsite.push(`${request.method()} ${url} (${request.resourceType()}, from ${page.url()})`);
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

    expect(offsite, `requests that left ${origin} on ${path}`).toEqual([]);
    expect(logged, `console errors/warnings on ${path}`).toEqual([]);
  });
}
