import type { Page } from '@playwright/test';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { forward } from '../src/model/forward';
import { loadModelDir } from '../src/model/model-dir';
import { temperatureProbs, transformerTraceNames, transformerView } from '../src/figures/transformer/transformer-view';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { axeViolations } from './axe-check';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/transformer/';
const SENTENCE = DEFAULT_SENTENCE;
const STEPS = ['tokens', 'embedding', 'attention', 'feed-forward', 'residual', 'final-norm', 'unembedding', 'softmax'];
const figure = '[data-figure="transformer"]';
const { model, tokenizer } = loadModelDir();

/** The figure's numbers computed here in Node with the CPU reference, for a sentence. */
function reference(sentence: string) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: transformerTraceNames(model.config) });
  return transformerView(trace, model.config);
}

/** Waits until the live model has answered (the badge then names its backend). */
async function waitForLive(page: Page): Promise<void> {
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
}

test('scrolling through every step moves the figure through each state, and the equation highlights its term', async ({ page }) => {
  await page.goto(CHAPTER);
  expect(await stepIds(page)).toEqual(STEPS);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  for (const id of STEPS) {
    await scrollStepToMiddle(page, id);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
    await expect(page).toHaveURL(new RegExp(`#${id}$`));
    // Exactly the step's equation lines are shown, and one of their terms is highlighted.
    const highlighted = page.locator(`${figure} [data-line] [data-term]`).filter({ visible: true });
    const backgrounds = await highlighted.evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
    expect(backgrounds.some((b) => b !== 'rgba(0, 0, 0, 0)'), `a highlighted term on ${id}`).toBe(true);
  }
});

for (const id of STEPS) {
  test(`a deep link to #${id} opens that step`, async ({ page }) => {
    await openUrl(page, `${CHAPTER}#${id}`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('data-active', '');
    await expect(page.locator(`#${id}`)).toBeInViewport();
  });
}

test('the figure shows the numbers of the model computed in Node, at every step', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, 'tokens');
  await waitForLive(page);
  const ref = reference(SENTENCE);
  const ids = tokenizer.encode(SENTENCE, { bos: true }).ids;
  await expect(page.locator(`${figure} [data-tokens] li`)).toHaveCount(ids.length);
  expect(await page.locator(`${figure} [data-tokens] li`).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-token-id'))))).toEqual(ids);

  const layer0 = ref.layers[0]!;
  const checks: [string, string, Float32Array][] = [
    ['embedding', 'embed', ref.embed.data],
    ['attention', 'attn-out', layer0.attn.data],
    ['attention', 'after-attn', layer0.afterAttn.data],
    ['feed-forward', 'ffn-out', layer0.ffn.data],
    ['feed-forward', 'output', layer0.output.data],
    ['residual', 'stream', ref.stream.data],
    ['final-norm', 'final-input', ref.layers.at(-1)!.output.data],
    ['final-norm', 'final-norm', ref.finalNorm.data],
    ['unembedding', 'logits', ref.topLogits.data],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    expectClose(await matrixValues(page, figure, matrix), expected);
  }

  // The layer buttons switch the block: the third layer (layer 3 on the page) is a mixture of experts.
  await scrollStepToMiddle(page, 'feed-forward');
  await page.locator(`${figure} [data-layer-picker] button`).nth(2).click();
  await expect(page.locator(`${figure} [data-layer-picker] button`).nth(2)).toHaveAttribute('aria-pressed', 'true');
  expectClose(await matrixValues(page, figure, 'ffn-out'), ref.layers[2]!.ffn.data);

  // The top words and their probabilities, most likely first.
  await scrollStepToMiddle(page, 'softmax');
  const rows = page.locator(`${figure} [data-top-words] tbody tr`);
  await expect(rows).toHaveCount(5);
  const shown = await rows.evaluateAll((els) => els.map((el) => [el.getAttribute('data-word'), Number(el.getAttribute('data-probability'))] as const));
  shown.forEach(([word, p], i) => {
    expect(word).toBe(tokenizer.tokenOf(ref.top[i]!.id));
    expect(Math.abs(p - ref.top[i]!.p)).toBeLessThanOrEqual(1e-4);
  });
  // The build's table in the step's prose says the same.
  await expect(page.locator('[data-build-top] tbody tr').first()).toHaveAttribute('data-word', tokenizer.tokenOf(ref.top[0]!.id));
});

test('a matrix cell reads out its value, labels and provenance on focus', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#attention`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'attention');
  await page.locator(`${figure} [data-matrix="after-attn"] td[data-value]`).first().focus();
  const readout = page.locator(`${figure} [data-matrix="after-attn"] [data-readout]`);
  await expect(readout).toHaveText(/\[<bos>, 1\] = −?\d\.\d{4} — −?\d\.\d{6} \+ −?\d\.\d{6}$/);
  // The symbol is x_{1 − ½} as math: layer 1 reads x_0 and writes x_1.
  await expect(readout.locator('math msub')).toHaveCount(1);
  await expect(readout.locator('math')).toContainText('1');
});

test('the softmax step draws the next-word bars, and the temperature reshapes them', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, 'tokens');
  await waitForLive(page);
  // Not in the DOM before the reader reaches the step.
  await expect(page.locator('[data-next-chart]')).toHaveCount(0);
  await scrollStepToMiddle(page, 'softmax');
  const chart = page.locator(`${figure} [data-next-chart]`);
  await expect(chart.locator('figcaption')).toHaveText('The 10 likeliest next words after “cabinet”; a full-width bar would be 100 %');
  const bars = chart.locator('[data-bar]');
  await expect(bars).toHaveCount(10);
  const ref = reference(SENTENCE);
  await expect(bars.first()).toHaveAttribute('data-word', 'are');
  // Each bar's length is its probability on a 0–100 % scale of the track.
  const lengths = async () =>
    bars.evaluateAll((items) => items.map((li) => li.querySelector('.fill')!.getBoundingClientRect().width / li.querySelector('.track')!.getBoundingClientRect().width));
  const atOne = await lengths();
  ref.top.slice(0, 10).forEach((c, i) => expect(atOne[i]!).toBeCloseTo(c.p, 2));
  // The temperature slider: each value's column and bar equal softmax(z / τ) computed in Node.
  const slider = page.locator(`${figure} [data-temperature]`);
  for (const [index, tau] of [[0, 0.25], [4, 2]] as const) {
    await slider.fill(String(index));
    const p = temperatureProbs(ref.logits.row(ref.row), tau);
    const first = page.locator(`${figure} [data-top-words] tbody tr`).first();
    await expect.poll(async () => Number(await first.getAttribute('data-tempered'))).toBeCloseTo(p[ref.top[0]!.id]!, 4);
    await expect(chart).toHaveAttribute('data-tau', String(tau));
    const shown = await lengths();
    ref.top.slice(0, 10).forEach((c, i) => expect(shown[i]!).toBeCloseTo(p[c.id]!, 2));
    await expect(chart.locator('.tick')).toHaveCount(10);
  }
  // A low temperature sharpens the distribution towards the favourite.
  await slider.fill('0');
  await expect.poll(async () => Number(await page.locator(`${figure} [data-top-words] tbody tr`).first().getAttribute('data-tempered'))).toBeGreaterThan(ref.top[0]!.p);
  await expect(chart.locator('figcaption')).toContainText('at temperature τ = 0.25');
});

test('"Generate one more token" appends the most likely word to the sentence field and every figure follows', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await waitForLive(page);
  const ref = reference(SENTENCE);
  const word = tokenizer.tokenOf(ref.top[0]!.id);
  await page.locator(`${figure} [data-generate]`).click();
  await expect(page.getByLabel('Sentence for MiniSeek')).toHaveValue(`${SENTENCE} ${word}`);
  await scrollStepToMiddle(page, 'softmax');
  const next = reference(`${SENTENCE} ${word}`);
  await expect(page.locator(`${figure} [data-top-words] tbody tr`).first()).toHaveAttribute('data-word', tokenizer.tokenOf(next.top[0]!.id));
  await scrollStepToMiddle(page, 'unembedding');
  await expect(page.locator(`${figure} [data-matrix="logits"] tbody th`).last()).toHaveText(word);
  expectClose(await matrixValues(page, figure, 'logits'), next.topLogits.data);
});

test('changing the sentence updates the figure; empty, very long and unknown-word sentences get a clear message', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#final-norm`);
  await waitForLive(page);
  const field = page.getByLabel('Sentence for MiniSeek');
  const notice = page.locator('[data-sentence-notice]');
  const lastRow = page.locator(`${figure} [data-matrix="final-norm"] tbody th`).last();
  const submit = async (text: string) => {
    await field.fill(text);
    await field.press('Enter');
    await scrollStepToMiddle(page, 'final-norm');
  };

  await submit('the key near the red boxes');
  await expect(lastRow).toHaveText('boxes');
  expectClose(await matrixValues(page, figure, 'final-norm'), reference('the key near the red boxes').finalNorm.data);
  await expect(notice).toHaveText('');
  await scrollStepToMiddle(page, 'softmax');
  await expect(page.locator(`${figure} [data-top-words] caption`)).toContainText('boxes');

  await submit('   ');
  await expect(notice).toHaveText('Type a sentence for MiniSeek to read. The figures still show “the key near the red boxes”.');
  await expect(field).toHaveValue('   ');
  await expect(lastRow).toHaveText('boxes');

  await submit('the zebra near the red boxes');
  await expect(notice).toContainText('read as <unk>: “zebra”');
  await expect(page.locator(`${figure} [data-matrix="final-norm"] tbody th`).nth(2)).toHaveText('<unk>');

  const long = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 'the' : i % 3 === 1 ? 'keys' : 'are')).join(' ');
  await submit(long);
  // 128 tokens through every layer, with every stage traced: slower than a short sentence.
  await expect(notice).toContainText('it is reading the first 127 of your 2000', { timeout: 20_000 });
  await expect(page.locator(`${figure} [data-matrix="final-norm"]`)).toHaveAttribute('data-rows', '128');
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const hash of ['', '#attention', '#softmax']) {
    test(`axe finds no violations (${colorScheme}${hash ? `, ${hash}` : ''})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${CHAPTER}${hash}`);
      expect(await axeViolations(page, { figure, state: hash ? hash.slice(1) : 'tokens' })).toEqual([]);
    });
  }
}

test('without the live model the page still carries the build\'s numbers and top words', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(CHAPTER);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'tokens');
  await expect(page.locator(`${figure} [data-tokens] li`)).toHaveCount(7);
  await expect(page.locator('[data-build-top] tbody tr')).toHaveCount(5);
  await expect(page.locator('[data-build-top] tbody tr').first()).toHaveAttribute('data-word', tokenizer.tokenOf(reference(SENTENCE).top[0]!.id));
  await context.close();
});
