import { loadModelDir } from '../src/model/model-dir';
import { combinations, distinctCombinations, expertTraceNames, groupDigits, outputSizes, reachableCombinations, routes, sharedExpertView, sharedShare, tokensAcrossGroups } from '../src/figures/single-expert/expert-view';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { forward } from '../src/model/forward';
import { expect, hydrated, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/single-expert/';
const figure = '[data-figure="single-expert"]';
const STEPS = ['small-network', 'shared-hidden', 'shared-out', 'every-token', 'segmentation', 'widths'];
/** One term each step's equation highlights. */
const TERM: Record<string, string> = { 'small-network': 'fe', 'shared-hidden': 'hidden', 'shared-out': 'down', 'every-token': 'shared', segmentation: 'combos', widths: 'active' };
const { model, tokenizer } = loadModelDir();
const MOE = [1, 2];

/** The figure's numbers computed here in Node with the CPU reference, for a sentence and an MoE layer. */
function reference(sentence: string, layer = MOE[0]!) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  return sharedExpertView(forward(model, ids, { trace: expertTraceNames(MOE) }).trace, layer);
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

/** Walks the steps and compares every matrix, share and route with the reference for one sentence and layer. */
async function expectReference(page: import('@playwright/test').Page, sentence: string, layer = MOE[0]!): Promise<void> {
  const ref = reference(sentence, layer);
  const T = ref.u.shape[0]!;
  const checks: [string, string, ArrayLike<number>][] = [
    ['small-network', 'shared-gate', ref.gate.data],
    ['small-network', 'shared-up', ref.up.data],
    ['shared-hidden', 'shared-hidden', ref.hidden.data],
    ['shared-out', 'shared-out', ref.out.data],
    ['every-token', 'sizes', outputSizes(ref).data],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    expectClose(await matrixValues(page, figure, matrix), expected, `${step}/${matrix}`);
  }
  const share = Number(await page.locator(`${figure} [data-shared-share]`).getAttribute('data-shared-share'));
  expect(Math.abs(share - sharedShare(ref, T - 1))).toBeLessThan(1e-3);
  await scrollStepToMiddle(page, 'segmentation');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'segmentation');
  const expected = routes(ref).flatMap((pair, t) => pair.map((e) => `${t}:${e}`));
  const shown = await page.locator(`${figure} [data-route]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-route')));
  expect(shown).toEqual(expected);
  // The routes are the router's, not the shared expert's: the badge says which.
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText(`MiniSeek, layer ${layer + 1}, router`);
}

test('every number is the model’s computed in Node, live from the GPU, in both MoE layers', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, STEPS[0]!);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await expectReference(page, DEFAULT_SENTENCE);
  // The menu names layers as the prose does: layer 2 is the first MoE layer.
  const menu = page.getByRole('combobox', { name: 'Layer' });
  await expect(menu.locator('option')).toHaveText(['2 (first MoE layer)', '3']);
  await menu.selectOption({ value: '2' });
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText('layer 3');
  await expectReference(page, DEFAULT_SENTENCE, 2);
});

test('a changed sentence changes every number to the reference’s; a bad one gets the input’s message', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#small-network`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const sentence = 'anna gave the book to ben';
  await field.fill(sentence);
  await field.press('Enter');
  await scrollStepToMiddle(page, 'small-network');
  await expect(page.locator(`${figure} [data-matrix="shared-gate"] tbody th`).last()).toHaveText('ben');
  await expectReference(page, sentence);
  await field.fill('   ');
  await field.press('Enter');
  await expect(page.locator('[data-sentence-notice]')).toContainText('Type a sentence for MiniSeek to read.');
});

test('the widths come from the configs, and the calculator counts C(mN, mK) exactly', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#widths`);
  await expect(page.locator(`${figure} [data-width-model="DeepSeek-V3"] [data-expert-width]`)).toHaveText('2,048');
  await expect(page.locator(`${figure} [data-width-model="DeepSeek-V2"] [data-expert-width]`)).toHaveText('1,536');
  await expect(page.locator(`${figure} [data-width-model="MiniSeek"] [data-expert-width]`)).toHaveText('32');
  await expect(page.locator(`${figure} [data-width-model="DeepSeek-V3"] [data-per-token]`)).toHaveText('18,432');
  await expect(page.locator(`${figure} [data-width-model="DeepSeek-V2"] [data-per-token]`)).toHaveText('12,288');
  // V3's group-limited routing: 8 of 256 within 4 of 8 groups.
  await expect(page.locator('#widths')).toContainText(`${groupDigits(reachableCombinations(256, 8, 4, 8))} reachable sets`);
  await expect(page.locator('#widths')).toContainText(`${groupDigits(combinations(256, 8))} ways to pick 8 of 256`);
  // The table is arithmetic on configs: its badge says so and names no backend.
  const badge = page.locator(`${figure} [data-backend-badge]`);
  await expect(badge).toHaveAttribute('data-static-source', '');
  await expect(badge).toHaveText('Counted from the configs · MiniSeek, DeepSeek-V2 and DeepSeek-V3');
  // The 4 nodes are §4.2's; §2.1.2 states the limit as M.
  await expect(page.locator('#widths')).toContainText('(§2.1.2), with');
  await expect(page.locator('#widths')).toContainText('(§4.2).');

  const calc = page.locator('[data-figure="segmentation-calculator"]');
  await hydrated(calc);
  await expect(calc.locator('[data-before]')).toHaveText('120');
  await expect(calc.locator('[data-after]')).toHaveText('4,426,165,368');
  await expect(calc.locator('[data-router-after]')).toHaveText('64');
  await calc.getByLabel('Experts N').fill('256');
  await calc.getByLabel('Active per token K').fill('8');
  await calc.getByLabel('Split each into m').fill('1');
  await expect(calc.locator('[data-after]')).toHaveText('409,663,695,276,000');
  await expect(calc).toHaveAttribute('data-combinations', '409663695276000');
  await expect(calc.locator('[data-router-after]')).toHaveText('256');
});

test('the prose names where MiniSeek differs from the reference code, and what the share is', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#every-token`);
  const step = page.locator('#every-token');
  await expect(step).toContainText('as the Hugging Face implementation of DeepSeek-V3 does, which, for V3’s configuration, differs from V3’s reference code (inference/model.py) only in the group mask');
  await expect(step.locator('a[href="/chapters/sparse-mixture-of-experts/#groups"]')).toHaveCount(1);
  await expect(step).toContainText('can fall below 0 or above 100%');
  // The 12 pairs hold only while the kept group has K_r positive biased scores, as moe-ops.ts masks with 0.
  await expect(page.locator('#segmentation')).toContainText(`only ${reachableCombinations(8, 2, 1, 2)} pairs, both experts from one group, can occur, unless fewer than 2 experts`);
  const pairs = routes(reference(DEFAULT_SENTENCE));
  const across = tokensAcrossGroups(pairs, 4);
  await expect(page.locator('#segmentation')).toContainText(across === 0 ? `used ${distinctCombinations(pairs)} of them in layer 2, no token across groups;` : `with ${across} token`);
});

test('on a phone the figure sits above the steps and fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openUrl(page, `${CHAPTER}#widths`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'widths');
  const fig = await page.locator(figure).boundingBox();
  const step = await page.locator('#widths').boundingBox();
  expect(fig!.y).toBeLessThan(step!.y);
  expect(fig!.x + fig!.width).toBeLessThanOrEqual(391);
});
