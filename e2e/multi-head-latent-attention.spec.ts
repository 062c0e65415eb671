import { loadModelDir } from '../src/model/model-dir';
import { findSubjectHead } from '../src/figures/attention/subject-head';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { absorbedAttention } from '../src/model/mla-absorbed';
import { absorbedView, contentScores, mlaTraceNames, mlaView } from '../src/figures/multi-head-latent-attention/mla-view';
import { ropeInTheWay } from '../src/figures/multi-head-latent-attention/rope-in-the-way';
import { forward } from '../src/model/forward';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { axeViolations } from './axe-check';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/multi-head-latent-attention/';
const figure = '[data-figure="mla"]';
const STEPS = ['latent', 'key-up', 'value-up', 'absorb-keys', 'rope-key', 'query-latent', 'query-heads', 'cache', 'absorbed'];
const { model, tokenizer } = loadModelDir();
const subject = findSubjectHead(model, tokenizer);

/** The figure's numbers computed here in Node with the CPU reference, for a sentence. */
function reference(sentence: string) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: mlaTraceNames(subject.layer) });
  return mlaView(trace, { ...subject, heads: model.config.num_attention_heads });
}

test('scrolling through every step moves the figure through each state', async ({ page }) => {
  await page.goto(CHAPTER);
  expect(await stepIds(page)).toEqual(STEPS);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'latent');
  for (const id of STEPS) {
    await scrollStepToMiddle(page, id);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
    await expect(page).toHaveURL(new RegExp(`#${id}$`));
  }
});

test('a deep link to each step opens it, with its equation shown and its term highlighted', async ({ page }) => {
  for (const id of STEPS) {
    await openUrl(page, `${CHAPTER}#${id}`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toBeInViewport();
    await expect(page.locator(`${figure} [data-eq-step]:visible`)).toHaveCount(1);
    const equation = page.locator(`${figure} [data-eq-step="${id}"]`);
    await expect(equation).toBeVisible();
    const term = equation.locator('[data-term]').first();
    expect(await term.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  }
});

test('the figure shows the numbers of the model computed in Node, and the absorbed form equals the explicit one', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, 'latent');
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const ref = reference(DEFAULT_SENTENCE);
  const at = { ...subject, heads: model.config.num_attention_heads };
  const absorbedRef = absorbedView(absorbedAttention(model.config, model.weights, subject.layer, ref.h), ref, at);
  const content = contentScores(ref, absorbedRef.queryLatent);
  const whatIf = ropeInTheWay(ref.qNope, ref.kNope, ref.row, model.config.rope_theta, model.config.rope_interleave);
  const checks: [string, string, ArrayLike<number>][] = [
    ['latent', 'h', ref.h.data],
    ['latent', 'c-kv', ref.cKv.data],
    ['key-up', 'k-nope', ref.kNope.data],
    ['value-up', 'v', ref.v.data],
    ['absorb-keys', 'query-latent', absorbedRef.queryLatent.data],
    ['absorb-keys', 'content-scores', [...content.explicit, ...content.absorbed]],
    ['rope-key', 'k-rope', ref.kRope.data],
    ['rope-key', 'rope-what-if', [...whatIf.rotated, ...whatIf.absorbed]],
    ['query-latent', 'q-a', ref.qA.data],
    ['query-latent', 'c-q', ref.cQ.data],
    ['query-heads', 'q-nope', ref.qNope.data],
    ['query-heads', 'q-rope', ref.qRope.data],
    ['cache', 'c-kv', ref.cKv.data],
    ['cache', 'k-rope', ref.kRope.data],
    ['absorbed', 'query-latent', absorbedRef.queryLatent.data],
    ['absorbed', 'explicit-output', ref.output.data],
    ['absorbed', 'absorbed-output', ref.output.data],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    expectClose(await matrixValues(page, figure, matrix), expected);
  }
  // The two outputs on screen agree with each other to 1e-5, and the figure says by how much.
  const explicit = await matrixValues(page, figure, 'explicit-output');
  const absorbed = await matrixValues(page, figure, 'absorbed-output');
  const diff = explicit.reduce((m, x, i) => Math.max(m, Math.abs(x - absorbed[i]!)), 0);
  expect(diff).toBeLessThanOrEqual(1e-5);
  const shown = page.locator(`${figure} [data-max-diff]`);
  expect(Number(await shown.getAttribute('data-max-diff'))).toBeCloseTo(diff, 9);
  expect(Number(await shown.getAttribute('data-max-diff-out'))).toBeLessThanOrEqual(1e-5);
  const T = ref.h.shape[0]!;
  const c = model.config;
  await scrollStepToMiddle(page, 'cache');
  await expect(page.locator(`${figure} [data-cache-count]`)).toHaveAttribute('data-cache-count', String(T * (c.kv_lora_rank + c.qk_rope_head_dim)));
  // The content scores agree both ways; with RoPE in the way they agree only at distance 0, and the page says so.
  await scrollStepToMiddle(page, 'absorb-keys');
  expect(Number(await page.locator(`${figure} [data-content-diff]`).getAttribute('data-content-diff'))).toBeLessThanOrEqual(1e-4);
  await scrollStepToMiddle(page, 'rope-key');
  expect(Number(await page.locator(`${figure} [data-rope-diff]`).getAttribute('data-rope-diff'))).toBeCloseTo(whatIf.maxDiff, 3);
  expect(whatIf.maxDiff).toBeGreaterThan(0.05);
});

test('the cache step highlights exactly what MLA caches: c^KV_j and k^R_j', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#cache`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'cache');
  const marked = page.locator(`${figure} [data-eq-step="cache"] [data-term="cached"]`);
  const texts = await marked.evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText.replace(/[\s\u200b]+/g, '')));
  expect(new Set(texts)).toEqual(new Set(['cjKV', 'kjR']));
  for (let i = 0; i < (await marked.count()); i++) {
    expect(await marked.nth(i).evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  }
});

test('changing the sentence updates the figure, both forms; empty, very long and unknown-word sentences get a message', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#absorbed`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const notice = page.locator('[data-sentence-notice]');
  const submit = async (text: string) => {
    await field.fill(text);
    await field.press('Enter');
    await scrollStepToMiddle(page, 'absorbed');
  };
  const lastRow = (name: string) => page.locator(`${figure} [data-matrix="${name}"] tbody th`).last();

  await submit('the key near the red boxes');
  await expect(lastRow('explicit-output')).toHaveText('boxes');
  await expect(lastRow('absorbed-output')).toHaveText('boxes');
  const ref = reference('the key near the red boxes');
  expectClose(await matrixValues(page, figure, 'explicit-output'), ref.output.data);
  expectClose(await matrixValues(page, figure, 'absorbed-output'), ref.output.data);
  expect(Number(await page.locator(`${figure} [data-max-diff]`).getAttribute('data-max-diff'))).toBeLessThanOrEqual(1e-5);
  await scrollStepToMiddle(page, 'latent');
  await expect(lastRow('c-kv')).toHaveText('boxes');
  expectClose(await matrixValues(page, figure, 'c-kv'), ref.cKv.data);
  await scrollStepToMiddle(page, 'rope-key');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'rope-key');
  const whatIf = ropeInTheWay(ref.qNope, ref.kNope, ref.row, model.config.rope_theta, model.config.rope_interleave);
  expectClose(await matrixValues(page, figure, 'rope-what-if'), [...whatIf.rotated, ...whatIf.absorbed]);
  await expect(notice).toHaveText('');

  await submit('   ');
  await expect(notice).toHaveText('Type a sentence for MiniSeek to read. The figures still show “the key near the red boxes”.');
  await expect(field).toHaveValue('   ');
  await expect(lastRow('explicit-output')).toHaveText('boxes');

  await submit('the zebra near the red boxes');
  await expect(notice).toContainText('read as <unk>: “zebra”');
  await expect(page.locator(`${figure} [data-matrix="absorbed-output"] tbody th`).nth(2)).toHaveText('<unk>');

  const long = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 'the' : i % 3 === 1 ? 'keys' : 'are')).join(' ');
  await submit(long);
  await expect(notice).toContainText('reading the first 127 of your 2000');
  await expect(page.locator(`${figure} [data-matrix="absorbed-output"]`)).toHaveAttribute('data-rows', '128');
  expect(Number(await page.locator(`${figure} [data-max-diff]`).getAttribute('data-max-diff'))).toBeLessThanOrEqual(1e-5);
});

test('the 93.3 % paragraph computes what V2 compared: 67B GQA in BF16 against V2 at 6 bits', async ({ page }) => {
  await page.goto(CHAPTER);
  const text = await page.locator('main').innerText();
  expect(text).toContain('grouped-query attention with 8 key–value heads over 95 layers');
  expect(text).toMatch(/That pair gives 93\.3%/);
  expect(text).toMatch(/a cut of 82%/);
  expect(text).not.toMatch(/dense model with standard attention/);
});

test("the KV-cache calculator's DeepSeek-V3 figures match the paper's hyperparameters", async ({ page }) => {
  await page.goto(CHAPTER);
  const calc = page.locator('[data-figure="kv-cache"]');
  await calc.scrollIntoViewIfNeeded();
  await expect(calc).toHaveAttribute('data-state', 'deepseek-v3');
  const cell = (row: string, kind: string) => calc.locator(`tr[data-kv-row="${row}"] td[data-kv-cell="${kind}"]`);
  await expect(cell('MLA', 'per-layer')).toHaveAttribute('data-value', '576');
  await expect(cell('MLA', 'per-token')).toHaveAttribute('data-value', '35136');
  await expect(cell('MHA', 'per-layer')).toHaveAttribute('data-value', '32768');
  const ratio = Number(await cell('MLA', 'ratio').getAttribute('data-value'));
  expect(Math.round(ratio * 10) / 10).toBe(56.9);
  expect(ratio).toBeCloseTo(32768 / 576, 6);
  // The chart has drawn (Plotly is loaded lazily).
  await expect(calc.locator('.plot .main-svg').first()).toBeVisible({ timeout: 15_000 });

  // The other presets: MiniSeek's own config, and DeepSeek-V2 (60 layers).
  await calc.getByLabel('MiniSeek').check();
  await expect(cell('MLA', 'per-layer')).toHaveAttribute('data-value', String(model.config.kv_lora_rank + model.config.qk_rope_head_dim));
  await calc.getByLabel('DeepSeek-V2').check();
  await expect(cell('MLA', 'per-token')).toHaveAttribute('data-value', String(576 * 60));
});

for (const path of [CHAPTER, `${CHAPTER}#absorbed`]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds no violations on ${path} (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      await expect(page.locator(figure)).toHaveAttribute('data-state', path.includes('#') ? 'absorbed' : 'latent');
      await page.locator('[data-figure="kv-cache"]').scrollIntoViewIfNeeded();
      await expect(page.locator('[data-figure="kv-cache"] .plot .main-svg').first()).toBeVisible({ timeout: 15_000 });
      // Scrolled down to the calculator, the figure is at whichever step the scroll left it.
      expect(await axeViolations(page, { figure })).toEqual([]);
    });
  }
}
