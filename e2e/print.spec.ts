/**
 * The printed handout (src/print/, src/styles/print.css): "Print handout" loads the snapshot code on demand, steps
 * the live figure through every step, leaves a still copy of it in each step for paper only, and opens the print
 * dialog; after that, Ctrl+P (beforeprint) builds fresh snapshots too. The print media is rendered to PDF by
 * Chromium (page.pdf, which fires beforeprint and afterprint as a real print does) and, as a picture, by a print-media
 * screenshot; both are kept in the test's output folder. window.print() is replaced by a counter: headless Chromium
 * has no dialog.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { exportedUrl, requireExport } from './export-copy';
import { expect, hydrated, openUrl, stepIds, test } from './fixtures';

const CHAPTER = '/chapters/attention/';
const liveFigure = '.scrolly-figure [data-figure]';
const snapshots = '[data-print-snapshot]';

/** Replaces window.print with a counter. */
async function stubPrint(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void (window as unknown as { printed: number }).printed++;
  });
}
const printed = (page: Page) => page.evaluate(() => (window as unknown as { printed: number }).printed);

/**
 * Presses "Print handout" and waits for the dialog call. By default with the keyboard, which scrolls the button (at
 * the chapter's top) into view as a reader's click would; `inPlace` clicks it from script, leaving the page where it is.
 */
async function printHandout(page: Page, { inPlace = false } = {}): Promise<void> {
  const before = await printed(page);
  const button = page.getByRole('button', { name: 'Print handout' });
  if (inPlace) await button.evaluate((b: HTMLButtonElement) => b.click());
  else {
    await button.focus();
    await page.keyboard.press('Enter');
  }
  await expect.poll(() => printed(page), { timeout: 20_000 }).toBe(before + 1);
}

/** Each snapshot's step and the state its figure shows. */
async function snapshotStates(page: Page): Promise<{ step: string; state: string | null }[]> {
  return page.locator(snapshots).evaluateAll((blocks) =>
    blocks.map((b) => ({ step: b.closest('[data-step]')!.id, state: b.querySelector('[data-figure]')!.getAttribute('data-state') })),
  );
}

test.beforeEach(async ({ page }) => stubPrint(page));

test('Print handout puts each step’s figure, in that step’s state, into that step, for paper only', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(liveFigure)).toHaveAttribute('data-state', 'softmax');
  // The snapshot code is not part of the first view.
  expect(requests.filter((u) => /handout/.test(u))).toEqual([]);

  const button = page.getByRole('button', { name: 'Print handout' });
  await expect(button).toBeVisible();
  await printHandout(page, { inPlace: true });
  expect(requests.filter((u) => /handout/.test(u)).length).toBeGreaterThan(0);

  const steps = await stepIds(page);
  expect(await snapshotStates(page)).toEqual(steps.map((step) => ({ step, state: step })));
  // The reader's page is as it was: the live figure on its step, the snapshots invisible, nothing focusable in them.
  await expect(page.locator(liveFigure)).toHaveAttribute('data-state', 'softmax');
  await expect(page).toHaveURL(/#softmax$/);
  await expect(button).not.toHaveAttribute('aria-disabled');
  await expect(page.locator(snapshots).first()).toBeHidden();
  expect(await page.locator(`${snapshots} [tabindex], ${snapshots} button, ${snapshots} select, ${snapshots} input`).count()).toBe(0);
  const ids = await page.locator('[id]').evaluateAll((els) => els.map((el) => el.id));
  expect(ids.filter((id, i) => ids.indexOf(id) !== i), 'duplicate ids').toEqual([]);

  // On paper: no header, no table of contents, no controls, no figure column, every snapshot.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.chapter-toc')).toBeHidden();
  await expect(button).toBeHidden();
  await expect(page.locator('.scrolly-figure')).toBeHidden();
  await expect(page.locator(snapshots)).toHaveCount(steps.length);
  for (const block of await page.locator(snapshots).all()) await expect(block).toBeVisible();
  await expect(page.locator('.step-header .copy-link').first()).toBeHidden();
  // The softmax step's copy highlights the softmax term, as the live figure does on that step.
  await expect(page.locator(`#softmax ${snapshots} [data-term="softmax"]`)).toHaveCSS('background-color', /rgb/);
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();

  // After printing, the copies go.
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await expect(page.locator(snapshots)).toHaveCount(0);
  await expect(page.locator(liveFigure)).toHaveAttribute('data-state', 'softmax');
});

test('after the handout was used once, Ctrl+P builds fresh snapshots itself', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#scores`);
  await printHandout(page, { inPlace: true });
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await expect(page.locator(snapshots)).toHaveCount(0);

  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  const steps = await stepIds(page);
  expect(await snapshotStates(page)).toEqual(steps.map((step) => ({ step, state: step })));
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await expect(page.locator(snapshots)).toHaveCount(0);
  await expect(page.locator(liveFigure)).toHaveAttribute('data-state', 'scores');
});

test('plain Ctrl+P without the handout prints the first state and says how to get every step', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  await expect(page.locator(liveFigure)).toHaveAttribute('data-state', 'tokens');
  await expect(page.locator(snapshots)).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('[data-print-note]')).toBeVisible();
  await expect(page.locator('[data-print-note]')).toContainText('Print handout');
  await expect(page.locator('.scrolly-figure')).toBeVisible();
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await expect(page.locator(liveFigure)).toHaveAttribute('data-state', 'softmax');
});

test('a snapshot keeps the figure’s choices as text: selects and the chosen token', async ({ page }) => {
  await openUrl(page, '/chapters/rope/#one-pair');
  const live = page.locator(liveFigure);
  await expect(live).toHaveAttribute('data-state', 'one-pair');
  const token = (await live.locator('[data-token-chooser] [aria-pressed="true"]').textContent())!.trim();
  const head = await live.locator('select').first().evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.text.trim());
  await printHandout(page, { inPlace: true });
  const values = await page.locator(`#one-pair ${snapshots} .print-control-value`).allTextContents();
  expect(values).toContain(token);
  expect(values).toContain(head);
});

test('a matrix drawn on a canvas keeps its pixels in the snapshot', async ({ page }) => {
  await page.goto(CHAPTER);
  const field = page.getByRole('textbox', { name: 'Sentence for MiniSeek' });
  await hydrated(field);
  // 40 words: the 41 × 41 attention weights are over the table limit and drawn on one canvas.
  const words = 'the keys to the small cabinet are on the table'.split(' ');
  await field.fill(Array.from({ length: 40 }, (_, i) => words[i % words.length]).join(' '));
  await page.getByRole('button', { name: 'Run' }).click();
  await page.evaluate(() => (location.hash = 'softmax'));
  await expect(page.locator(liveFigure)).toHaveAttribute('data-state', 'softmax');
  await expect(page.locator(`${liveFigure} canvas`).first()).toBeVisible({ timeout: 20_000 });
  await printHandout(page);
  const inked = await page.locator(`#softmax ${snapshots} canvas`).first().evaluate((c: HTMLCanvasElement) => {
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let opaque = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) opaque++;
    return { opaque, size: c.width * c.height };
  });
  expect(inked.size).toBeGreaterThan(41 * 41 - 1);
  expect(inked.opaque).toBeGreaterThan(inked.size / 2);
});

/** Counts pages in a PDF Chromium wrote (its page objects are uncompressed). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

/** What the page looked like when the browser began printing: the snapshots and the live figure's state. */
async function watchPrinting(page: Page): Promise<() => Promise<{ snapshots: number; state: string | null }[]>> {
  await page.evaluate(() => {
    const seen: { snapshots: number; state: string | null }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    // Registered after the page's own listener, so it sees what that one prepared.
    addEventListener('beforeprint', () =>
      seen.push({
        snapshots: document.querySelectorAll('[data-print-snapshot]').length,
        state: document.querySelector('.scrolly-figure [data-figure]')!.getAttribute('data-state'),
      }),
    );
  });
  return () => page.evaluate(() => (window as unknown as { seen: { snapshots: number; state: string | null }[] }).seen);
}

test('printing with Chromium (page.pdf): first states before the handout, every step after it', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  // At the chapter's top, as a reader who has just opened it: the figure (client:visible) has not hydrated yet.
  await page.goto(CHAPTER);
  await expect(page.locator('.scrolly-figure astro-island[ssr]')).toHaveCount(1);
  const seen = await watchPrinting(page);
  const steps = await stepIds(page);

  // Plain Ctrl+P: every figure in its first state.
  const plain = await page.pdf({ format: 'A4' });
  writeFileSync(testInfo.outputPath('attention-ctrl-p.pdf'), plain);
  expect(await seen()).toEqual([{ snapshots: 0, state: 'tokens' }]);

  // The button, from the keyboard: it hydrates the figure on the way.
  await printHandout(page);
  await expect(page.getByRole('button', { name: 'Print handout' })).toBeFocused();

  // The print media as a picture, while the button's snapshots are in place.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });
  const shotPath = testInfo.outputPath('attention-handout-softmax.png');
  await page.locator('#softmax').screenshot({ path: shotPath });
  await testInfo.attach('attention-handout-softmax.png', { path: shotPath, contentType: 'image/png' });
  await page.emulateMedia({ media: null });

  // Printing again (Ctrl+P after the handout): fresh snapshots of every step, then the page as it was.
  const handout = await page.pdf({ format: 'A4', printBackground: false });
  const pdfPath = testInfo.outputPath('attention-handout.pdf');
  writeFileSync(pdfPath, handout);
  await testInfo.attach('attention-handout.pdf', { path: pdfPath, contentType: 'application/pdf' });
  expect((await seen()).at(-1)?.snapshots).toBe(steps.length);
  expect(pdfPages(handout), 'the handout has a figure per step, so more pages').toBeGreaterThan(pdfPages(plain));
  await expect(page.locator(snapshots)).toHaveCount(0);
});

test.describe('the offline copy (file://)', () => {
  test.beforeAll(() => requireExport());

  test('Print handout works from file:// (the snapshot code is in the copy’s bundle)', async ({ page }) => {
    await openUrl(page, exportedUrl(CHAPTER, '#softmax'));
    await expect(page.locator(liveFigure)).toHaveAttribute('data-state', 'softmax');
    await printHandout(page);
    const steps = await stepIds(page);
    expect(await snapshotStates(page)).toEqual(steps.map((step) => ({ step, state: step })));
  });
});
