/**
 * Presenter mode (src/present/): a chapter's steps as slides from `?present`, the key P or the Present button, with
 * the page's own figure filling the screen; stepping through the scroll controller (data-state and the hash follow);
 * Escape back to the scroll view at the same step; the speaker view in a second window, kept in step both ways;
 * the QR code of the step's link; nothing of it on the first view; and the same from the offline copy (file://).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { axeViolations } from './axe-check';
import { exportedUrl, requireExport } from './export-copy';
import { expect, hydrated, openUrl, scrollStepToMiddle, test } from './fixtures';

const CHAPTER = '/chapters/attention/';
const figure = '[data-figure="attention"]';
/** The chunks presenter mode loads on demand (file names from Vite: the module names plus a hash). */
const PRESENTER_CODE = /\/_astro\/(presenter|speaker|present-link|qrcode)\.[\w-]+\.js$/;

async function expectSlide(page: Page, id: string, title: RegExp): Promise<void> {
  await expect(page.locator('html')).toHaveClass(/\bpresenting\b/);
  await expect(page.locator(figure)).toHaveAttribute('data-state', id);
  await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();
}

/** The figure's box, and whether it lies wholly on screen above the presenter's toolbar. */
async function figureBox(page: Page) {
  return page.evaluate((selector) => {
    const box = document.querySelector(selector)!.getBoundingClientRect();
    const bar = document.querySelector('.present-toolbar')!.getBoundingClientRect();
    return { width: box.width, viewport: innerWidth, onScreen: box.top >= 0 && box.left >= 0 && box.right <= innerWidth && box.bottom <= bar.top + 1 };
  }, figure);
}

for (const viewport of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 800 },
]) {
  test(`?present#softmax at ${viewport.width}×${viewport.height} shows the softmax step as a slide, its figure at least 80 % of the width`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openUrl(page, `${CHAPTER}?present#softmax`);
    await expectSlide(page, 'softmax', /^Softmax/);
    await expect(page.locator(`${figure} [data-matrix="weights"] td[data-value]`)).toHaveCount(7 * 7);
    await expect.poll(async () => (await figureBox(page)).width / viewport.width).toBeGreaterThanOrEqual(0.8);
    await expect.poll(async () => (await figureBox(page)).onScreen, 'the whole figure is on screen, above the toolbar').toBe(true);
    // The equation with its highlighted term, on the slide.
    await expect(page.locator(`${figure} [data-term="softmax"]`)).toBeInViewport();
    // Title and first paragraph in large type; the rest of the page, other steps and the site's header hidden.
    const title = page.locator('#softmax-title');
    expect(parseFloat(await title.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(viewport.width >= 1920 ? 48 : 32);
    const summary = page.locator('#softmax > p').first();
    await expect(summary).toBeVisible();
    expect(parseFloat(await summary.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(viewport.width >= 1920 ? 28 : 20);
    await expect(page.locator('#scores')).toBeHidden();
    await expect(page.getByRole('link', { name: 'Course map' })).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Presenter controls' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Presenter controls' })).toContainText('6 / 7');
  });
}

test('the keys step through the slides, moving data-state and the hash; Escape returns to the scroll view at that step', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUrl(page, `${CHAPTER}?present#softmax`);
  await expectSlide(page, 'softmax', /^Softmax/);
  const historyLength = await page.evaluate(() => history.length);

  await page.keyboard.press('ArrowRight');
  await expectSlide(page, 'weighted-sum', /^A weighted sum/);
  await expect(page).toHaveURL(/\?present#weighted-sum$/);
  // At the last step forward keys stay put.
  await page.keyboard.press('PageDown');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'weighted-sum');
  await page.keyboard.press('ArrowLeft');
  await expectSlide(page, 'softmax', /^Softmax/);
  await page.keyboard.press('PageUp');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'scaling');
  await page.keyboard.press('Home');
  await expectSlide(page, 'tokens', /^Tokens/);
  await expect(page).toHaveURL(/#tokens$/);
  await page.keyboard.press(' ');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'queries');
  await page.keyboard.press('Shift+ ');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  await page.keyboard.press('End');
  await expectSlide(page, 'weighted-sum', /^A weighted sum/);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/\?present#softmax$/);
  expect(await page.evaluate(() => history.length), 'stepping adds no history entries').toBe(historyLength);

  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveClass(/\bpresenting\b/);
  await expect(page).toHaveURL(/\/chapters\/attention\/#softmax$/);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await expect(page.locator('#softmax')).toHaveAttribute('data-active', '');
  await expect(page.locator('#softmax')).toBeInViewport();
  await expect(page.locator('#scores')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Presenter controls' })).toHaveCount(0);
  // The scroll view works as before: scrolling picks the step again.
  await scrollStepToMiddle(page, 'scores');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'scores');
});

test('nothing of presenter mode loads on the first view; P, the button and Q load it when used', async ({ page }) => {
  const loaded: string[] = [];
  page.on('request', (request) => {
    if (PRESENTER_CODE.test(new URL(request.url()).pathname)) loaded.push(new URL(request.url()).pathname);
  });
  await page.goto(CHAPTER, { waitUntil: 'networkidle' });
  expect(loaded, 'presenter code on the first view').toEqual([]);

  // P, from wherever the reader is: the slides open at the current step.
  await scrollStepToMiddle(page, 'keys');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'keys');
  await page.keyboard.press('p');
  await expectSlide(page, 'keys', /^Keys/);
  await expect(page).toHaveURL(/\?present#keys$/);
  expect(loaded.some((p) => /presenter\./.test(p))).toBe(true);
  expect(loaded.some((p) => /qrcode\./.test(p)), 'the QR library waits until a code is asked for').toBe(false);

  // Q: the code of the step's scroll-view link, made in the page.
  await page.keyboard.press('q');
  const dialog = page.getByRole('dialog', { name: 'Open this step on your phone' });
  await expect(dialog).toBeVisible();
  const link = new URL(`${CHAPTER}#keys`, page.url()).href;
  await expect(dialog.getByRole('img', { name: `QR code of ${link}` })).toBeVisible();
  await expect(dialog).toContainText(link);
  expect(loaded.some((p) => /qrcode\./.test(p))).toBe(true);
  const modules = await dialog.locator('svg path').getAttribute('d');
  expect(modules!.length, 'the code has modules drawn').toBeGreaterThan(200);
  // Escape closes the dialog, not presenter mode.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('html')).toHaveClass(/\bpresenting\b/);
  await page.keyboard.press('p');
  await expect(page.locator('html')).not.toHaveClass(/\bpresenting\b/);
  await expect(page).toHaveURL(/\/chapters\/attention\/#keys$/);

  // The visible button, near the top of the page: keyboard-operable; above every step the slides start at the first;
  // focus comes back to the button on leaving.
  const present = page.getByRole('button', { name: /^Present/ });
  await present.focus();
  await expect(page.locator('[data-step][data-active]')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expectSlide(page, 'tokens', /^Tokens/);
  await page.getByRole('button', { name: /^Next/ }).click();
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'queries');
  await page.getByRole('button', { name: /^Exit/ }).click();
  await expect(page).toHaveURL(/\/chapters\/attention\/#queries$/);
  await expect(page.locator('#queries')).toBeInViewport();
  await expect(present).toBeFocused();
});

test('a matrix drawn on canvas reads the cell under the pointer on the enlarged slide', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openUrl(page, `${CHAPTER}#softmax`);
  const field = page.getByLabel('Sentence for MiniSeek');
  await hydrated(field);
  // A long sentence: 128 × 128 weights, drawn on one canvas.
  await field.fill(Array.from({ length: 200 }, (_, i) => ['the', 'keys', 'are'][i % 3]).join(' '));
  await field.press('Enter');
  await field.blur(); // P in a text field is a letter, not presenter mode
  await scrollStepToMiddle(page, 'softmax');
  const weights = page.locator(`${figure} [data-matrix="weights"]`);
  await expect(weights).toHaveAttribute('data-render', 'canvas', { timeout: 30_000 });
  await page.keyboard.press('p');
  await expectSlide(page, 'softmax', /^Softmax/);
  // The slide zooms the figure (CSS zoom, not 1 here), and the pointer still lands on its cell.
  await expect.poll(() => page.evaluate(() => Number(document.querySelector<HTMLElement>('[data-present-root] .scrolly-figure')!.dataset.presentZoom))).not.toBe(1);
  const box = (await weights.locator('canvas').boundingBox())!;
  await page.mouse.move(box.x + (5.5 / 128) * box.width, box.y + (10.5 / 128) * box.height);
  // Token 10 is the eleventh word, "the"; token 5 the sixth, "keys" (labels count from 1, <bos> first).
  await expect(weights.locator('[data-readout]')).toContainText('[the (11), keys (6)]');
});

/** Opens the speaker view from a presenting page with S, and returns its window. */
async function openSpeaker(context: BrowserContext, page: Page): Promise<Page> {
  const [speaker] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
  await speaker.waitForLoadState();
  await expect(speaker.locator('html')).toHaveClass(/\bspeaker-view\b/);
  return speaker;
}

async function expectSpeakerAt(speaker: Page, id: string, title: RegExp, next: RegExp): Promise<void> {
  await expect(speaker.locator(figure)).toHaveAttribute('data-state', id);
  await expect(speaker.locator('.speaker-position')).toContainText(title);
  await expect(speaker.getByRole('region', { name: 'Next' })).toContainText(next);
}

test('the speaker view follows the presenter window, and the presenter follows it', async ({ page, context, consoleProblems }) => {
  test.setTimeout(60_000); // two windows, each computing the figure with the live model
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUrl(page, `${CHAPTER}?present#tokens`);
  await expectSlide(page, 'tokens', /^Tokens/);
  const speaker = await openSpeaker(context, page);
  speaker.on('pageerror', (e) => consoleProblems.push(`speaker page error: ${e.message}`));
  await expect(speaker).toHaveURL(/\?speaker#tokens$/);
  await expectSpeakerAt(speaker, 'tokens', /Step 1 of 7: Tokens become vectors/, /Queries: what each token is looking for/);
  // The notes are the step's whole prose, not only the slide's first paragraph.
  const notes = speaker.getByRole('region', { name: /^Notes/ });
  await expect(notes).toContainText('Each word of the sentence is a token');
  await expect(notes).toContainText('This course writes vectors as rows');
  await expect(speaker.getByRole('timer')).toHaveText(/^\d+:\d\d$/);
  // The next step's copied paragraph keeps its notation cards' words, but not their tab stops or descriptions
  // (those point at cards in a step that is hidden).
  await expect(speaker.locator('.speaker-next .hovercard-trigger').first()).toBeAttached();
  await expect(speaker.locator('.speaker-next [tabindex], .speaker-next [aria-describedby]')).toHaveCount(0);

  await page.keyboard.press('ArrowRight');
  await expectSpeakerAt(speaker, 'queries', /Step 2 of 7: Queries/, /Keys: what each token offers/);
  await page.keyboard.press('End');
  await expectSpeakerAt(speaker, 'weighted-sum', /Step 7 of 7/, /End of the chapter/);

  // Both ways: the speaker's own controls move the slides.
  await speaker.getByRole('button', { name: 'Previous' }).click();
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await expect(page).toHaveURL(/\?present#softmax$/);
  await speaker.keyboard.press('Home');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  await speaker.close();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no violations in presenter mode, its QR dialog and the speaker view (${colorScheme} theme)`, async ({ page, context }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await openUrl(page, `${CHAPTER}?present#scores`);
    expect(await axeViolations(page, { figure, state: 'scores' }), 'presenter mode').toEqual([]);
    await page.keyboard.press('q');
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await axeViolations(page, { figure, state: 'scores' }), 'the QR dialog').toEqual([]);
    await page.keyboard.press('Escape');
    const speaker = await openSpeaker(context, page);
    await speaker.emulateMedia({ colorScheme });
    await speaker.setViewportSize({ width: 1280, height: 800 });
    expect(await axeViolations(speaker, { figure, state: 'scores' }), 'the speaker view').toEqual([]);
    await speaker.close();
  });
}

test.describe('from the offline copy (file://)', () => {
  test.beforeAll(() => requireExport());

  test('presenter mode opens from ?present, steps, and its speaker view follows through BroadcastChannel', async ({ page, context }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(exportedUrl(CHAPTER, '?present#softmax'));
    await expectSlide(page, 'softmax', /^Softmax/);
    await expect.poll(async () => (await figureBox(page)).width / 1920).toBeGreaterThanOrEqual(0.8);
    await page.keyboard.press('ArrowRight');
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'weighted-sum');
    await expect(page).toHaveURL(/index\.html\?present#weighted-sum$/);

    const speaker = await openSpeaker(context, page);
    await expect(speaker).toHaveURL(/index\.html\?speaker#weighted-sum$/);
    await expectSpeakerAt(speaker, 'weighted-sum', /Step 7 of 7/, /End of the chapter/);
    await page.keyboard.press('ArrowLeft');
    await expectSpeakerAt(speaker, 'softmax', /Step 6 of 7/, /A weighted sum of values/);
    await speaker.close();

    // A speaker view opened by hand (no window.open, so no window handles): BroadcastChannel alone keeps it in step.
    const byHand = await context.newPage();
    await byHand.goto(exportedUrl(CHAPTER, '?speaker#tokens'));
    await expect(byHand.locator('html')).toHaveClass(/\bspeaker-view\b/);
    // It asks where the talk is and goes there, rather than pulling the presenter to its own #tokens.
    await expectSpeakerAt(byHand, 'softmax', /Step 6 of 7/, /A weighted sum of values/);
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
    await byHand.getByRole('button', { name: 'Previous' }).click();
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'scaling');
    await page.keyboard.press('ArrowRight');
    await expect(byHand.locator(figure)).toHaveAttribute('data-state', 'softmax');
    await page.keyboard.press('ArrowLeft');
    await byHand.close();

    await page.keyboard.press('q');
    await expect(page.getByRole('dialog', { name: 'Open this step on your phone' }).getByRole('img', { name: /^QR code of file:\/\/.*index\.html#scaling$/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/attention\/index\.html#scaling$/);
    await expect(page.locator('#scaling')).toBeInViewport();
  });
});

const SENTENCE = 'the boxes near the red keys';
const ENCODED = 'the\\+boxes\\+near\\+the\\+red\\+keys';
const lastRow = (page: Page) => page.locator(`${figure} [data-matrix="weights"] tbody th`).last();

/** Submits a sentence in the page's field (scroll view), waits for the figure to show it, and leaves the field. */
async function useSentence(page: Page, sentence: string, lastWord: string): Promise<void> {
  const field = page.getByLabel('Sentence for MiniSeek');
  await hydrated(field);
  await field.fill(sentence);
  await field.press('Enter');
  await scrollStepToMiddle(page, 'softmax');
  await expect(lastRow(page)).toHaveText(lastWord);
  await field.blur(); // P in a text field is a letter, not presenter mode
}

test('the QR code and the speaker view carry the sentence the figures show; a speaker view left open takes up a new one', async ({ page, context }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUrl(page, `${CHAPTER}#softmax`);
  await useSentence(page, SENTENCE, 'keys');
  await page.keyboard.press('p');
  await expectSlide(page, 'softmax', /^Softmax/);

  await page.keyboard.press('q');
  const dialog = page.getByRole('dialog', { name: 'Open this step on your phone' });
  await expect(dialog.locator('.present-qr-url')).toHaveText(new RegExp(`/chapters/attention/\\?s=${ENCODED}#softmax$`));
  await expect(dialog.getByRole('img', { name: new RegExp(`QR code of .*\\?s=${ENCODED}#softmax$`) })).toBeVisible();
  await page.keyboard.press('Escape');

  const speaker = await openSpeaker(context, page);
  await expect(speaker).toHaveURL(new RegExp(`\\?speaker&s=${ENCODED}#softmax$`));
  await expect(lastRow(speaker)).toHaveText('keys');

  // Back to the scroll view, the page's own sentence again, and presenting once more: the open speaker view follows.
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveClass(/\bpresenting\b/);
  await useSentence(page, DEFAULT_SENTENCE, 'cabinet');
  await page.keyboard.press('p');
  await expectSlide(page, 'softmax', /^Softmax/);
  await expect(lastRow(speaker)).toHaveText('cabinet');
  await expect(speaker).toHaveURL(/\?speaker#softmax$/);
  await speaker.close();
});

test('printing while presenting gives the page’s ordinary print output, not the slide', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUrl(page, `${CHAPTER}?present#softmax`);
  await expectSlide(page, 'softmax', /^Softmax/);
  const box = page.locator('[data-present-root] .scrolly-figure');
  await expect(box).toHaveAttribute('data-present-zoom', /\d/);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('body')).toHaveCSS('visibility', 'visible');
  await expect(page.locator('#scores'), 'the other steps are printed too').toBeVisible();
  expect(await page.locator('[data-present-root]').evaluate((el) => getComputedStyle(el).position)).not.toBe('fixed');
  await expect(box).toHaveCSS('zoom', '1');
  await expect(page.locator('.present-toolbar')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('#scores')).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Presenter controls' })).toBeVisible();
});

test('a focused box that scrolls keeps its scroll keys: a wide table on a slide, the speaker’s notes and next box', async ({ page, context }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUrl(page, '/chapters/rope/?present#layouts');
  const rope = '[data-figure="rope"]';
  await expect(page.locator(rope)).toHaveAttribute('data-state', 'layouts');
  const table = page.getByRole('region', { name: /The RoPE query paired two ways/ });
  // Narrow enough to scroll sideways whatever the slide's zoom.
  await table.evaluate((el) => (el.style.maxWidth = '10rem'));
  await table.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => table.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await expect(page.locator(rope)).toHaveAttribute('data-state', 'layouts');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator(rope)).toHaveAttribute('data-state', 'layouts');
  // Up and down do not scroll it: they still change slides.
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(rope)).toHaveAttribute('data-state', 'decoupled');

  await openUrl(page, `${CHAPTER}?present#tokens`);
  await expectSlide(page, 'tokens', /^Tokens/);
  const speaker = await openSpeaker(context, page);
  await expectSpeakerAt(speaker, 'tokens', /Step 1 of 7/, /Queries/);
  for (const [name, height] of [[/^Notes/, '5rem'], [/^Next$/, '3rem']] as const) {
    const region = speaker.getByRole('region', { name });
    await region.evaluate((el, h) => (el.style.maxHeight = h), height);
    await region.focus();
    for (const key of ['ArrowDown', 'PageDown', ' ']) {
      const before = await region.evaluate((el) => el.scrollTop);
      await speaker.keyboard.press(key);
      await expect.poll(() => region.evaluate((el) => el.scrollTop), `${key} scrolls ${name}`).toBeGreaterThan(before);
    }
    await speaker.keyboard.press('ArrowUp');
    await expect(speaker.locator(figure)).toHaveAttribute('data-state', 'tokens');
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  }
  await speaker.close();
});

test('hovering a matrix on a slide leaves the figure’s zoom alone', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openUrl(page, `${CHAPTER}?present#softmax`);
  await expectSlide(page, 'softmax', /^Softmax/);
  const cells = page.locator(`${figure} [data-matrix="weights"] td[data-value]`);
  await expect(cells).toHaveCount(7 * 7);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', /.+/);
  const box = page.locator('[data-present-root] .scrolly-figure');
  await expect(box).toHaveAttribute('data-present-zoom', /\d/);
  await page.waitForTimeout(500); // the live model's numbers have arrived, the fit has settled
  await box.evaluate((el) => {
    const w = window as unknown as { zoomWrites: number };
    w.zoomWrites = 0;
    new MutationObserver((records) => (w.zoomWrites += records.length)).observe(el, { attributes: true, attributeFilter: ['style'] });
  });
  for (let i = 0; i < 49; i += 4) {
    const cell = (await cells.nth(i).boundingBox())!;
    await page.mouse.move(cell.x + cell.width / 2, cell.y + cell.height / 2);
  }
  await expect(page.locator(`${figure} [data-matrix="weights"] [data-readout]`)).toContainText('[');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { zoomWrites: number }).zoomWrites), 'style writes on the zoomed box').toBe(0);
});

test('two quick steps in the speaker window end both windows there, with no step visited twice', async ({ page, context }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUrl(page, `${CHAPTER}?present#tokens`);
  await expectSlide(page, 'tokens', /^Tokens/);
  const speaker = await openSpeaker(context, page);
  await expectSpeakerAt(speaker, 'tokens', /Step 1 of 7/, /Queries/);
  const record = (p: Page) =>
    p.locator(figure).evaluate((el) => {
      const w = window as unknown as { states: string[] };
      w.states = [];
      new MutationObserver(() => w.states.push(el.getAttribute('data-state')!)).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    });
  await record(page);
  await record(speaker);
  await speaker.evaluate(() => {
    const next = [...document.querySelectorAll<HTMLButtonElement>('.speaker-bar button')].find((b) => b.textContent === 'Next')!;
    next.click();
    next.click();
    next.click();
  });
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'scores');
  await page.waitForTimeout(1000);
  for (const p of [page, speaker]) {
    await expect(p.locator(figure)).toHaveAttribute('data-state', 'scores');
    const states = await p.evaluate(() => (window as unknown as { states: string[] }).states);
    expect(new Set(states).size, `no step visited twice: ${states.join(' → ')}`).toBe(states.length);
  }
  await speaker.close();
});

test.describe('the QR code while its library loads', () => {
  /** Holds the QR library's chunk until the returned function is called. */
  async function holdQrLibrary(page: Page): Promise<() => void> {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_astro\/qrcode\.[\w-]+\.js$/, async (route) => {
      await gate;
      await route.continue();
    });
    return release;
  }

  test('a step change meanwhile: the dialog shows the new step’s code', async ({ page }) => {
    const release = await holdQrLibrary(page);
    await openUrl(page, `${CHAPTER}?present#keys`);
    await expectSlide(page, 'keys', /^Keys/);
    await page.keyboard.press('q');
    await page.keyboard.press('ArrowRight');
    await expectSlide(page, 'scores', /^Scores/);
    release();
    const dialog = page.getByRole('dialog', { name: 'Open this step on your phone' });
    await expect(dialog.getByRole('img', { name: /^QR code of .*#scores$/ })).toBeVisible();
    await expect(dialog.locator('.present-qr-url')).toHaveText(/#scores$/);
  });

  test('Escape meanwhile: presenting ends and no dialog opens, without an error', async ({ page }) => {
    const release = await holdQrLibrary(page);
    await openUrl(page, `${CHAPTER}?present#keys`);
    await expectSlide(page, 'keys', /^Keys/);
    await page.keyboard.press('q');
    await page.keyboard.press('Escape');
    await expect(page.locator('html')).not.toHaveClass(/\bpresenting\b/);
    const loaded = page.waitForResponse(/\/_astro\/qrcode\./);
    release();
    await loaded;
    await page.waitForTimeout(300);
    await expect(page.locator('dialog[open]')).toHaveCount(0);
  });
});

test('the RoPE rotation slide shows the pair fully turned, as its worked line does', async ({ page }) => {
  await openUrl(page, '/chapters/rope/?present#one-pair');
  await expect(page.locator('[data-figure="rope"]')).toHaveAttribute('data-state', 'one-pair');
  await expect(page.locator('[data-figure="rope"]')).toHaveAttribute('data-progress', '1');
});

test('stepping through slides records no reading progress: End there does not finish the chapter', async ({ page }) => {
  await openUrl(page, `${CHAPTER}?present#tokens`);
  await expectSlide(page, 'tokens', /^Tokens/);
  await page.keyboard.press('End');
  await expectSlide(page, 'weighted-sum', /^A weighted sum/);
  await page.waitForTimeout(300);
  const stored = await page.evaluate(() => localStorage.getItem('inside-deepseek-progress'));
  const progress = stored ? (JSON.parse(stored) as { finished?: string[]; last?: { step: string } }) : {};
  expect(progress.finished ?? []).not.toContain('attention');
  expect(progress.last?.step).not.toBe('weighted-sum');
});

test('a matrix’s Markdown copy works on a slide when only the selection-based copy is there', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('no clipboard')) } });
    document.addEventListener('copy', () => {
      const active = document.activeElement as HTMLTextAreaElement | null;
      (window as unknown as { copied: string }).copied = active?.tagName === 'TEXTAREA' ? active.value.slice(active.selectionStart, active.selectionEnd) : '';
    });
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await openUrl(page, `${CHAPTER}?present#softmax`);
  await expectSlide(page, 'softmax', /^Softmax/);
  const weights = page.locator(`${figure} [data-matrix="weights"]`);
  await expect(weights.locator('td[data-value]')).toHaveCount(7 * 7);
  await weights.getByRole('button', { name: /Markdown/ }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { copied?: string }).copied)).toMatch(/^\|/);
});
