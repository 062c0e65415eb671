import { readFileSync } from 'node:fs';
import { forward } from '../src/model/forward';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { loadModelDir } from '../src/model/model-dir';
import { findSubjectHead } from '../src/figures/attention/subject-head';
import { attentionTraceNames, attentionView } from '../src/figures/attention/attention-view';
import { expect, openUrl, scrollStepToMiddle, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/attention/';
const figure = '[data-figure="attention"]';
const { model, tokenizer } = loadModelDir();
const subject = findSubjectHead(model, tokenizer);

/** The figure's numbers computed here in Node with the CPU reference, for a sentence. */
function reference(sentence: string) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: attentionTraceNames(subject.layer) });
  return attentionView(trace, { ...subject, heads: model.config.num_attention_heads });
}

test('the figure shows the numbers of the model computed in Node, for every step, live from the GPU', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, 'tokens');
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const ref = reference(DEFAULT_SENTENCE);
  const checks: [string, string, Float32Array][] = [
    ['tokens', 'x', ref.x.data],
    ['queries', 'q', ref.q.data],
    ['keys', 'k', ref.k.data],
    ['scores', 'scores', ref.dots.data],
    ['scaling', 'scaled', ref.scores.data],
    ['softmax', 'weights', ref.weights.data],
    ['weighted-sum', 'output', ref.output.data],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    expectClose(await matrixValues(page, figure, matrix), expected);
  }
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText('GPU (WebGPU)');
});

test('clearing the field keeps it empty: the figures keep their sentence, the notice says which, and typing starts afresh', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const notice = page.locator('[data-sentence-notice]');
  const rows = page.locator(`${figure} [data-matrix="weights"] tbody th`);
  await field.fill('');
  await expect(notice).toHaveText(`Type a sentence for MiniSeek to read. The figures still show “${DEFAULT_SENTENCE}”.`);
  await expect(field).toHaveValue('');
  await field.press('Enter');
  await expect(field).toHaveValue('');
  await expect(notice).toContainText('The figures still show');
  await scrollStepToMiddle(page, 'softmax');
  await expect(rows.last()).toHaveText('cabinet');
  // Typing into the empty field types a new sentence, not the default with a letter appended.
  await field.pressSequentially('the boxes');
  await expect(field).toHaveValue('the boxes');
  await field.press('Enter');
  await scrollStepToMiddle(page, 'softmax');
  await expect(rows.last()).toHaveText('boxes');
  await expect(notice).toHaveText('');
});

test('changing the sentence updates the figure; empty, very long and unknown-word sentences get a clear message', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const notice = page.locator('[data-sentence-notice]');
  // Typing scrolls the page up to the field; come back to the softmax step to read the weights.
  const submit = async (text: string) => {
    await field.fill(text);
    await field.press('Enter');
    await scrollStepToMiddle(page, 'softmax');
  };

  await submit('the key near the red boxes');
  const ref = reference('the key near the red boxes');
  await expect(page.locator(`${figure} [data-matrix="weights"] tbody th`).last()).toHaveText('boxes');
  expectClose(await matrixValues(page, figure, 'weights'), ref.weights.data);
  await expect(notice).toHaveText('');

  await submit('   ');
  await expect(notice).toHaveText('Type a sentence for MiniSeek to read. The figures still show “the key near the red boxes”.');
  await expect(field).toHaveValue('   ');
  // The figure keeps the last sentence it showed.
  await expect(page.locator(`${figure} [data-matrix="weights"] tbody th`).last()).toHaveText('boxes');

  await submit('the zebra near the red boxes');
  await expect(notice).toContainText('read as <unk>: “zebra”');
  await expect(page.locator(`${figure} [data-matrix="weights"] tbody th`).nth(2)).toHaveText('<unk>');

  const long = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 'the' : i % 3 === 1 ? 'keys' : 'are')).join(' ');
  await submit(long);
  await expect(notice).toContainText('reads at most 127 words at a time; it is reading the first 127 of your 2000');
  const weights = page.locator(`${figure} [data-matrix="weights"]`);
  await expect(weights).toHaveAttribute('data-rows', '128');
  // 16,384 weights are drawn on one canvas, not as table cells; the keys still read every value out.
  await expect(weights).toHaveAttribute('data-render', 'canvas');
  await expect(weights.locator('td')).toHaveCount(0);
  const canvas = weights.locator('canvas');
  const painted = await canvas.evaluate((el: HTMLCanvasElement) => {
    const px = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4) colours.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
    return { width: el.width, height: el.height, colours: colours.size };
  });
  expect(painted.width).toBeGreaterThanOrEqual(128 * 6);
  expect(painted.height).toBeGreaterThanOrEqual(128 * 6);
  expect(painted.colours).toBeGreaterThan(10);
  await canvas.focus();
  const readout = weights.locator('[data-readout]');
  await expect(readout).toHaveText(/^A\[<bos>, <bos>\] = 1\.0000 — /);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expect(readout).toContainText('[the (2), the (128)]');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
});

test('a matrix cell reads out its value, labels and provenance on focus, and arrow keys move between cells', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  const first = page.locator(`${figure} [data-matrix="weights"] td[data-value]`).first();
  await first.focus();
  const readout = page.locator(`${figure} [data-matrix="weights"] [data-readout]`);
  await expect(readout).toHaveText(/^A\[<bos>, <bos>\] = 1\.0000 — /);
  await expect(readout.locator('math')).toHaveCount(2);
  await page.keyboard.press('ArrowDown');
  await expect(readout).toContainText('[the (2), <bos>]');
  // The arrow moved between cells; it did not change the step.
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
});

test('a checkpoint of NaN weights is refused with a message naming the tensor; the figure keeps the build numbers', async ({ page }) => {
  const real = readFileSync('public/models/miniseek/model.safetensors');
  const headerLength = Number(real.readBigUInt64LE(0));
  const poisoned = Buffer.from(real);
  // Every F16 weight becomes NaN (0x7e00), the header stays valid.
  for (let i = 8 + headerLength; i + 1 < poisoned.length; i += 2) poisoned.writeUInt16LE(0x7e00, i);
  await page.route('**/models/miniseek/model.safetensors', (route) => route.fulfill({ body: poisoned, contentType: 'application/octet-stream' }));
  await openUrl(page, `${CHAPTER}#softmax`);
  const notice = page.locator('[data-sentence-notice]');
  await expect(notice).toContainText('MiniSeek could not be loaded');
  await expect(notice).toContainText('holds NaN at index 0; every weight must be a finite number');
  const ref = reference(DEFAULT_SENTENCE);
  expectClose(await matrixValues(page, figure, 'weights'), ref.weights.data);
  await expect(page.locator(`${figure} [data-matrix="weights"] td.invalid`)).toHaveCount(0);
});
