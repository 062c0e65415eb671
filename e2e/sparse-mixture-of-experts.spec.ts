import { loadModelDir } from '../src/model/model-dir';
import { forward } from '../src/model/forward';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { alternativeChoices, balanceStats, expertLoad, gateArithmetic, gateShift, loadChange, shiftCause, maxOverMean, moeLayers, routeKey, routerSizes, routerView, routingTraceNames, sparseMixture } from '../src/figures/routing/routing-view';
import { formatNumber } from '../src/figures/format';
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/sparse-mixture-of-experts/';
const figure = '[data-figure="sparse-mixture-of-experts"]';
const STEPS = ['top-k', 'bias', 'groups', 'gates', 'sparse-sum', 'load', 'aux-loss', 'loss-free'];
const TERM: Record<string, string> = { 'top-k': 'topk', bias: 'bias', groups: 'group', gates: 'norm', 'sparse-sum': 'routed', load: 'load', 'aux-loss': 'loss', 'loss-free': 'bias' };
const { model, tokenizer } = loadModelDir();
const sizes = routerSizes(model.config);
const layers = moeLayers(model.config);

function reference(sentence: string, layer = layers[0]!) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: routingTraceNames(layers) });
  return { view: routerView(trace, layer, sizes), views: layers.map((l) => routerView(trace, l, sizes)) };
}
const keys = (choice: readonly (readonly number[])[]) => choice.flatMap((ids, t) => ids.map((e) => routeKey(t, e))).sort();

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

test('the prose\'s gate example names the real cause of the swap, and ρ is not credited to the paper', async ({ page }) => {
  await page.goto(CHAPTER);
  const { views } = reference(DEFAULT_SENTENCE);
  const shift = gateShift(views, sizes)!;
  const cause = shiftCause(shift);
  await expect(page.locator('#loss-free')).toContainText(
    `in layer ${layers[shift.view]! + 1}, ${cause} expert ${shift.dropped} for ${shift.added}, and expert ${shift.kept}’s gate, times ρ, goes from ${formatNumber(shift.before)} to ${formatNumber(shift.after)}.`);
  await expect(page.locator('#gates')).toContainText('multiplies additional scaling factors at the width bottlenecks');
  await expect(page.locator('#gates')).not.toContainText('does not mention');
});

test('a deep link opens each step', async ({ page }) => {
  for (const id of STEPS) {
    await openUrl(page, `${CHAPTER}#${id}`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', id);
    await expect(page.locator(`#${id}`)).toBeInViewport();
  }
});

async function checkNumbers(page: import('@playwright/test').Page, sentence: string) {
  const { view, views } = reference(sentence);
  const t = view.T - 1;
  const alt = alternativeChoices(view, sizes);
  const stats = balanceStats(view);
  const fullGates = new Float32Array(view.T * view.E);
  for (const r of view.routes) fullGates[r.token * view.E + r.expert] = r.gate;
  const checks: [string, string, ArrayLike<number>][] = [
    ['top-k', 'affinity', view.affinity.data],
    ['bias', 'bias', view.bias],
    ['bias', 'biased', view.biased.data],
    ['groups', 'group-scores', view.groupScores.data],
    ['groups', 'chosen', view.biased.data],
    ['gates', 'gates', fullGates],
    ['sparse-sum', 'parts', sparseMixture(view, t).parts.data],
    ['sparse-sum', 'routed', view.routed.row(t)],
    ['load', 'load', views.flatMap((v) => expertLoad(v.chosen, v.E))],
    ['aux-loss', 'balance', [...stats.f, ...stats.P]],
    ['loss-free', 'bias-load', [...view.bias, ...expertLoad(alt.noBias, view.E), ...expertLoad(view.chosen, view.E)]],
  ];
  for (const [step, matrix, expected] of checks) {
    await scrollStepToMiddle(page, step);
    await expect(page.locator(figure)).toHaveAttribute('data-state', step);
    expectClose(await matrixValues(page, figure, matrix), expected, `${step}/${matrix}`);
    const picks = await page.locator(`${figure} td[data-pick]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-pick')!).sort());
    if (step === 'top-k') expect(picks).toEqual(keys(alt.plain));
    if (step === 'bias') expect(picks).toEqual(keys(alt.biasOnly));
    const routes = await page.locator(`${figure} [data-route]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-route')!).sort());
    // Only the engine's real choice carries routes, and only where the figure shows it.
    expect(routes).toEqual(step === 'groups' || step === 'gates' ? keys(view.chosen) : []);
  }
  await scrollStepToMiddle(page, 'groups');
  await expect(page.locator(`${figure} [data-group-scores]`)).toHaveText(Array.from(view.groupScores.row(t), (x) => formatNumber(x)).join(', '));
  await expect(page.locator(`${figure} [data-chosen]`)).toHaveText(view.chosen[t]!.join(' and '));
  await scrollStepToMiddle(page, 'gates');
  await expect(page.locator(`${figure} [data-gates]`)).toHaveText(Array.from(view.gates.row(t), (x) => formatNumber(x)).join(', '));
  // The worked line is arithmetic that checks, ρ × (s, s) ÷ Σ s = (g, g), with the reference's numbers (to the last
  // digit shown; WebGPU may round a 5 in the fourth place the other way).
  const worked = (await page.locator(`${figure} [data-worked]`).textContent())!.replace(/\s+/g, ' ');
  const m = worked.match(/([\d.]+) × \(([^)]*)\) ÷ ([\d.]+) = \(([^)]*)\)/);
  expect(m, worked).not.toBeNull();
  const nums = (x: string) => x.split(',').map((y) => Number(y.trim().replace('−', '-')));
  const a = gateArithmetic(view, t);
  expect(Number(m![1])).toBe(sizes.scale);
  nums(m![2]!).forEach((x, j) => expect(Math.abs(x - Number(a.affinities[j]))).toBeLessThanOrEqual(0.0011));
  expect(Math.abs(Number(m![3]) - Number(a.total))).toBeLessThanOrEqual(0.0011);
  expect(m![4]).toBe(a.gates.join(', '));
  nums(m![2]!).forEach((x, j) => expect(Math.abs((sizes.scale * x) / Number(m![3]) - nums(m![4]!)[j]!)).toBeLessThan(0.01));
  await scrollStepToMiddle(page, 'aux-loss');
  await expect(page.locator(`${figure} [data-balance-sum]`)).toHaveText(formatNumber(stats.sum, 3));
  // The read-out says which way the bias moved the load, as the numbers do.
  await scrollStepToMiddle(page, 'loss-free');
  const before = maxOverMean(expertLoad(alt.noBias, view.E));
  const after = maxOverMean(expertLoad(view.chosen, view.E));
  await expect(page.locator(`${figure} [data-load-change]`)).toHaveText(loadChange(before, after));
  await expect(page.locator(`${figure} [data-worked]`)).toContainText(`${formatNumber(before)} without → ${formatNumber(after)} with`);
}

test('the router\'s numbers and routes equal the CPU reference, for the default sentence and a changed one', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, STEPS[0]!);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await checkNumbers(page, DEFAULT_SENTENCE);

  const changed = 'three plus four is seven .';
  const field = page.getByLabel('Sentence for MiniSeek');
  await field.fill(changed);
  await field.press('Enter');
  await scrollStepToMiddle(page, 'top-k');
  await expect(page.locator(`${figure} [data-token-chooser] button`).last()).toHaveText('.');
  await checkNumbers(page, changed);
});
