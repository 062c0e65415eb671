import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { forward } from '../src/model/forward';
import { loadModelDir } from '../src/model/model-dir';
import { KV_PRESETS, cacheBytes } from '../src/figures/kv-cache/kv-cache';
import { cacheFill } from '../src/figures/multi-head-attention/mha-cache';
import { MHA_STEPS } from '../src/figures/multi-head-attention/mha-steps';
import { kvSharing } from '../src/figures/multi-head-attention/kv-sharing';
import { bosContribution, headRoles, mhaTraceNames, mhaView } from '../src/figures/multi-head-attention/mha-view';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { axeViolations } from './axe-check';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/multi-head-attention/';
const figure = '[data-figure="multi-head"]';
const SENTENCE = DEFAULT_SENTENCE;
const { model, tokenizer } = loadModelDir();
const c = model.config;
const LAST_LAYER = c.num_hidden_layers - 1;
const IDS = MHA_STEPS.map((s) => s.id);

/** The figure's numbers for one layer, computed here in Node with the CPU reference. */
function reference(sentence: string, layer: number) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: mhaTraceNames(c.num_hidden_layers) });
  return mhaView(trace, { layer, heads: c.num_attention_heads });
}

async function expectPatterns(page: Page, ref: ReturnType<typeof reference>): Promise<void> {
  for (let h = 0; h < c.num_attention_heads; h++) {
    await expect(page.locator(`${figure} [data-matrix="probs-${h}"]`)).toBeVisible();
    expectClose(await matrixValues(page, figure, `probs-${h}`), ref.probs[h]!.data, `head ${h + 1} pattern`);
  }
}

test('scrolling moves the figure through every step, and the hash follows', async ({ page }) => {
  await page.goto(CHAPTER);
  expect(await stepIds(page)).toEqual(IDS);
  expect(IDS.length).toBeGreaterThanOrEqual(6);
  await expect(page.locator(figure)).toHaveAttribute('data-state', IDS[0]!);
  for (const id of IDS) {
    await scrollStepToMiddle(page, id);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
    await expect(page).toHaveURL(new RegExp(`#${id}$`));
    // The step's equation term is highlighted.
    const term = page.locator(`${figure} [data-term="${MHA_STEPS.find((s) => s.id === id)!.terms[0]}"]`);
    expect(await term.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  }
});

for (const id of IDS) {
  test(`a deep link opens the step ${id}`, async ({ page }) => {
    await openUrl(page, `${CHAPTER}#${id}`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('data-active', '');
    await expect(page.locator(`#${id}`)).toBeInViewport();
  });
}

test('every step shows the numbers of the model computed in Node, live from the GPU; all four head patterns too', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, 'split-heads');
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const ref = reference(SENTENCE, LAST_LAYER);
  const checks: [string, string, ArrayLike<number>][] = [
    ...ref.q.map((t, h): [string, string, Float32Array] => ['split-heads', `q-${h}`, t.data]),
    ...ref.k.map((t, h): [string, string, Float32Array] => ['keys-values', `k-${h}`, t.data]),
    ...ref.v.map((t, h): [string, string, Float32Array] => ['keys-values', `v-${h}`, t.data]),
    ...ref.probs.map((t, h): [string, string, Float32Array] => ['head-patterns', `probs-${h}`, t.data]),
    ...ref.probs.map((t, h): [string, string, Float32Array] => ['heads-differ', `probs-${h}`, t.data]),
    ['concat', 'concat', ref.concat.data],
    ['output-projection', 'head-shares', [...ref.shares.flatMap((share) => Array.from(share.row(ref.T - 1))), ...ref.out.row(ref.T - 1)]],
    ['kv-cache', 'cache-k', ref.cacheKeys.data],
    ['kv-cache', 'cache-v', ref.cacheValues.data],
    ['cache-growth', 'cache-fill', cacheFill(ref.T, KV_PRESETS.miniseek).data],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    expectClose(await matrixValues(page, figure, matrix), expected, `${step}/${matrix}`);
  }
  await scrollStepToMiddle(page, 'heads-differ');
  await expect(page.locator(`${figure} [data-lookback].furthest`)).toHaveAttribute('data-lookback', String(ref.furthest));
  for (const look of ref.looks) {
    const item = page.locator(`${figure} [data-lookback="${look.head}"]`);
    expect(Number(await item.getAttribute('data-distance'))).toBeCloseTo(look.distance, 3);
    expect(Number(await item.getAttribute('data-bos'))).toBeCloseTo(look.bosShare, 3);
  }
  // The sharing table: what one token leaves in one layer's cache under MHA, GQA and MQA.
  await scrollStepToMiddle(page, 'sharing');
  for (const row of kvSharing(KV_PRESETS.miniseek)) {
    await expect(page.locator(`${figure} [data-sharing] tr[data-kind="${row.kind}"]`)).toHaveAttribute('data-per-token', String(row.perTokenLayer));
  }
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText('GPU (WebGPU)');
});

test('the prose names the heads the numbers pick: furthest, closest and the one resting on <bos>', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#heads-differ`);
  const ref = reference(SENTENCE, LAST_LAYER);
  const roles = headRoles(ref.looks);
  const prose = await page.locator('#heads-differ').innerText();
  expect(prose).toContain(`head ${roles.furthest + 1} looks furthest back, ${ref.looks[roles.furthest]!.distance.toFixed(2)} words`);
  expect(prose).toContain(`head ${roles.closest + 1} stays closest`);
  expect(prose).toContain(`Head ${roles.resting + 1} puts ${ref.looks[roles.resting]!.bosShare.toFixed(2)} of its weight on <bos>`);
  expect(prose).toContain(bosContribution(ref.looks[roles.resting]!));
});

test('the layer chooser shows the four patterns of another layer, equal to Node', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#head-patterns`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  for (let layer = 0; layer < c.num_hidden_layers; layer++) {
    await page.locator(`${figure} [data-layer-chooser]`).getByLabel(String(layer + 1)).check();
    await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText(`layer ${layer + 1}`);
    await expectPatterns(page, reference(SENTENCE, layer));
  }
});

test('changing the sentence updates the figure; empty, very long and unknown-word sentences get a clear message', async ({ page }) => {
  test.setTimeout(90_000);
  await openUrl(page, `${CHAPTER}#head-patterns`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const notice = page.locator('[data-sentence-notice]');
  const submit = async (text: string) => {
    await field.fill(text);
    await field.press('Enter');
    await scrollStepToMiddle(page, 'head-patterns');
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'head-patterns');
  };

  await submit('the key near the red boxes');
  await expect(page.locator(`${figure} [data-matrix="probs-3"] tbody th`).last()).toHaveText('boxes');
  await expectPatterns(page, reference('the key near the red boxes', LAST_LAYER));
  await expect(notice).toHaveText('');
  await scrollStepToMiddle(page, 'cache-growth');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'cache-growth');
  expectClose(await matrixValues(page, figure, 'cache-fill'), cacheFill(7, KV_PRESETS.miniseek).data, 'cache fill');

  await submit('   ');
  await expect(notice).toHaveText('Type a sentence for MiniSeek to read. The figures still show “the key near the red boxes”.');
  await expect(field).toHaveValue('   ');
  await expect(page.locator(`${figure} [data-matrix="probs-0"] tbody th`).last()).toHaveText('boxes');

  await submit('the zebra near the red boxes');
  await expect(notice).toContainText('read as <unk>: “zebra”');
  await expect(page.locator(`${figure} [data-matrix="probs-0"] tbody th`).nth(2)).toHaveText('<unk>');

  const long = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 'the' : i % 3 === 1 ? 'keys' : 'are')).join(' ');
  await submit(long);
  // 2000 words: four 128×128 patterns to draw, so allow the run and the render more time.
  await expect(notice).toContainText('it is reading the first 127 of your 2000', { timeout: 30_000 });
  for (let h = 0; h < c.num_attention_heads; h++) await expect(page.locator(`${figure} [data-matrix="probs-${h}"]`)).toHaveAttribute('data-rows', '128', { timeout: 30_000 });
});

test('a pattern cell reads out its value, labels and provenance on focus', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#head-patterns`);
  const cell = page.locator(`${figure} [data-matrix="probs-1"] td[data-value]`).first();
  await cell.focus();
  const readout = page.locator(`${figure} [data-matrix="probs-1"] [data-readout]`);
  await expect(readout).toContainText('[<bos>, <bos>] = 1.0000 — ');
  await expect(readout).toContainText(`in head 2, layer ${LAST_LAYER + 1}`);
  await expect(readout.locator('math')).toHaveCount(2);
});

test('the cache-growth table is in the HTML and the chart draws the same lines', async ({ page }) => {
  await page.goto(CHAPTER);
  const growth = page.locator('[data-figure="mha-cache-growth"]');
  const row = growth.locator('[data-growth-row="131072"] td');
  await expect(row.nth(1)).toHaveAttribute('data-value', String(cacheBytes('MHA', KV_PRESETS['deepseek-v3'], 131072)));
  await expect(row.nth(1)).toHaveText('488\u00a0GiB');
  await expect(row.nth(0)).toHaveAttribute('data-value', String(cacheBytes('MHA', KV_PRESETS.miniseek, 131072)));
  await growth.scrollIntoViewIfNeeded();
  await expect(growth.locator('[data-plot]')).toHaveAttribute('data-plot', 'ready', { timeout: 20_000 });
  await expect(growth.locator('.scatterlayer .trace')).toHaveCount(2);
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const hash of ['', '#head-patterns', '#sharing']) {
    test(`axe finds no violations (${colorScheme}${hash})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${CHAPTER}${hash}`);
      expect(await axeViolations(page, { figure, state: hash ? hash.slice(1) : IDS[0]! })).toEqual([]);
    });
  }
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the figure sits above the steps, nothing overflows the page, and axe finds no violations', async ({ page }) => {
    await page.goto(CHAPTER);
    const box = page.locator('[data-scrolly="mha"] .scrolly-figure');
    const figureBox = (await box.boundingBox())!;
    const stepBox = (await page.locator('#split-heads').boundingBox())!;
    expect(figureBox.y + figureBox.height).toBeLessThanOrEqual(stepBox.y);
    await scrollStepToMiddle(page, 'head-patterns');
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'head-patterns');
    // Stuck to the top, with the active step visible below it.
    const stuck = (await box.boundingBox())!;
    expect(Math.abs(stuck.y)).toBeLessThan(2);
    const step = (await page.locator('#head-patterns').boundingBox())!;
    expect(step.y + step.height).toBeGreaterThan(stuck.y + stuck.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.locator('[data-figure="mha-cache-growth"]').scrollIntoViewIfNeeded();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
