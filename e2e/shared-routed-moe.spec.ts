import { loadModelDir } from '../src/model/model-dir';
import { forward } from '../src/model/forward';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { FLOAT32_AGREEMENT, routingGrid, sharedRoutedTraceNames, sumAgreement, tokenMoe, ungroupedChoice } from '../src/figures/shared-routed-moe/moe-view';
import { measureSpecialisation } from '../src/figures/shared-routed-moe/specialisation';
import { DEEPSEEK_MOE_CONFIGS } from '../src/figures/shared-routed-moe/model-configs';
import { countParams } from '../src/figures/shared-routed-moe/param-count';
import type { Page } from '@playwright/test';
import { expect, hydrated, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';
import { axeViolations } from './axe-check';

const CHAPTER = '/chapters/shared-routed-moe/';
const figure = '[data-figure="shared-routed-moe"]';
const STEPS = ['residual', 'shared', 'affinity', 'choose', 'gates', 'routed', 'sum', 'all-tokens', 'specialisation', 'parameters'];
/** One term each step's equation highlights. */
const TERM: Record<string, string> = {
  residual: 'hprime', shared: 'shared', affinity: 's', choose: 'bias', gates: 'norm', routed: 'routed', sum: 'routed',
  'all-tokens': 'grid', specialisation: 'share', parameters: 'idle',
};
const { model, tokenizer } = loadModelDir();
const c = model.config;

/** The CPU reference in Node: the trace of a sentence, and its token count. */
function reference(sentence: string) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  return { trace: forward(model, ids, { trace: sharedRoutedTraceNames(c) }).trace, T: ids.length };
}

/** Every marked (token, expert) pair of a layer's grid, with its gate. */
async function shownRoutes(page: Page, layer: number): Promise<Map<string, number>> {
  const cells = await page.locator(`${figure} [data-routing-grid="${layer}"] [data-route]`).evaluateAll((els) =>
    els.map((el) => [el.getAttribute('data-route')!, Number(el.getAttribute('data-value'))] as const));
  return new Map(cells);
}

/** The figure's routes and gates, checked against the reference for both MoE layers. */
async function expectRoutes(page: Page, trace: ReturnType<typeof reference>['trace']) {
  for (const layer of [1, 2]) {
    const grid = routingGrid(trace, layer);
    const shown = await shownRoutes(page, layer);
    const expected = new Map(grid.chosen.flatMap((es, t) => es.map((e) => [`${t}:${e}`, grid.gates.at(t, e)] as const)));
    expect([...shown.keys()].sort()).toEqual([...expected.keys()].sort());
    expectClose([...expected.keys()].map((k) => shown.get(k)!), [...expected.values()], `layer ${layer} gates`);
  }
}

/** The per-token matrices of the figure for one layer and token, against the reference. */
async function expectToken(page: Page, trace: ReturnType<typeof reference>['trace'], layer: number, token: number) {
  const v = tokenMoe(trace, { layer, token, nGroup: c.n_group });
  const checks: [string, string, ArrayLike<number>][] = [
    ['residual', 'x', v.x.data],
    ['residual', 'u', v.u.data],
    ['shared', 'shared-all', trace.get(`layers.${layer}.moe.shared.out`)!.data],
    ['affinity', 'affinity', trace.get(`layers.${layer}.moe.affinity`)!.data],
    ['choose', 'biased', v.biased.data],
    ['choose', 'bias', v.bias.data],
    ['choose', 'group-scores', v.groupScores.data],
    ['gates', 'gates', v.chosen.flatMap((_, j) => [v.raw[j]!, v.normalised[j]!, v.gates[j]!])],
    ['routed', 'expert-out', v.expertOut.data],
    ['routed', 'weighted', v.weighted.data],
    ['routed', 'routed', v.routed.data],
    ['sum', 'sum-parts', [...v.shared.data, ...v.routed.data, ...v.sum.data]],
    ['sum', 'h-prime', v.hPrime.data],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    expectClose(await matrixValues(page, figure, matrix), expected, matrix);
    if (step === 'choose') await expect(page.locator(`${figure} [data-chosen]`)).toHaveAttribute('data-chosen', v.chosen.join(','));
    if (step === 'sum') {
      await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText('Computed on the');
      // Shared + routed, summed in the page, equals the traced MoE output to float32 precision (moe-view.ts).
      await expect(page.locator(`${figure} [data-sum-agrees]`)).toHaveAttribute('data-sum-agrees', 'true');
    }
  }
  // shared + routed equals MiniSeek's own MoE output, and h′ its layer output.
  expectClose(Array.from(v.sum.data), v.moeOut.data, 'moe.out');
  expectClose(Array.from(v.hPrime.data), v.output.data, 'layer output');
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

test('the default sentence: every number equals the CPU reference in Node, live from the GPU', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, STEPS[0]!);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const ref = reference(DEFAULT_SENTENCE);
  await expectToken(page, ref.trace, 1, ref.T - 1);
  // The choose step names what the group limit cost this token: the experts an unlimited top-k would pick.
  await scrollStepToMiddle(page, 'choose');
  const v = tokenMoe(ref.trace, { layer: 1, token: ref.T - 1, nGroup: c.n_group });
  await expect(page.locator(`${figure} [data-ungrouped]`)).toHaveAttribute('data-ungrouped', ungroupedChoice(v, c.num_experts_per_tok).join(','));
  await scrollStepToMiddle(page, 'all-tokens');
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText('layers 2 and 3');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'all-tokens');
  await expectRoutes(page, ref.trace);
  // Unchosen pairs carry no data-route: exactly K_r per token and layer.
  await expect(page.locator(`${figure} [data-route]`)).toHaveCount(2 * ref.T * c.num_experts_per_tok);
});

test('a changed sentence, another token and layer 3: the figure follows, equal to the CPU reference', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#residual`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const sentence = 'the dogs near the old benches sleep';
  const field = page.getByLabel('Sentence for MiniSeek');
  await field.fill(sentence);
  await field.press('Enter');
  await scrollStepToMiddle(page, 'all-tokens');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'all-tokens');
  const ref = reference(sentence);
  await expect(page.locator(`${figure} [data-routing-grid="1"] tbody tr`)).toHaveCount(ref.T);
  await expectRoutes(page, ref.trace);
  // The grids show both layers: no layer menu here; it is back on the per-token steps.
  await expect(page.locator(`${figure} [data-layer-select]`)).toHaveCount(0);
  await scrollStepToMiddle(page, 'residual');
  await page.getByRole('combobox', { name: /^Layer/ }).selectOption({ value: '2' });
  await page.getByRole('toolbar', { name: 'Token' }).getByRole('button', { name: 'dogs' }).click();
  await expectToken(page, ref.trace, 2, 2);
});

test('the specialisation table is the held-out measurement; the calculator counts from the configs', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#specialisation`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'specialisation');
  // Measured at build time: the badge says so instead of naming a backend.
  await expect(page.locator(`${figure} [data-backend-badge]`)).toHaveText(/^Measured when this page was built/);
  const spec = measureSpecialisation(model, tokenizer);
  // Held-out text, not the reader's sentence: a layer menu, no token buttons.
  await expect(page.getByRole('toolbar', { name: 'Token' })).toHaveCount(0);
  for (const layer of spec.layers) {
    await page.getByRole('combobox', { name: /^Layer/ }).selectOption({ value: String(layer.layer) });
    expectClose(await matrixValues(page, figure, 'specialisation'), [...layer.share.flat(), ...layer.base], `layer ${layer.layer}`);
  }
  await page.locator('#parameters').scrollIntoViewIfNeeded();
  await scrollStepToMiddle(page, 'parameters');
  await expect(page.locator(`${figure} [data-backend-badge]`)).toHaveText(/^Counted from config\.json · MiniSeek, whole model/);
  // The count is the whole model's: neither menu does anything here, so neither is shown.
  await expect(page.locator(`${figure} [data-layer-select]`)).toHaveCount(0);
  await expect(page.getByRole('toolbar', { name: 'Token' })).toHaveCount(0);
  const calc = page.locator('[data-figure="moe-params"]');
  const v3 = countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v3']);
  await expect(calc).toHaveAttribute('data-total', String(v3.total));
  await expect(calc).toHaveAttribute('data-active', String(v3.active));
  // The active count leaves the embedding table out, as chapter 10's does; the count with it is given beside.
  await expect(calc.locator('[data-active-with-table]')).toHaveAttribute('data-active-with-table', String(v3.active + v3.embedding));
  await expect(page.locator('#parameters')).toContainText(`${(v3.active / 1e9).toFixed(1)}B active`);
  await expect(page.locator('#parameters')).toContainText(`with it, it would be ${((v3.active + v3.embedding) / 1e9).toFixed(1)}B`);
  await expect(calc.locator('[data-omits]')).toContainText('14B');
  // The paper's figures as the paper gives them, not at the count's precision.
  await expect(calc).toContainText('The paper states 671B total and 37B active');
  // The formula's symbols, defined with the preset's sizes from its config.
  await expect(calc.locator('[data-sizes]')).toContainText(`= ${v3.sizes.Fe.toLocaleString('en-US')} (one expert’s width, moe_intermediate_size), LMoE = ${v3.moeLayers} MoE layers`);
  await expect(calc.locator('[data-sizes]')).toContainText(`V = ${v3.sizes.V.toLocaleString('en-US')} (the vocabulary)`);
  await hydrated(calc);
  await calc.getByRole('radio', { name: 'DeepSeek-V2-Lite' }).check();
  await expect(calc).toHaveAttribute('data-total', String(countParams(DEEPSEEK_MOE_CONFIGS['deepseek-v2-lite']).total));
  await calc.getByLabel(/Chosen per token/).fill('1');
  await calc.getByLabel(/Chosen per token/).press('Enter');
  await expect(calc).toHaveAttribute('data-active', String(countParams({ ...DEEPSEEK_MOE_CONFIGS['deepseek-v2-lite'], num_experts_per_tok: 1 }).active));
});

test('the prose: curly possessives, the pointer back to chapter 13, the rounding as computed, no seed for the reader', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#specialisation`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'specialisation');
  // The chapter's own text (the shared sentence input aside): prose, figure and calculator, as rendered.
  const text = await page.locator('main').evaluate((main) => {
    const copy = main.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[data-sentence-input], script, style, annotation').forEach((el) => el.remove());
    return copy.textContent ?? '';
  });
  // A possessive after a generated number ("expert 7’s") must not turn into an opening quote or stay straight.
  expect(text).not.toMatch(/[A-Za-z0-9]‘/);
  expect(text).not.toMatch(/[A-Za-z0-9]'s\b/);
  await expect(page.locator('#choose a[href="/chapters/sparse-mixture-of-experts/#loss-free"]')).toHaveText('the previous chapter');
  await expect(page.locator('#choose a[href="/chapters/sparse-mixture-of-experts/#groups"]')).toHaveCount(1);
  // Each codebase's names: the reference code's config_671B.json, and the Hugging Face config.json MiniSeek uses.
  await expect(page.locator('#choose')).toContainText('(`n_expert_groups`; `n_group` in the Hugging Face config.json)'.replaceAll('`', ''));
  await expect(page.locator('#choose')).toContainText('(n_limited_groups; topk_group in the Hugging Face config');
  await expect(page.locator('#choose')).toContainText('MiniSeek, whose config.json uses the Hugging Face names, follows the Hugging Face version of this rule');
  await expect(page.locator('#gates')).toContainText('route_scale in the reference code (config_671B.json) and routed_scaling_factor in the Hugging Face config.json');
  const ref = reference(DEFAULT_SENTENCE);
  const agreement = sumAgreement(ref.trace, [1, 2], c.n_group);
  expect(agreement.relative).toBeLessThan(FLOAT32_AGREEMENT);
  await expect(page.locator('#sum')).toContainText('agree to float32 precision');
  await expect(page.locator('#sum')).not.toContainText('× 10');
  await expect(page.locator(`${figure} [data-worked]`)).not.toContainText('seed');
});

test('on a phone the figure sits above the steps and inside the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openUrl(page, `${CHAPTER}#all-tokens`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'all-tokens');
  const fig = await page.locator(figure).boundingBox();
  const step = await page.locator('#all-tokens').boundingBox();
  expect(fig!.y).toBeLessThan(step!.y);
  expect(fig!.x + fig!.width).toBeLessThanOrEqual(391);
});

for (const [colorScheme, hash] of [['light', '#all-tokens'], ['dark', '#all-tokens'], ['dark', '#specialisation'], ['light', '#parameters']] as const) {
  test(`axe finds no violations (${colorScheme}, ${hash})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${CHAPTER}${hash}`);
    expect(await axeViolations(page, { figure, state: hash.slice(1) })).toEqual([]);
  });
}
