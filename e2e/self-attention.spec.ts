import { loadModelDir } from '../src/model/model-dir';
import { findSubjectHead } from '../src/figures/attention/subject-head';
import { PREVIOUS_WORD_HABIT, gathering, headHabits, previousWordReaders, selfAttentionTraceNames, selfAttentionView } from '../src/figures/self-attention/self-attention-view';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { forward } from '../src/model/forward';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { axeViolations } from './axe-check';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/self-attention/';
const figure = '[data-figure="self-attention"]';
const STEPS = ['same-sequence', 'projections', 'all-pairs', 'mask', 'softmax', 'pattern', 'gather', 'cache'];
/** One term each step's equation highlights. */
const TERM: Record<string, string> = { 'same-sequence': 'h', projections: 'q', 'all-pairs': 'dots', mask: 'mask', softmax: 'softmax', pattern: 'a', gather: 'o', cache: 'kv' };
const { model, tokenizer } = loadModelDir();
const subject = findSubjectHead(model, tokenizer);
const heads = model.config.num_attention_heads;

/** The figure's numbers computed here in Node with the CPU reference, for a sentence and a head. */
function reference(sentence: string, choice: { layer: number; head: number } = subject) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: selfAttentionTraceNames(model.config.num_hidden_layers) });
  return selfAttentionView(trace, { ...choice, heads });
}

test('scrolling through every step moves the figure through each state', async ({ page }) => {
  await page.goto(CHAPTER);
  expect(await stepIds(page)).toEqual(STEPS);
  await expect(page.locator(figure)).toHaveAttribute('data-state', STEPS[0]!);
  for (const id of STEPS) {
    await scrollStepToMiddle(page, id);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
    // Only the active step's equation is shown, and its term is highlighted.
    await expect(page.locator(`${figure} [data-equation-for]:visible`)).toHaveCount(1);
    await expect(page.locator(`${figure} [data-equation-for="${id}"]`)).toBeVisible();
    const term = page.locator(`${figure} [data-equation-for="${id}"] [data-term="${TERM[id]}"]`).first();
    expect(await term.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  }
});

for (const id of STEPS) {
  test(`a deep link opens the step “${id}”`, async ({ page }) => {
    await openUrl(page, `${CHAPTER}#${id}`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('data-active', '');
    await expect(page.locator(`#${id}`)).toBeInViewport();
  });
}

test('every matrix shows the numbers of the model computed in Node, live from the GPU', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, STEPS[0]!);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const ref = reference(DEFAULT_SENTENCE);
  const T = ref.q.shape[0]!;
  const g = gathering(ref, T - 1);
  const checks: [string, string, ArrayLike<number>][] = [
    ['same-sequence', 'x', ref.x.data],
    ['projections', 'q', ref.q.data],
    ['projections', 'k', ref.k.data],
    ['projections', 'v', ref.v.data],
    ['all-pairs', 'dots', ref.dots.data],
    ['mask', 'masked', ref.masked.data],
    ['mask', 'scores', ref.scores.data],
    ['softmax', 'weights', ref.weights.data],
    ['pattern', 'pattern', ref.weights.data],
    ['gather', 'row-weights', ref.weights.row(T - 1)],
    ['gather', 'parts', g.parts.data],
    ['gather', 'gathered', ref.output.row(T - 1)],
    ['cache', 'cache-k', ref.k.data],
    ['cache', 'cache-v', ref.v.data],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    expectClose(await matrixValues(page, figure, matrix), expected);
  }
  // The mask as applied: every cell above the diagonal is −∞ in both tables, and 0 after the softmax.
  await scrollStepToMiddle(page, 'softmax');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  const zeros = await page.locator(`${figure} [data-matrix="weights"] td[data-row="0"]`).evaluateAll((els) => els.slice(1).map((el) => Number(el.getAttribute('data-value'))));
  expect(zeros).toEqual(Array(T - 1).fill(0));
});

test('the prose names the heads whose habits the numbers show', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#pattern`);
  const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: selfAttentionTraceNames(model.config.num_hidden_layers) });
  const habits = headHabits(trace, model.config.num_hidden_layers, heads);
  const top = (key: 'previous' | 'bos') => habits.reduce((a, b) => (b[key] > a[key] ? b : a));
  const prose = await page.locator('#pattern').innerText();
  // The best previous-word reader, named as a habit only when it gives the word at least PREVIOUS_WORD_HABIT.
  const [previous, ...close] = previousWordReaders(habits);
  const name = (h: { layer: number; head: number }) => `layer ${h.layer + 1}, head ${h.head + 1}`;
  if (previous!.previous >= PREVIOUS_WORD_HABIT) expect(prose).toContain(`${[previous!, ...close].map(name).join(' and ')} give`);
  else expect(prose).toContain(`no head reads mainly the word just before (none gives it half a row): the most is ${previous!.previous.toFixed(2)} of a row on average (${name(previous!)}`);
  const bos = top('bos');
  expect(prose).toContain(`layer ${bos.layer + 1}, head ${bos.head + 1} rests ${bos.bos.toFixed(2)} on <bos>`);
});

test('the layer and head menus switch the pattern to that head', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#pattern`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.getByRole('combobox', { name: /^Layer/ })).toHaveValue(String(subject.layer));
  await expect(page.getByRole('combobox', { name: /^Head/ })).toHaveValue(String(subject.head));
  await page.getByRole('combobox', { name: /^Layer/ }).selectOption({ value: '0' });
  await page.getByRole('combobox', { name: /^Head/ }).selectOption({ value: '2' });
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText('layer 1, head 3');
  expectClose(await matrixValues(page, figure, 'pattern'), reference(DEFAULT_SENTENCE, { layer: 0, head: 2 }).weights.data);
});

test('choosing a token changes the row the figure highlights and what it gathers', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#pattern`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const chooser = page.getByRole('toolbar', { name: 'Token' });
  const focusRow = page.locator(`${figure} [data-matrix="pattern"] tbody tr.focus th`);
  await expect(focusRow).toHaveText('cabinet');
  await expect(chooser.getByRole('button', { name: 'cabinet' })).toHaveAttribute('aria-pressed', 'true');

  await chooser.getByRole('button', { name: 'keys' }).click();
  await expect(chooser.getByRole('button', { name: 'keys' })).toHaveAttribute('aria-pressed', 'true');
  await expect(chooser.getByRole('button', { name: 'cabinet' })).toHaveAttribute('aria-pressed', 'false');
  await expect(focusRow).toHaveText('keys');
  // The arrow keys move the choice along the sentence.
  await page.keyboard.press('ArrowRight');
  await expect(focusRow).toHaveText('to');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'pattern');

  await scrollStepToMiddle(page, 'gather');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'gather');
  const ref = reference(DEFAULT_SENTENCE);
  const g = gathering(ref, 3);
  await expect(page.locator(`${figure} [data-matrix="parts"] tbody tr`)).toHaveCount(4);
  expectClose(await matrixValues(page, figure, 'row-weights'), g.weights);
  expectClose(await matrixValues(page, figure, 'parts'), g.parts.data);
  expectClose(await matrixValues(page, figure, 'gathered'), ref.output.row(3));
});

test('changing the sentence updates the figure; empty, very long and unknown-word sentences get a clear message', async ({ page }) => {
  // 128 tokens traced through all three layers take a while on a software GPU.
  test.setTimeout(120_000);
  await openUrl(page, `${CHAPTER}#mask`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const notice = page.locator('[data-sentence-notice]');
  const rowHeads = page.locator(`${figure} [data-matrix="scores"] tbody th`);
  const submit = async (text: string) => {
    await field.fill(text);
    await field.press('Enter');
    await scrollStepToMiddle(page, 'mask');
  };

  await submit('the key near the red boxes');
  await expect(rowHeads.last()).toHaveText('boxes');
  const ref = reference('the key near the red boxes');
  expectClose(await matrixValues(page, figure, 'scores'), ref.scores.data);
  expectClose(await matrixValues(page, figure, 'masked'), ref.masked.data);
  await expect(page.getByRole('toolbar', { name: 'Token' }).getByRole('button')).toHaveCount(7);
  await expect(notice).toHaveText('');

  await submit('   ');
  await expect(notice).toHaveText('Type a sentence for MiniSeek to read. The figures still show “the key near the red boxes”.');
  await expect(field).toHaveValue('   ');
  await expect(rowHeads.last()).toHaveText('boxes');

  await submit('the zebra near the red boxes');
  await expect(notice).toContainText('read as <unk>: “zebra”');
  await expect(rowHeads.nth(2)).toHaveText('<unk>');

  const long = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 'the' : i % 3 === 1 ? 'keys' : 'are')).join(' ');
  await submit(long);
  await expect(notice).toContainText('reads at most 127 words at a time', { timeout: 60_000 });
  await expect(page.locator(`${figure} [data-matrix="scores"]`)).toHaveAttribute('data-rows', '128');
});

test('a matrix cell reads out its value, labels and provenance on focus', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#mask`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'mask');
  await page.locator(`${figure} [data-matrix="masked"] td[data-value]`).first().focus();
  const readout = page.locator(`${figure} [data-matrix="masked"] [data-readout]`);
  await expect(readout).toContainText('[<bos>, <bos>] =');
  await expect(readout.locator('math')).toHaveCount(2);
  await page.keyboard.press('ArrowRight');
  await expect(readout).toContainText('[<bos>, the (2)] = −∞ — ');
  await expect(readout).toContainText('comes after “<bos>”');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'mask');
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const hash of ['', '#mask', '#gather']) {
    test(`axe finds no violations (${colorScheme}${hash ? `, ${hash}` : ''})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${CHAPTER}${hash}`);
      expect(await axeViolations(page, { figure, state: hash ? hash.slice(1) : STEPS[0]! })).toEqual([]);
    });
  }
}

test('on a phone the figure sits above the steps', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openUrl(page, `${CHAPTER}#pattern`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'pattern');
  const fig = await page.locator(figure).boundingBox();
  const step = await page.locator('#pattern').boundingBox();
  expect(fig!.y).toBeLessThan(step!.y);
  expect(fig!.x + fig!.width).toBeLessThanOrEqual(391);
});
