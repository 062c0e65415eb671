/**
 * Gate: every page stays on its own origin, keeps to its Content-Security-Policy and logs nothing. Each page is
 * opened in Chromium and scrolled to the bottom slowly, so lazy figures and Plotly load; no request may leave the
 * site's origin (the service worker's precache download included), no CSP violation may be reported, and no console
 * error or warning (nor uncaught exception) may be logged.
 */
import { expect, test } from '../fixtures';
import { cspViolations, expectStrictPolicy, watchCsp } from './csp';
import { settle, sitePages } from './site-pages';

// As readers get it: the service worker registers and downloads the course. (Blocking it would also make Playwright
// log a warning of its own on every page.)
test.use({ serviceWorkers: 'allow' });

for (const { path } of sitePages()) {
  test(`${path} requests nothing off the site, violates no CSP and logs no error or warning`, async ({ page, context, baseURL }) => {
    test.setTimeout(120_000);
    await watchCsp(context);
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

    await expectStrictPolicy(page);
    expect(await cspViolations(page), `CSP violations on ${path}`).toEqual([]);
    expect(offsite, `requests that left ${origin} on ${path}`).toEqual([]);
    expect(logged, `console errors/warnings on ${path}`).toEqual([]);
  });
}

test('the CSP gate sees a violation: an injected inline script is refused and reported', async ({ page, context, consoleProblems }) => {
  await watchCsp(context);
  await page.goto('/');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.head.append(script);
  });
  await expect.poll(() => cspViolations(page)).toEqual([expect.stringMatching(/^script-src-elem inline/)]);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  // Chromium also logs the refusal as a console error, which is expected here and only here.
  const refusal = consoleProblems.findIndex((p) => /Content Security Policy/.test(p));
  expect(refusal).toBeGreaterThanOrEqual(0);
  consoleProblems.splice(refusal, 1);
});
