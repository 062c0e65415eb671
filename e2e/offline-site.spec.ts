/**
 * The hosted site keeps working offline after one visit: the service worker precaches every page, script, font and
 * model file; a new deploy is offered to the reader, never forced. Service workers are blocked in the other specs
 * (playwright.config.ts), so this one allows them.
 */
import type { Page } from '@playwright/test';
import { expect, scrollStepToMiddle, stepIds, test } from './fixtures';
import { chapterPages, settle } from './gates/site-pages';
import { startVersionedServer, type VersionedServer } from './versioned-server';

test.use({ serviceWorkers: 'allow' });

/** A sentence none of the chapters starts with, so a figure that shows it was computed live, offline. */
const SENTENCE = 'the key near the red boxes';
const note = (page: Page) => page.locator('[data-offline-status]');

/** Every console error or warning and uncaught exception of a page (the quality gates allow none). */
function watchConsole(page: Page): string[] {
  const logged: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') logged.push(`console ${m.type()}: ${m.text()} (on ${page.url()})`);
  });
  page.on('pageerror', (e) => logged.push(`page error: ${e.message} (on ${page.url()})`));
  return logged;
}

/** Waits until the worker has installed its precache and controls the page, and the note says so. */
async function waitUntilAvailableOffline(page: Page): Promise<void> {
  await expect(note(page)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(note(page).getByRole('status')).toHaveText('Available offline');
  await expect(note(page).getByRole('status')).toBeVisible();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none')).toBe('activated');
}

test('after one visit, every chapter works offline: pages, figures and the live model come from the cache', async ({ page, context }) => {
  test.setTimeout(300_000);
  const logged = watchConsole(page);
  await page.goto('/');
  await waitUntilAvailableOffline(page);

  await context.setOffline(true);
  const failed: string[] = [];
  const notFromCache: string[] = [];
  const fromCache = new Set<string>();
  // ERR_ABORTED is the browser cancelling a request because the test navigated on (the favicon of a page left
  // before it loaded): not a request the cache failed to answer, which reads ERR_FAILED or ERR_INTERNET_DISCONNECTED.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (!/^https?:/.test(r.url())) return;
    if (r.fromServiceWorker()) fromCache.add(new URL(r.url()).pathname);
    else notFromCache.push(r.url());
  });
  await page.reload();
  await expect(note(page)).toHaveAttribute('data-state', 'ready');

  // The chapters as the (offline) course map links them, checked against the build's chapter pages.
  const chapters = await page.locator('main a[href^="/chapters/"]').evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')!))]);
  expect(chapters.sort()).toEqual(chapterPages().map((p) => p.path).sort());

  for (const path of chapters) {
    await page.goto(path);
    // Every island hydrates, lazy figures and Plotly load, nothing stays busy.
    await settle(page);
    // Gradient descent and backpropagation work on small networks of their own and read no sentence: hydrated
    // islands (settle) are all there is to check; every other chapter runs the live model from the cache.
    const field = page.getByLabel('Sentence for MiniSeek');
    if ((await field.count()) === 0) continue;
    // (The FP8 figure emulates FP8 on the CPU by design: its mark of the live model is data-live.)
    await expect(page.locator('[data-figure][data-backend="webgpu"], [data-figure="fp8"] [data-worked][data-live]').first()).toBeAttached();

    // The live model reads a new sentence from the cached checkpoint: some figure shows it, with numbers.
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await field.fill(SENTENCE);
    await field.press('Enter');
    const rowsOfNewSentence = page.locator('[data-figure] [data-matrix]').filter({ has: page.locator('tbody th', { hasText: /^boxes$/ }) });
    const steps = await stepIds(page);
    await expect(async () => {
      for (const id of steps) {
        await scrollStepToMiddle(page, id);
        await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
        if ((await rowsOfNewSentence.count()) > 0) return;
      }
      throw new Error(`no figure on ${path} shows “${SENTENCE}”`);
    }).toPass({ timeout: 60_000 });
    const values = await rowsOfNewSentence.first().locator('td[data-value]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
    expect(values.length, `numbers in the figure on ${path}`).toBeGreaterThan(0);
    expect(values.every(Number.isFinite), `finite numbers in the figure on ${path}`).toBe(true);
    await expect(page.locator('[data-sentence-notice]')).not.toContainText('could not be loaded');
  }

  expect(failed, 'requests that failed offline').toEqual([]);
  // The worker answered the pages, the model's checkpoint, Plotly and KaTeX's fonts.
  for (const path of [...chapters, '/models/miniseek/model.safetensors', '/models/miniseek/tokenizer.json']) expect(fromCache).toContain(path);
  expect([...fromCache].some((p) => /plotly-basic/.test(p)), 'Plotly from the cache').toBe(true);
  expect([...fromCache].some((p) => /KaTeX_.*\.woff2$/.test(p)), 'KaTeX woff2 fonts from the cache').toBe(true);
  expect(notFromCache, 'responses that did not come from the service worker').toEqual([]);
  expect(logged, 'console errors and warnings').toEqual([]);
});

test.describe('a new deploy', () => {
  let server: VersionedServer;
  test.beforeEach(async () => {
    server = await startVersionedServer();
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('is offered with a Reload button, and the page reloads only when the reader presses it', async ({ page }) => {
    test.setTimeout(120_000);
    const logged = watchConsole(page);
    await page.goto(`${server.origin}/`);
    await waitUntilAvailableOffline(page);
    await expect(page.getByRole('button', { name: 'Reload' })).toBeHidden();

    // Deploy version 2; the reader comes back (a navigation makes the browser check sw.js).
    server.version = 2;
    await page.reload();
    await expect(note(page)).toHaveAttribute('data-state', 'update', { timeout: 60_000 });
    await expect(note(page).getByRole('status')).toHaveText('A new version is ready');
    const reload = page.getByRole('button', { name: 'Reload' });
    await expect(reload).toBeVisible();
    // The page still shows version 1 (from the cache), and does not reload on its own.
    await page.evaluate(() => ((window as { stillHere?: boolean }).stillHere = true));
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(await page.locator('meta[name="course-version"]').count()).toBe(0);

    // From the keyboard: the new worker takes over and the page reloads into version 2.
    await reload.focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    expect(await page.evaluate(() => (window as { stillHere?: boolean }).stillHere)).toBeUndefined();
    await expect(page.locator('meta[name="course-version"]')).toHaveAttribute('content', '2');
    await expect(note(page)).toHaveAttribute('data-state', 'ready');
    await expect(reload).toBeHidden();
    expect(logged).toEqual([]);
  });
});

test('a browser that refuses the worker shows no note and logs nothing', async ({ page }) => {
  const logged = watchConsole(page);
  await page.addInitScript(() => {
    // As a browser with site storage turned off does: register() rejects.
    ServiceWorkerContainer.prototype.register = () => Promise.reject(new DOMException('storage is disabled', 'SecurityError'));
    // Records the note's states as they change, from the moment the parser creates it.
    const seen: string[] = ((window as { offlineStates?: string[] }).offlineStates = []);
    new MutationObserver(() => {
      const state = document.querySelector('[data-offline-status]')?.getAttribute('data-state');
      if (state && state !== seen.at(-1)) seen.push(state);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
  await page.goto('/chapters/attention/');
  // The registration was attempted (after load) and its failure swallowed.
  await expect.poll(() => page.evaluate(() => (window as { offlineStates?: string[] }).offlineStates)).toEqual(['off', 'installing', 'off']);
  await expect(note(page).getByRole('status')).toHaveText('');
  await expect(page.getByRole('button', { name: 'Reload' })).toBeHidden();
  await page.waitForLoadState('networkidle');
  expect(logged).toEqual([]);
});
