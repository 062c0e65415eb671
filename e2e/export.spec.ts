/**
 * The offline copy (`npm run export`) opened from file://, as a student who double-clicks index.html would: every
 * chapter, every step, the same numbers as the served site, the live model (on WebGPU here), deep links, links
 * between pages, and no console errors. The copy is the one in export/inside-deepseek (E2E_EXPORT_DIR to change).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Page } from '@playwright/test';
import { EXPORT_DIR, exportedUrl, requireExport } from './export-copy';
import { cspViolations, expectStrictPolicy, watchCsp } from './gates/csp';
import { chapterPages, settle, sitePages } from './gates/site-pages';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';

requireExport();

/** Fails the test on the second page's console errors too (the fixture watches the first). */
function watchConsole(page: Page, problems: string[]): void {
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(`export console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`export page error: ${e.message}`));
}

/**
 * What the page's figures show: for every figure, its state, backend and text, plus every matrix cell's full-precision
 * value. Two pages that computed the same numbers give the same snapshot.
 */
async function figureSnapshot(page: Page): Promise<string> {
  return page.locator('[data-figure]').evaluateAll((figures) =>
    JSON.stringify(
      figures.map((f) => ({
        figure: f.getAttribute('data-figure'),
        state: f.getAttribute('data-state'),
        backend: f.getAttribute('data-backend'),
        text: (f as HTMLElement).innerText,
        values: [...f.querySelectorAll('[data-value]')].map((c) => c.getAttribute('data-value')),
      })),
    ),
  );
}

/** Waits until the exported page's figures show exactly what the served page's show. */
async function expectSameFigures(served: Page, exported: Page, context: string): Promise<void> {
  await expect
    .poll(async () => {
      const [a, b] = await Promise.all([figureSnapshot(served), figureSnapshot(exported)]);
      return a === b ? 'same' : `served ${a.slice(0, 400)}…\nexported ${b.slice(0, 400)}…`;
    }, { message: `figures differ ${context}`, timeout: 20_000 })
    .toBe('same');
}

/** Steps through every step of the chapter on both pages, comparing the figures at each. */
async function stepThrough(served: Page, exported: Page, label: string): Promise<number> {
  const steps = await stepIds(served);
  expect(await stepIds(exported), 'the copy has the same steps').toEqual(steps);
  for (const step of steps) {
    await Promise.all([scrollStepToMiddle(served, step), scrollStepToMiddle(exported, step)]);
    await expect(exported.locator(`#${step}`)).toHaveAttribute('data-active', '');
    await expectSameFigures(served, exported, `at step ${step} (${label})`);
  }
  return steps.length;
}

test('every page of the build is in the copy', () => {
  for (const page of sitePages()) {
    const file = page.path.endsWith('/') ? `${page.path}index.html` : page.path;
    expect(existsSync(join(EXPORT_DIR, file)), `${file} missing from the copy: export again`).toBe(true);
  }
});

for (const { path } of chapterPages()) {
  test(`${path} from file:// steps through with the served site's numbers, live`, async ({ page: served, context, consoleProblems }) => {
    test.setTimeout(180_000);
    await watchCsp(context);
    const exported = await context.newPage();
    watchConsole(exported, consoleProblems);
    await Promise.all([served.goto(path), exported.goto(exportedUrl(path))]);
    expect(new URL(exported.url()).protocol).toBe('file:');

    const stepCount = await stepThrough(served, exported, 'the page’s sentence');
    expect(stepCount).toBeGreaterThan(0);

    // A sentence of the reader's own: only a live model can produce these numbers.
    const field = exported.getByLabel('Sentence for MiniSeek');
    if ((await field.count()) > 0) {
      const sentence = 'the old keys near the red boxes';
      for (const page of [served, exported]) {
        await page.getByLabel('Sentence for MiniSeek').fill(sentence);
        await page.getByLabel('Sentence for MiniSeek').press('Enter');
      }
      await stepThrough(served, exported, `“${sentence}”`);
      const backends = await exported.locator('[data-figure][data-backend]').evaluateAll((els) => els.map((el) => el.getAttribute('data-backend')));
      // The FP8 figure emulates FP8 on the CPU by design; its mark of the live model is data-live.
      if (backends.includes('webgpu') || (await exported.locator('[data-figure="fp8"] [data-worked][data-live]').count()) === 0) {
        expect(backends, 'the copy ran MiniSeek on the GPU').toContain('webgpu');
      }
    }
    // Scrolled through the way a reader would, every island has hydrated (client:visible ones included).
    await settle(exported);
    await expectStrictPolicy(exported);
    expect(await cspViolations(exported), 'CSP violations in the copy').toEqual([]);
  });
}

// Chapter pages are checked above, after stepping through; here the others (course map, 404, labs).
for (const { path } of sitePages().filter((p) => !chapterPages().some((c) => c.path === p.path))) {
  test(`${path} in the copy runs under its strict policy with no violation`, async ({ page, context }) => {
    await watchCsp(context);
    await page.goto(exportedUrl(path));
    await settle(page);
    await expectStrictPolicy(page);
    expect(await cspViolations(page), `CSP violations on ${path} in the copy`).toEqual([]);
  });
}

test('a deep link into the copy opens that step', async ({ page }) => {
  await openUrl(page, exportedUrl('/chapters/attention/', '#softmax'));
  await expect(page.locator('#softmax')).toHaveAttribute('data-active', '');
  await expect(page.locator('[data-figure="attention"]')).toHaveAttribute('data-state', 'softmax');
  await expect(page.locator('[data-figure="attention"]')).toHaveAttribute('data-backend', 'webgpu', { timeout: 20_000 });
  expect(new URL(page.url()).hash).toBe('#softmax');
});

test('links between pages of the copy open the pages, not folder listings', async ({ page }) => {
  await page.goto(exportedUrl('/'));
  const first = chapterPages()[0]!;
  await page.locator(`main a[href$="${first.path.slice(1)}index.html"]`).first().click();
  await expect(page).toHaveURL(exportedUrl(first.path));
  await expect(page.locator('h1')).toBeVisible();
  await page.locator('a[rel="next"]').click();
  await expect(page).toHaveURL(/\/chapters\/[^/]+\/index\.html$/);
  await page.getByRole('link', { name: 'Course map' }).click();
  await expect(page).toHaveURL(exportedUrl('/'));
});
