import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { forward } from '../src/model/forward';
import { loadModelDir } from '../src/model/model-dir';
import { ropeInTheWay } from '../src/figures/multi-head-latent-attention/rope-in-the-way';
import {
  SHIFT,
  contentScore,
  engineAngle,
  layoutComparison,
  reversedSentence,
  ropeTraceNames,
  ropeView,
  scoreTable,
  shiftComparison,
  shiftedSentence,
  sinusoidalPositions,
} from '../src/figures/rope/rope-view';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';
import type { Page } from '@playwright/test';

const CHAPTER = '/chapters/rope/';
const figure = '[data-figure="rope"]';
const STEPS = ['order-blind', 'two-answers', 'one-pair', 'frequencies', 'relative', 'layouts', 'decoupled', 'yarn'];
const { model, tokenizer } = loadModelDir();
const c = model.config;
const H = c.num_attention_heads;

/** The figure's numbers computed here in Node with the CPU reference, for a sentence (head 1, the last token as query). */
function reference(sentence: string) {
  const view = (text: string) => ropeView(forward(model, tokenizer.encode(text, { bos: true }).ids, { trace: ropeTraceNames() }).trace, H);
  const words = tokenizer.encode(sentence, { bos: true }).tokens.slice(1);
  const plain = view(words.join(' '));
  const shifted = shiftedSentence(words, c.max_position_embeddings);
  const last = plain.T - 1;
  return {
    plain,
    last,
    reversed: view(reversedSentence(words)),
    shift: shifted === undefined ? undefined : shiftComparison(plain, view(shifted), SHIFT, 0, last),
    layouts: layoutComparison(plain, 0, last, 1, c.rope_theta),
    whatIf: ropeInTheWay(plain.qNope[0]!, plain.kNope[0]!, last, c.rope_theta, c.rope_interleave),
  };
}

/** Puts the viewport's middle line at `progress` (0..1) of a step's height, as a reader scrolling through it would. */
async function scrollThrough(page: Page, id: string, progress: number): Promise<void> {
  await page.evaluate(
    ([stepId, p]) => {
      const box = document.getElementById(stepId as string)!.getBoundingClientRect();
      window.scrollTo({ top: window.scrollY + box.top + (p as number) * box.height - window.innerHeight / 2, behavior: 'instant' });
    },
    [id, progress] as const,
  );
}

test('scrolling through every step moves the figure through each state; deep links open each with its equation', async ({ page }) => {
  await page.goto(CHAPTER);
  expect(await stepIds(page)).toEqual(STEPS);
  for (const id of STEPS) {
    await scrollStepToMiddle(page, id);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
    await expect(page).toHaveURL(new RegExp(`#${id}$`));
  }
  for (const id of STEPS) {
    await openUrl(page, `${CHAPTER}#${id}`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`${figure} [data-eq-step]:visible`)).toHaveCount(1);
    const term = page.locator(`${figure} [data-eq-step="${id}"] [data-term]`).first();
    expect(await term.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  }
});

test('the figure shows the model computed in Node: order, position vectors, the turned pair, shift, layouts, decoupling', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#order-blind`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const ref = reference(DEFAULT_SENTENCE);

  await expect(page.locator(`${figure} [data-matrix="content-reversed"]`)).toBeVisible();
  expectClose(await matrixValues(page, figure, 'content'), scoreTable('c', ref.plain, 0, contentScore).data, 'content');
  expectClose(await matrixValues(page, figure, 'content-reversed'), scoreTable('r', ref.reversed, 0, contentScore).data, 'reversed');

  await scrollStepToMiddle(page, 'two-answers');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'two-answers');
  expectClose(await matrixValues(page, figure, 'sinusoidal'), sinusoidalPositions(ref.plain.T, c.hidden_size).data);
  await expect(page.locator(`${figure} [data-static-source]`)).toBeVisible();

  await scrollStepToMiddle(page, 'relative');
  await expect(page.locator(`${figure} [data-shift-row]`)).toHaveCount(ref.last);
  const rows = await page.locator(`${figure} [data-shift-row]`).evaluateAll((els) => els.map((el) => [Number(el.getAttribute('data-plain')), Number(el.getAttribute('data-shifted'))]));
  expectClose(rows.map((r) => r[0]!), ref.shift!.rows.map((r) => r.plain), 'plain');
  expectClose(rows.map((r) => r[1]!), ref.shift!.rows.map((r) => r.shifted), 'shifted');
  // On the page too, moving the sentence along leaves every rotary score where it was.
  for (const [plain, shifted] of rows) expect(Math.abs(plain! - shifted!)).toBeLessThan(1e-5);

  await scrollStepToMiddle(page, 'layouts');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'layouts');
  const table = page.locator(`${figure} [data-layout-table]`);
  const attr = async (name: string) => Number(await table.getAttribute(name));
  expectClose([await attr('data-interleaved'), await attr('data-half-split'), await attr('data-mismatched')], [ref.layouts.interleaved, ref.layouts.halfSplit, ref.layouts.mismatched]);

  await scrollStepToMiddle(page, 'decoupled');
  await expect(page.locator(`${figure} [data-what-if]`)).toHaveCount(ref.last + 1);
  const whatIf = await page.locator(`${figure} [data-what-if]`).evaluateAll((els) => els.flatMap((el) => [Number(el.getAttribute('data-absorbed')), Number(el.getAttribute('data-rotated'))]));
  expectClose(whatIf, Array.from(ref.whatIf.distance, (_, j) => [ref.whatIf.absorbed[j]!, ref.whatIf.rotated[j]!]).flat());

  await scrollStepToMiddle(page, 'yarn');
  await expect(page.locator(`${figure} [data-worked]`)).toContainText('11 fast pairs unchanged, 12 blended, 9 slow pairs turned 40 times slower');
});

test('scrolling through the rotation step turns the pair continuously, ending at the angle MiniSeek used', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#one-pair`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'one-pair');
  const rotation = page.locator(`${figure} [data-rotation]`);
  const angles = new Set<string>();
  for (const p of [0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.9]) {
    await scrollThrough(page, 'one-pair', p);
    await expect(page.locator(figure)).toHaveAttribute('data-progress', String(Math.round(p * 100) / 100));
    angles.add((await rotation.getAttribute('data-angle'))!);
  }
  expect(angles.size).toBeGreaterThanOrEqual(5);
  const last = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids.length - 1;
  const full = engineAngle(last, 0, c.qk_rope_head_dim, c.rope_theta);
  const at90 = Number(await rotation.getAttribute('data-angle'));
  expect(Math.abs(at90 - 0.9 * full)).toBeLessThan(0.01 * full);
});

test('with reduced motion the rotation jumps: at most two angles through the whole step', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openUrl(page, `${CHAPTER}#one-pair`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'one-pair');
  const angles = new Set<string>();
  for (const p of [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
    await scrollThrough(page, 'one-pair', p);
    await expect(page.locator(figure)).toHaveAttribute('data-progress', String(Math.round(p * 100) / 100));
    angles.add((await page.locator(`${figure} [data-rotation]`).getAttribute('data-angle'))!);
  }
  expect(angles.size).toBeLessThanOrEqual(2);
});

test('a changed sentence updates every run; a sentence too long to shift says so', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#relative`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const submit = async (text: string, step: string) => {
    await field.fill(text);
    await field.press('Enter');
    await scrollStepToMiddle(page, step);
  };
  const sentence = 'the key near the red boxes';
  await submit(sentence, 'relative');
  const ref = reference(sentence);
  await expect(page.locator(`${figure} [data-shift-row]`).last().locator('th')).toHaveText('boxes');
  await expect(page.locator(`${figure} [data-shift-row]`)).toHaveCount(ref.last);
  const rows = await page.locator(`${figure} [data-shift-row]`).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-shifted'))));
  expectClose(rows, ref.shift!.rows.map((r) => r.shifted));
  await scrollStepToMiddle(page, 'order-blind');
  await expect(page.locator(`${figure} [data-matrix="content-reversed"] tbody th`).nth(1)).toHaveText('boxes');
  expectClose(await matrixValues(page, figure, 'content-reversed'), scoreTable('r', ref.reversed, 0, contentScore).data);

  const long = Array.from({ length: 127 }, (_, i) => (i % 2 ? 'keys' : 'the')).join(' ');
  await submit(long, 'relative');
  await expect(page.locator(`${figure} [data-pending]`)).toContainText('too long to move 3 places along');
  await scrollStepToMiddle(page, 'order-blind');
  await expect(page.locator(`${figure} [data-matrix="content"]`)).toHaveAttribute('data-rows', '128');
  await expect(page.locator(`${figure} [data-matrix="content-reversed"]`)).toHaveAttribute('data-rows', '128');
});

test('without JavaScript the first state is in the page, computed when it was built', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(CHAPTER);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'order-blind');
  const ref = reference(DEFAULT_SENTENCE);
  expectClose(await matrixValues(page, figure, 'content-reversed'), scoreTable('r', ref.reversed, 0, contentScore).data);
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText('Computed on the CPU when this page was built');
  await context.close();
});
