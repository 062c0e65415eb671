import { loadModelDir } from '../src/model/model-dir';
import { forward } from '../src/model/forward';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { denseGates, denseMixture, expertOutputsAt, moeLayers, routeKey, routerSizes, routerView, routingTraceNames } from '../src/figures/routing/routing-view';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/mixture-of-experts/';
const figure = '[data-figure="mixture-of-experts"]';
const STEPS = ['experts', 'centroids', 'softmax', 'sigmoid', 'dense-gates', 'gated-sum', 'sparsity'];
const TERM: Record<string, string> = { experts: 'ffn', centroids: 'logit', softmax: 'softmax', sigmoid: 'sigmoid', 'dense-gates': 'gate', 'gated-sum': 'sum', sparsity: 'keep' };
const { model, tokenizer } = loadModelDir();
const sizes = routerSizes(model.config);
const layers = moeLayers(model.config);

/** The figure's numbers computed here in Node with the CPU reference. */
function reference(sentence: string, layer = layers[0]!) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: routingTraceNames(layers) });
  return routerView(trace, layer, sizes);
}

test('scrolling through every step moves the figure through each state, with its term highlighted', async ({ page }) => {
  await page.goto(CHAPTER);
  expect(await stepIds(page)).toEqual(STEPS);
  for (const id of STEPS) {
    await scrollStepToMiddle(page, id);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`${figure} [data-equation-for]:visible`)).toHaveCount(1);
    const term = page.locator(`${figure} [data-equation-for="${id}"] [data-term="${TERM[id]}"]`).first();
    expect(await term.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  }
});

test('a deep link opens each step', async ({ page }) => {
  for (const id of STEPS) {
    await openUrl(page, `${CHAPTER}#${id}`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toBeInViewport();
  }
});

/** Every table of the figure against the Node reference, and the routes against the engine's choice. */
async function checkNumbers(page: import('@playwright/test').Page, ref: ReturnType<typeof reference>) {
  const t = ref.T - 1;
  const gates = denseGates(ref.affinity);
  const checks: [string, string, ArrayLike<number>][] = [
    ['experts', 'outputs', expertOutputsAt(ref, t).data],
    ['centroids', 'logits', ref.logits.data],
    ['softmax', 'softmax', ref.softmax.data],
    ['sigmoid', 'affinity', ref.affinity.data],
    ['dense-gates', 'dense-gates', gates.data],
    ['gated-sum', 'parts', denseMixture(ref, t).parts.data],
    ['gated-sum', 'mixture', denseMixture(ref, t).sum.data],
    ['sparsity', 'kept', gates.data],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    // Every step's numbers come from the same live run, and the badge says so at each.
    await expect(page.locator(`${figure} [data-backend-badge]`)).toHaveText(/^Computed on the GPU \(WebGPU\)/);
    expectClose(await matrixValues(page, figure, matrix), expected, `${step}/${matrix}`);
  }
  const routes = await page.locator(`${figure} [data-route]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-route')).sort());
  expect(routes).toEqual(ref.routes.map((r) => routeKey(r.token, r.expert)).sort());
}

test('the figure shows the numbers of the CPU reference, for the default sentence and a changed one', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, STEPS[0]!);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await checkNumbers(page, reference(DEFAULT_SENTENCE));

  const changed = 'the key near the red boxes';
  const field = page.getByLabel('Sentence for MiniSeek');
  await field.fill(changed);
  await field.press('Enter');
  await scrollStepToMiddle(page, 'experts');
  await expect(page.locator(`${figure} [data-token-chooser] button`).last()).toHaveText('boxes');
  await checkNumbers(page, reference(changed));
  // The layer menu switches to the other MoE layer.
  await page.getByRole('combobox', { name: /^Layer/ }).selectOption({ value: String(layers[1]) });
  await scrollStepToMiddle(page, 'sigmoid');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'sigmoid');
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText(`layer ${layers[1]! + 1}`);
  expectClose(await matrixValues(page, figure, 'affinity'), reference(changed, layers[1]).affinity.data);
});

test('before the live run, the badge says the numbers were computed when the page was built', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await openUrl(page, `${CHAPTER}#experts`);
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText(`Computed on the CPU when this page was built · MiniSeek, layer ${layers[0]! + 1}`);
  await context.close();
});

test('hovering a router cell reads out its full value; the row sums column is not a cell', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#sigmoid`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'sigmoid');
  const grid = page.locator(`${figure} [data-matrix="affinity"]`);
  // One listener on the table finds the cell by its row and column (src/figures/routing/RouteGrid.svelte).
  const cell = grid.locator('tbody tr').nth(2).locator('td').nth(3);
  await cell.hover();
  const value = Number(await cell.getAttribute('data-value'));
  const expert = await grid.locator('thead th').nth(4).innerText();
  await expect(grid.locator('[data-readout]')).toContainText(`expert ${expert}] = ${value.toFixed(4)}`);
  await grid.locator('tbody tr').nth(2).locator('td.total').hover();
  await expect(grid.locator('[data-readout]')).toContainText(`expert ${expert}] = ${value.toFixed(4)}`);
});
