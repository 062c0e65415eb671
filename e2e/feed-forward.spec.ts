import { loadModelDir } from '../src/model/model-dir';
import { feedForwardTraceNames, feedForwardView, gateSummary, productRows, strongestTable } from '../src/figures/feed-forward/ff-view';
import { formatNumber, tokenLabels } from '../src/figures/format';
import { paramBreakdown } from '../src/model/param-count';
import { activeParams } from '../src/figures/feed-forward/ff-params';
import { PUBLISHED } from '../src/model/published-configs';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { forward } from '../src/model/forward';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/feed-forward/';
const figure = '[data-figure="feed-forward"]';
const STEPS = ['input', 'projections', 'silu', 'product', 'why-swiglu', 'down', 'residual', 'memory', 'parameters'];
/** One term each step's equation highlights. */
const TERM: Record<string, string> = { input: 'u', projections: 'z', silu: 'silu', product: 'odot', 'why-swiglu': 'swiglu', down: 'down', residual: 'res', memory: 'coef', parameters: 'ffn' };
const { model, tokenizer } = loadModelDir();

/** The figure's numbers computed here in Node with the CPU reference. */
function reference(sentence: string) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  return feedForwardView(forward(model, ids, { trace: feedForwardTraceNames() }).trace);
}

test('scrolling through every step moves the figure through each state', async ({ page }) => {
  await page.goto(CHAPTER);
  expect(await stepIds(page)).toEqual(STEPS);
  for (const id of STEPS) {
    await scrollStepToMiddle(page, id);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
    await expect(page.locator(`${figure} [data-equation-for]:visible`)).toHaveCount(1);
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

/** The value a matrix's read-out shows for its highlighted cell ("$G$[cabinet, 44] = 3.2212 — …"). */
async function readoutValue(page: import('@playwright/test').Page, matrix: string): Promise<number> {
  const text = await page.locator(`${figure} [data-matrix="${matrix}"] [data-readout]`).innerText();
  const m = /\] = ([−-]?[\d.]+)/.exec(text);
  if (!m) throw new Error(`no value in the read-out of ${matrix}: ${text}`);
  return Number(m[1]!.replace('−', '-'));
}

/** Walks the steps and compares every matrix and read-out with the reference for one sentence. */
async function expectReference(page: import('@playwright/test').Page, sentence: string): Promise<void> {
  const ref = reference(sentence);
  const T = ref.u.shape[0]!;
  const checks: [string, string, ArrayLike<number>][] = [
    ['input', 'x', ref.x.data],
    ['input', 'u', ref.u.data],
    ['product', 'product', productRows(ref, T - 1).data],
    ['down', 'out', ref.out.data],
    ['residual', 'output', ref.output.data],
    ['memory', 'memory', strongestTable(ref.hidden, 3).values.data],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    expectClose(await matrixValues(page, figure, matrix), expected, `${step}/${matrix}`);
  }
  // T × 128 matrices are drawn on a canvas; their read-out shows the highlighted cell (the last token's strongest unit).
  const unit = strongestTable(ref.hidden, 1).units[T - 1]![0]!;
  for (const [step, matrix, tensor] of [['projections', 'gate', ref.gate], ['projections', 'up', ref.up], ['product', 'hidden', ref.hidden]] as const) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(`${figure} [data-matrix="${matrix}"]`)).toHaveAttribute('data-rows', String(T));
    expectClose([await readoutValue(page, matrix)], [tensor.at(T - 1, unit)], `${step}/${matrix} read-out`);
  }
  const gates = gateSummary(ref, T - 1);
  await scrollStepToMiddle(page, 'silu');
  await expect(page.locator(`${figure} [data-closed]`)).toHaveAttribute('data-closed', String(gates.closed));
  await scrollStepToMiddle(page, 'why-swiglu');
  const share = Number(await page.locator(`${figure} [data-closed-share]`).getAttribute('data-closed-share'));
  expect(Math.abs(share - gates.closedShare)).toBeLessThan(1e-3);
}

test('every matrix shows the numbers of the model computed in Node, live from the GPU', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, STEPS[0]!);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await expectReference(page, DEFAULT_SENTENCE);
});

test('a changed sentence changes every number to the reference’s; a bad one gets the input’s message', async ({ page }) => {
  test.setTimeout(60_000);
  await openUrl(page, `${CHAPTER}#input`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const sentence = 'three plus four is';
  await field.fill(sentence);
  await field.press('Enter');
  await scrollStepToMiddle(page, 'input');
  await expect(page.locator(`${figure} [data-matrix="u"] tbody th`).last()).toHaveText('is');
  await expectReference(page, sentence);

  await field.fill('the zebra is');
  await field.press('Enter');
  await expect(page.locator('[data-sentence-notice]')).toContainText('read as <unk>: “zebra”');
});

test('choosing a token moves the worked numbers to its row', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#product`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await page.getByRole('toolbar', { name: 'Token' }).getByRole('button', { name: 'keys' }).click();
  const ref = reference(DEFAULT_SENTENCE);
  expectClose(await matrixValues(page, figure, 'product'), productRows(ref, 2).data);
  await expect(page.locator(`${figure} [data-matrix="hidden"] [data-readout]`)).toContainText('[keys,');
});

test('the parameter shares are the counts from the configs', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#parameters`);
  const share = (c: ReturnType<typeof paramBreakdown>) => (c.ffn / c.total).toFixed(4);
  await expect(page.locator('[data-param-model="MiniSeek"]')).toHaveAttribute('data-ffn-share', share(paramBreakdown(model.config)));
  await expect(page.locator('[data-param-model="DeepSeek-V3"]')).toHaveAttribute('data-ffn-share', share(paramBreakdown(PUBLISHED['deepseek-v3'])));
  await expect(page.locator('#parameters')).toContainText('66.3%');
  // Arithmetic on configs, not the forward pass: the badge says so and names no backend.
  const badge = page.locator(`${figure} [data-backend-badge]`);
  await expect(badge).toHaveAttribute('data-static-source', '');
  await expect(badge).toHaveText('Counted from the configs · MiniSeek and DeepSeek-V3');
  // The active count: the headline without the embedding table (the course's convention), the count with it aside.
  const V3 = PUBLISHED['deepseek-v3'];
  const active = activeParams(V3).total;
  const withTable = paramBreakdown(V3, { active: true }).total;
  expect(withTable - active).toBe(V3.vocab_size * V3.hidden_size);
  await expect(page.locator('#parameters')).toContainText(`without the table, the count gives ${formatNumber(active / 1e9, 1)}B active parameters`);
  await expect(page.locator('#parameters')).toContainText(`(With the table the count is ${formatNumber(withTable / 1e9, 1)}B.)`);
  // The figure's active bar is the same count.
  await expect(page.locator('[data-param-model="DeepSeek-V3, active for one token"]')).toHaveAttribute('data-param-total', String(active));
  await expect(page.locator('[data-param-model="DeepSeek-V3, active for one token"]')).toContainText(`${formatNumber(active / 1e9, 1)}B parameters`);
  // One convention course-wide (as the shared-routed chapter): the paper's 37B fits the count without the table.
  await expect(page.locator('#parameters')).toContainText('its 37B is consistent with leaving it out, since only the count without it rounds to 37B');
});

test('the prose states causal attention the right way round and the closed gates’ numbers as computed', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#why-swiglu`);
  const labels = tokenLabels(tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).tokens);
  await expect(page.locator('#input')).toContainText(`lets “${labels.at(-1)}” see “${labels[1]}”`);
  const g = gateSummary(reference(DEFAULT_SENTENCE), labels.length - 1);
  const prose = page.locator('#why-swiglu');
  await expect(prose).toContainText(`= ${formatNumber(g.strongestClosed, 2)}, against ${formatNumber(g.strongestOpen, 2)} for the strongest open unit`);
  await expect(prose).toContainText(`together they still carry ${formatNumber(g.closedShare * 100, 0)}%`);
  // The figure states the closed gates' numbers once, in its worked line; the plot is named for screen readers only.
  const fig = page.locator(figure);
  // The deep link's step must be the figure's before its text is read once (innerText does not retry).
  await expect(fig).toHaveAttribute('data-state', 'why-swiglu');
  await expect(fig.locator('[data-gate-plot] figcaption')).toHaveCount(0);
  const closedLine = `${g.closed} of ${model.config.intermediate_size} units with a negative gate`;
  await expect.poll(async () => (await fig.innerText()).split(closedLine).length, { message: 'the closed gates are stated exactly once' }).toBe(2);
  await expect(fig.locator('[data-backend-badge]')).toContainText('Computed on the');
  await expect(fig.locator('[data-backend-badge]')).toContainText('MiniSeek, layer 1 (dense)');
  // Shazeer's eqs. 1–2 are in his §1; §2 holds the GLU variants.
  // innerText: the reference now carries a citation card (src/markdown/rehype-citations.ts) whose text is in the DOM
  // but not shown until hover or focus.
  await expect(prose).toContainText('arXiv 2002.05202, §1, eq. 2', { useInnerText: true });
  await expect(page.locator('.sources')).toContainText('§1 Introduction (eqs. 1–2');
  await expect(page.locator('.sources')).toContainText('§2 Gated Linear Units (GLU) and Variants (FFN_SwiGLU, eq. 6');
});

test('on a phone the figure sits above the steps and fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openUrl(page, `${CHAPTER}#memory`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'memory');
  const fig = await page.locator(figure).boundingBox();
  const step = await page.locator('#memory').boundingBox();
  expect(fig!.y).toBeLessThan(step!.y);
  expect(fig!.x + fig!.width).toBeLessThanOrEqual(391);
});
