import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { accumulationView, DEFAULT_BLOCK, DEFAULT_LINEAR, effectView, readModel, scalingView } from '../src/figures/fp8-training/fp8-view';
import { encodeE4M3 } from '../src/model/fp8';
import { loadModelDir } from '../src/model/model-dir';
import { chapterStepTests } from './chapter-steps';
import { expect, hydrated, openUrl, scrollStepToMiddle, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';
import { quiet } from './gates/site-pages';

const CHAPTER = '/chapters/fp8-training/';
const figure = '[data-figure="fp8"]';
const STEPS = ['e4m3', 'rounding', 'per-tensor', 'fine-grained', 'accumulation', 'model', 'higher-precision'];
const TERM: Record<string, string> = { e4m3: 'mant', rounding: 'sub', 'per-tensor': 'scale', 'fine-grained': 'tile', accumulation: 'promote', model: 'fp8', 'higher-precision': 'kept' };
const { model, tokenizer } = loadModelDir();

/** The figure's numbers computed here in Node with the same code (the CLI's FP8 forward). */
function reference(sentence: string) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const reading = readModel(model, ids);
  const call = (name: string) => reading.calls.find((c) => c.name === name)!;
  return {
    ids,
    scaling: (block: number, outlier = 1, name = DEFAULT_LINEAR) => scalingView(call(name), block, outlier),
    effect: (block: number) => effectView(model, ids, block, reading.logits, (id) => tokenizer.tokenOf(id)),
  };
}

const num = async (page: Page, name: string) => Number(await page.locator(`${figure} [${name}]`).first().getAttribute(name));

/** Opens a step and waits until the figure computes on the live model (its controls enabled). */
async function openLive(page: Page, step: string, search = ''): Promise<void> {
  await openUrl(page, `${CHAPTER}${search}#${step}`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', step);
  await expect(page.locator(`${figure} [data-worked][data-live]`)).toBeAttached({ timeout: 30_000 });
}

chapterStepTests({ chapter: CHAPTER, figure, steps: STEPS, term: TERM, equationAttr: 'data-eq-step' });

test('the encoder shows a typed number’s bits, value and error, and says what is wrong with bad input', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#e4m3`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'e4m3');
  const field = page.getByLabel('A number to encode in E4M3');
  await hydrated(field);
  const out = page.locator(`${figure} output`);
  await expect(out).toHaveAttribute('data-code', String(encodeE4M3(3.3)));
  await expect(out).toHaveAttribute('data-value', '3.25');
  await field.fill('500');
  await expect(out).toHaveAttribute('data-value', '448');
  await expect(page.locator(`${figure} [data-encoder-note]`)).toContainText('saturated to 448');
  await expect(page.getByRole('img', { name: 'The byte: sign 0, exponent 1111, mantissa 110' })).toBeVisible();
  await field.fill('2^-10');
  await expect(out).toHaveAttribute('data-value', '0');
  await expect(page.locator(`${figure} [data-encoder-note]`)).toContainText('underflow');
  await field.fill('zebra');
  await expect(page.locator(`${figure} [data-encoder-message]`)).toContainText('“zebra” is not a number');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('');
  await expect(page.locator(`${figure} [data-encoder-message]`)).toContainText('Type a number');
  // The examples by keyboard: the tie, and the figure stays on its step.
  await page.getByRole('button', { name: '1.0625 (a tie)' }).focus();
  await page.keyboard.press('Enter');
  await expect(out).toHaveAttribute('data-value', '1');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'e4m3');
  // The reader's number survives the move to the next step.
  await scrollStepToMiddle(page, 'rounding');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'rounding');
  await expect(field).toHaveValue('1.0625');
  await expect(page.locator(`${figure} [data-landmarks] tbody tr`)).toHaveCount(7);
});

test('per-tensor and tile scaling show the Node reference’s numbers, with the reader’s outlier and tile size', async ({ page }) => {
  const ref = reference(DEFAULT_SENTENCE);
  await openLive(page, 'per-tensor');
  let v = ref.scaling(DEFAULT_BLOCK);
  expect(await num(page, 'data-underflow-tensor')).toBe(v.perTensor.underflows);
  expect(await num(page, 'data-underflow-tile')).toBe(v.perTile.underflows);
  expect(v.perTensor.underflows).toBeGreaterThan(0);
  // 7 × 128 values are drawn on a canvas; its CSV export carries them (checked in matrix-export.spec.ts); here the counts.
  expect(await num(page, 'data-amax')).toBeCloseTo(v.amax, 4);
  await page.locator(`${figure} [data-outlier-select]`).selectOption('1000');
  v = ref.scaling(DEFAULT_BLOCK, 1000);
  await expect.poll(() => num(page, 'data-underflow-tensor')).toBe(v.perTensor.underflows);
  expect(await num(page, 'data-amax')).toBeCloseTo(v.amax, 2);

  await scrollStepToMiddle(page, 'fine-grained');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'fine-grained');
  await page.locator(`${figure} [data-block-select]`).selectOption('32');
  v = ref.scaling(32, 1000);
  await expect.poll(() => num(page, 'data-tile-error')).toBeCloseTo(v.pushed.perTile, 6);
  expectClose(await matrixValues(page, figure, 'tile-errors'), v.tileErrors.data, 'tile errors');
  expectClose(await matrixValues(page, figure, 'block-errors'), v.weightErrors.data, 'block errors');
  // Another linear, by keyboard.
  const linear = page.locator(`${figure} [data-linear-select]`);
  await linear.selectOption('layers.2.attn.q_a');
  v = ref.scaling(32, 1000, 'layers.2.attn.q_a');
  await expect.poll(() => num(page, 'data-weight-error')).toBeCloseTo(v.weightError, 6);
});

test('the simulated accumulator follows its controls', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#accumulation`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'accumulation');
  const at = (bits: number, nc: number) => accumulationView(bits, nc).find((r) => r.K === 4096)!;
  expect(await num(page, 'data-k4096')).toBeCloseTo(at(14, 128).limited, 10);
  await page.locator(`${figure} [data-bits-select]`).selectOption('10');
  await page.locator(`${figure} [data-nc-select]`).selectOption('32');
  await expect.poll(() => num(page, 'data-k4096')).toBeCloseTo(at(10, 32).limited, 10);
  expect(await num(page, 'data-promoted')).toBeCloseTo(at(10, 32).promoted, 10);
});

test('MiniSeek’s next words with FP8 linears are the CLI code’s, for the default and a linked sentence and another block', async ({ page }) => {
  let ref = reference(DEFAULT_SENTENCE);
  await openLive(page, 'model');
  let e = ref.effect(DEFAULT_BLOCK);
  expect(await num(page, 'data-agree')).toBe(e.agree);
  expect(await num(page, 'data-max-gap')).toBeCloseTo(e.maxGap, 3);
  await expect(page.locator(`${figure} [data-effect] tbody tr`)).toHaveCount(ref.ids.length);
  await page.locator(`${figure} [data-block-select]`).selectOption('4');
  e = ref.effect(4);
  await expect.poll(() => num(page, 'data-max-gap')).toBeCloseTo(e.maxGap, 3);

  const sentence = 'three plus four is';
  ref = reference(sentence);
  await openLive(page, 'model', `?s=${encodeURIComponent(sentence)}`);
  await expect(page.locator(`${figure} [data-effect] tbody tr`)).toHaveCount(ref.ids.length);
  e = ref.effect(DEFAULT_BLOCK);
  await expect.poll(() => num(page, 'data-max-gap')).toBeCloseTo(e.maxGap, 3);
  await expect(page.locator(`${figure} [data-effect] tbody tr`).last()).toContainText(e.rows.at(-1)!.fp8);
});

test('bad sentences get the sentence input’s message and the figure keeps its numbers', async ({ page }) => {
  await openLive(page, 'model');
  const field = page.getByLabel('Sentence for MiniSeek');
  await field.fill('the zebra is');
  await field.press('Enter');
  await expect(page.locator('[data-sentence-notice]')).toContainText('read as <unk>: “zebra”');
  await scrollStepToMiddle(page, 'model');
  await expect(page.locator(`${figure} [data-effect] tbody tr`)).toHaveCount(4);
  await field.fill('');
  await field.press('Enter');
  await expect(page.locator('[data-sentence-notice]')).toContainText(/empty|still show/i);
  await scrollStepToMiddle(page, 'model');
  await expect(page.locator(`${figure} [data-effect] tbody tr`)).toHaveCount(4);
  await expect(page.locator(`${figure} [data-effect] tbody tr`).first()).toContainText('<bos>');
});

test('the prose’s numbers are the Node reference’s', async ({ page }) => {
  const ref = reference(DEFAULT_SENTENCE);
  const v = ref.scaling(DEFAULT_BLOCK);
  const e = ref.effect(DEFAULT_BLOCK);
  await page.goto(CHAPTER);
  await expect(page.locator('#per-tensor')).toContainText(`${v.perTensor.underflows} values become 0`);
  await expect(page.locator('#model')).toContainText(`same next word at ${e.agree} of ${e.rows.length} positions`);
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const step of ['e4m3', 'fine-grained', 'model']) {
    test(`axe finds no violations (${colorScheme}, #${step})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await openLive(page, step);
      await quiet(page);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
}

test('on a phone the figure sits above the steps and fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const step of ['e4m3', 'rounding', 'fine-grained', 'model', 'higher-precision']) {
    await openLive(page, step);
    const fig = (await page.locator(figure).boundingBox())!;
    const box = (await page.locator(`#${step}`).boundingBox())!;
    expect(fig.y).toBeLessThan(box.y);
    expect(fig.x + fig.width).toBeLessThanOrEqual(391);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The figure’s own tables fit inside it rather than being clipped (matrices scroll sideways by design).
    for (const table of await page.locator(`${figure} :is([data-effect], [data-policy], [data-landmarks])`).all()) {
      const t = (await table.boundingBox())!;
      expect(t.x + t.width, `${step}: a table's right edge`).toBeLessThanOrEqual(fig.x + fig.width + 0.5);
    }
  }
});
