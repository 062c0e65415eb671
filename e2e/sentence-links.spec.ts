/**
 * Links that carry the reader's sentence: `?s=` makes every figure of a page read that sentence (and the field shows
 * it), a step's "Copy link" adds the reader's sentence when it is not the page's default, bad values get the
 * sentence field's messages, and all of it works with #step and from the offline copy on file://.
 */
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { attentionTraceNames, attentionView } from '../src/figures/attention/attention-view';
import { findSubjectHead } from '../src/figures/attention/subject-head';
import { forward } from '../src/model/forward';
import { loadModelDir } from '../src/model/model-dir';
import { exportedUrl, requireExport } from './export-copy';
import { expect, hydrated, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';
import { chapterPages } from './gates/site-pages';

const CHAPTER = '/chapters/attention/';
const figure = '[data-figure="attention"]';
const SENTENCE = 'the boxes near the red keys';
/** How the copy-link control writes SENTENCE: spaces as +. */
const ENCODED = 'the+boxes+near+the+red+keys';
const { model, tokenizer } = loadModelDir();
const subject = findSubjectHead(model, tokenizer);

/** The attention figure's weights computed here in Node with the CPU reference, for a sentence. */
function referenceWeights(sentence: string): Float32Array {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: attentionTraceNames(subject.layer) });
  return attentionView(trace, { ...subject, heads: model.config.num_attention_heads }).weights.data;
}

const field = (page: import('@playwright/test').Page) => page.getByLabel('Sentence for MiniSeek');
const notice = (page: import('@playwright/test').Page) => page.locator('[data-sentence-notice]');
const lastRow = (page: import('@playwright/test').Page) => page.locator(`${figure} [data-matrix="weights"] tbody th`).last();

test('?s= with #softmax: the field shows the sentence and the figure, at that step, has its numbers', async ({ page }) => {
  await openUrl(page, `${CHAPTER}?s=${encodeURIComponent(SENTENCE)}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await expect(page.locator('#softmax')).toHaveAttribute('data-active', '');
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await expect(field(page)).toHaveValue(SENTENCE);
  await expect(lastRow(page)).toHaveText('keys');
  expectClose(await matrixValues(page, figure, 'weights'), referenceWeights(SENTENCE));
  await expect(notice(page)).toHaveText('');
  // The step machinery keeps the query when it rewrites the hash.
  await scrollStepToMiddle(page, 'scores');
  await expect(page).toHaveURL(new RegExp(`/chapters/attention/\\?s=${encodeURIComponent(SENTENCE)}#scores$`));
});

test('?s= drives every figure that reads the sentence, on every chapter', async ({ page }) => {
  test.setTimeout(240_000);
  // The default's last word ("cabinet") marks the figures that show the sentence; the link's words must replace it.
  const marker = DEFAULT_SENTENCE.split(' ').at(-1)!;
  const skipped: string[] = [];
  for (const { path } of chapterPages()) {
    await page.goto(path);
    // Chapters that read no sentence (no field): nothing for ?s= to drive there.
    if ((await field(page).count()) === 0) {
      skipped.push(path);
      continue;
    }
    // A lab keeps a sentence field of its own (the language-model lab's guesses): ?s= drives the page's figures.
    const findReaders = () =>
      page
        .locator('[data-figure]:not([data-figure$="-lab"])')
        .evaluateAll((els, word) => els.filter((el) => el.textContent!.includes(word)).map((el) => el.getAttribute('data-figure')!), marker);
    // Some figures show the sentence only from a later step (neurons opens on a toy neuron): find the first that does.
    let readers = await findReaders();
    let at = '';
    for (const id of readers.length > 0 ? [] : await stepIds(page)) {
      await scrollStepToMiddle(page, id);
      // A figure that hydrates on scrolling (client:visible) shows the step once it has switched to it.
      await expect(page.locator(`[data-figure][data-state="${id}"]`).first()).toBeAttached();
      readers = await findReaders();
      if (readers.length > 0) {
        at = `#${id}`;
        break;
      }
    }
    expect(readers.length, `${path} has a figure that shows the sentence`).toBeGreaterThan(0);

    await page.goto(`${path}?s=${ENCODED}${at}`);
    await expect(field(page), path).toHaveValue(SENTENCE);
    for (const name of readers) {
      const fig = page.locator(`[data-figure="${name}"]`);
      // Figures hydrate when they come into view.
      await fig.scrollIntoViewIfNeeded();
      // The FP8 figure emulates FP8 on the CPU by design (its badge says so); every other figure reads the GPU's run.
      await expect(fig, `${path} ${name}`).toHaveAttribute('data-backend', name === 'fp8' ? 'cpu' : 'webgpu', { timeout: 30_000 });
      await expect(fig, `${path} ${name}`).toContainText('boxes');
      await expect(fig, `${path} ${name}`).not.toContainText(marker);
    }
  }
  // Exactly these chapters read no sentence; any other without a field has lost it.
  const without = ['gradient-descent', 'backpropagation', 'deepseek-timeline'].map((slug) => `/chapters/${slug}/`);
  expect([...skipped].sort(), 'chapters without a sentence field').toEqual(without.filter((p) => chapterPages().some((c) => c.path === p)).sort());
});

test('bad ?s= values get the sentence field’s messages and never throw', async ({ page }) => {
  // Empty: the field stays empty, and the figure shows the page's own sentence, live.
  await openUrl(page, `${CHAPTER}?s=#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await expect(field(page)).toHaveValue('');
  await expect(notice(page)).toHaveText(`Type a sentence for MiniSeek to read. The figures show “${DEFAULT_SENTENCE}”.`);
  await expect(lastRow(page)).toHaveText('cabinet');

  // Only invisible characters.
  await openUrl(page, `${CHAPTER}?s=%E2%80%8B%07#softmax`);
  await expect(notice(page)).toHaveText(`Type a sentence for MiniSeek to read. 2 invisible characters were left out. The figures show “${DEFAULT_SENTENCE}”.`);

  // Invisible characters inside a sentence are left out.
  await openUrl(page, `${CHAPTER}?s=the%E2%80%8B+boxes%00#softmax`);
  await expect(notice(page)).toHaveText('2 invisible characters were left out.');
  await expect(lastRow(page)).toHaveText('boxes');

  // Unknown words.
  await openUrl(page, `${CHAPTER}?s=the+zebra+near+the+boxes#softmax`);
  await expect(notice(page)).toContainText('read as <unk>: “zebra”');
  await expect(page.locator(`${figure} [data-matrix="weights"] tbody th`).nth(2)).toHaveText('<unk>');

  // Too long: the field holds all of it, MiniSeek reads the first 127 words and says so.
  const long = Array.from({ length: 130 }, (_, i) => (i % 2 ? 'keys' : 'the')).join('+');
  await openUrl(page, `${CHAPTER}?s=${long}#softmax`);
  await expect(notice(page)).toHaveText('MiniSeek reads at most 127 words at a time; it is reading the first 127 of your 130.');
  await expect(page.locator(`${figure} [data-matrix="weights"]`)).toHaveAttribute('data-rows', '128');
  expect((await field(page).inputValue()).split(' ')).toHaveLength(130);

  // Malformed percent-encoding: read leniently, with a note; the fixture fails the test on any page error.
  await openUrl(page, `${CHAPTER}?s=the+boxes%E2%82+%zz#softmax`);
  await expect(notice(page)).toContainText('Part of the link’s sentence was not valid percent-encoding, so it is read as it was written.');
  await expect(notice(page)).toContainText('read as <unk>');
  await expect(field(page)).toHaveValue('the boxes\uFFFD %zz');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
});

test.describe('with clipboard permission', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('the copied link carries the reader’s sentence, and opening it reproduces the figure', async ({ page, context }) => {
    await openUrl(page, `${CHAPTER}#softmax`);
    await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
    const button = page.locator('#scores button[data-copy-link]');

    // The page's default sentence: the link has no ?s=.
    await button.click();
    await expect(button).toContainText('Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/chapters\/attention\/#scores$/);

    await hydrated(field(page));
    await field(page).fill(SENTENCE);
    await field(page).press('Enter');
    await scrollStepToMiddle(page, 'softmax');
    await expect(lastRow(page)).toHaveText('keys');
    const shown = await matrixValues(page, figure, 'weights');
    await button.click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`/chapters/attention/\\?s=${ENCODED.replace(/\+/g, '\\+')}#scores$`));

    // Opening the copied link at #softmax shows the same numbers.
    const other = await context.newPage();
    await other.goto(link.replace('#scores', '#softmax'));
    await expect(other.locator(figure)).toHaveAttribute('data-state', 'softmax');
    await expect(other.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
    await expect(field(other)).toHaveValue(SENTENCE);
    await expect(lastRow(other)).toHaveText('keys');
    expect(await matrixValues(other, figure, 'weights')).toEqual(shown);

    // Back to the default on a page opened from a link: the copied link drops ?s= and keeps other parameters.
    await other.goto(`${CHAPTER}?backend=cpu&s=${ENCODED}#softmax`);
    await expect(lastRow(other)).toHaveText('keys');
    await hydrated(field(other));
    await field(other).fill(DEFAULT_SENTENCE);
    await field(other).press('Enter');
    await scrollStepToMiddle(other, 'softmax');
    await expect(lastRow(other)).toHaveText('cabinet');
    await other.locator('#scores button[data-copy-link]').click();
    await expect(other.locator('#scores button[data-copy-link]')).toContainText('Link copied');
    expect(await other.evaluate(() => navigator.clipboard.readText())).toMatch(/\/chapters\/attention\/\?backend=cpu#scores$/);
  });
});

test('without a clipboard, the link with the sentence goes to the address bar', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('no clipboard')) } });
  });
  await openUrl(page, `${CHAPTER}?s=${ENCODED}#softmax`);
  await expect(lastRow(page)).toHaveText('keys');
  const button = page.locator('#scores button[data-copy-link]');
  await button.click();
  await expect(button).toContainText('Link in address bar');
  await expect(page).toHaveURL(new RegExp(`/chapters/attention/\\?s=${ENCODED.replace(/\+/g, '\\+')}#scores$`));
});

test('from the offline copy on file://: ?s= with #softmax drives the figure, and the copied link carries it', async ({ page, context }) => {
  requireExport();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(exportedUrl(CHAPTER, `?s=${ENCODED}#softmax`));
  expect(new URL(page.url()).protocol).toBe('file:');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu', { timeout: 30_000 });
  await expect(field(page)).toHaveValue(SENTENCE);
  await expect(lastRow(page)).toHaveText('keys');
  expectClose(await matrixValues(page, figure, 'weights'), referenceWeights(SENTENCE));
  const button = page.locator('#scores button[data-copy-link]');
  await button.click();
  await expect(button).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(new RegExp(`^file:///.*/chapters/attention/index\\.html\\?s=${ENCODED.replace(/\+/g, '\\+')}#scores$`));
  // The copied file:// link opens on the same sentence and step.
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.locator(figure)).toHaveAttribute('data-state', 'scores');
  await expect(field(other)).toHaveValue(SENTENCE);
  await expect(other.locator(`${figure} [data-matrix="scores"] tbody th`).last()).toHaveText('keys');
});
