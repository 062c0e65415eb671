/**
 * The backpropagation chapter: every step by scrolling and by deep link, every gradient the figure shows equal to the
 * same computation in Node (and within a hair of its finite difference), the controls (point, any parameter, the
 * activation, new weights, batch size and batch), bad input, the counts, axe in light and dark, and a phone.
 * The training lab in its last step has its own spec (training-lab.spec.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { makeDataset } from '../src/foundations/datasets';
import { DEFAULT_LAB_CONFIG, DEFAULT_SGD } from '../src/foundations/lab-engine';
import type { Mlp } from '../src/foundations/mlp';
import { compareBatches, epochBatches } from '../src/figures/backpropagation/bp-batches';
import { layerCost, modelParams } from '../src/figures/backpropagation/bp-cost';
import { equalCost, labRun } from '../src/figures/backpropagation/bp-lab';
import { CHAPTER_NET } from '../src/figures/backpropagation/bp-settings';
import { backwardView, createTinyNet, gradientRows, paramRefs, withActivation, withParam } from '../src/figures/backpropagation/bp-view';
import { formatNumber } from '../src/figures/format';
import { loadModelDir } from '../src/model/model-dir';
import type { Point } from '../src/foundations/datasets';
import { quiet } from './gates/site-pages';
import { chapterStepTests } from './chapter-steps';
import { expect, hydrated, openUrl, scrollStepToMiddle, test } from './fixtures';

const CHAPTER = '/chapters/backpropagation/';
const figure = '[data-figure="backpropagation"]';
const STEPS = ['one-point', 'output-error', 'output-weights', 'hidden-error', 'first-layer', 'check', 'cost', 'mini-batches', 'noisy-gradient', 'autodiff', 'training-lab'];
/** One term each step's equation highlights. */
const TERM: Record<string, string> = {
  'one-point': 'loss',
  'output-error': 'd2',
  'output-weights': 'gw2',
  'hidden-error': 'd1',
  'first-layer': 'gw1',
  check: 'fd',
  cost: 'fdc',
  'mini-batches': 'batch',
  'noisy-gradient': 'avg',
  autodiff: 'vjp',
  'training-lab': 'step',
};
const cfg = DEFAULT_LAB_CONFIG;
const data = makeDataset(cfg.dataset, { points: cfg.points, noise: cfg.noise, seed: cfg.seed });
const startNet = () => createTinyNet(CHAPTER_NET.activation, CHAPTER_NET.seed);

/** Opens a step and waits for the island to hydrate, so its controls work. */
async function openStep(page: Page, id: string): Promise<void> {
  await openUrl(page, `${CHAPTER}#${id}`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', id);
  await hydrated(page.locator(figure));
}

/** Equal up to the last bits, where the browser's Math.exp or Math.tanh may round differently from Node's. */
const close = (a: number, b: number, tol = 1e-13) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/**
 * The check table's rows must equal Node's, parameter by parameter. The finite difference divides the loss's
 * rounding by 2h = 2·10⁻⁵, so a last-bit difference between two engines' exp shows up there as about 10⁻¹¹.
 */
async function expectGradients(page: Page, net: Mlp, point: Point): Promise<void> {
  const ref = gradientRows(net, point);
  const rows = page.locator(`${figure} [data-gradients] tbody tr`);
  await expect(rows).toHaveCount(ref.length);
  await expect.poll(async () => close(Number(await rows.first().getAttribute('data-backprop')), ref[0]!.backprop)).toBe(true);
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({ param: tr.getAttribute('data-param'), bp: Number(tr.getAttribute('data-backprop')), fd: Number(tr.getAttribute('data-numeric')), rel: Number(tr.getAttribute('data-rel')) })));
  shown.forEach((row, i) => {
    expect(row.param).toBe(ref[i]!.ref.text);
    expect(close(row.bp, ref[i]!.backprop), `${row.param}: ${row.bp} vs ${ref[i]!.backprop}`).toBe(true);
    expect(Math.abs(row.fd - ref[i]!.numeric), row.param!).toBeLessThan(1e-9);
    expect(row.rel, row.param!).toBeLessThan(1e-6);
  });
}

chapterStepTests({ chapter: CHAPTER, figure, steps: STEPS, term: TERM });

test('the forward values, both errors and all 13 gradients are Node’s, and each agrees with its finite difference', async ({ page }) => {
  const net = startNet();
  const v = backwardView(net, data[0]!);
  await openStep(page, 'one-point');
  const attr = async (sel: string, name: string) => Number(await page.locator(`${figure} ${sel}`).getAttribute(name));
  expect(close(await attr('[data-loss]', 'data-loss'), v.loss)).toBe(true);
  expect(close(await attr('[data-p]', 'data-p'), v.forward.p)).toBe(true);
  await scrollStepToMiddle(page, 'output-error');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'output-error');
  expect(close(await attr('[data-delta2]', 'data-delta2'), v.delta2)).toBe(true);
  await scrollStepToMiddle(page, 'hidden-error');
  await expect(page.locator(`${figure} [data-delta1]`)).toHaveCount(3);
  const delta1 = await page.locator(`${figure} [data-delta1]`).evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-delta1'))));
  delta1.forEach((d, j) => expect(close(d, v.delta1[j]!), `δ¹${j + 1}`).toBe(true));
  await scrollStepToMiddle(page, 'output-weights');
  await expect(page.locator(`${figure} [data-gradients] tbody tr`)).toHaveCount(4);
  await scrollStepToMiddle(page, 'first-layer');
  await expect(page.locator(`${figure} [data-gradients] tbody tr`)).toHaveCount(9);
  await scrollStepToMiddle(page, 'check');
  await expectGradients(page, net, data[0]!);
  // The prose's numbers are the same computation, made at build time.
  await expect(page.locator('#one-point')).toContainText(`so the loss is ${v.loss.toFixed(3)}`);
});

test('another point, an edited weight, another activation and new weights: every gradient follows', async ({ page }) => {
  await openStep(page, 'check');
  const controls = page.locator(`${figure} .figure-controls`);
  await controls.getByRole('button', { name: 'Next point' }).click();
  let net = startNet();
  await expectGradients(page, net, data[1]!);

  // W²[1,2], set by typing (with a true minus sign and a decimal comma), applied with Enter.
  const refs = paramRefs(net);
  await controls.getByRole('combobox', { name: 'Change' }).selectOption({ label: 'W²[1,2] (weight)' });
  const field = controls.getByRole('textbox', { name: 'to' });
  await field.fill('−0,75');
  await field.press('Enter');
  net = withParam(net, refs.find((r) => r.text === 'W²[1,2]')!, -0.75);
  await expectGradients(page, net, data[1]!);

  // The input itself: x₁ = 0.2 makes it the reader's own point.
  await controls.getByRole('combobox', { name: 'Change' }).selectOption({ label: 'x₁ (input)' });
  await field.fill('0.2');
  await field.press('Enter');
  await expect(controls.locator('[data-point-index]')).toHaveText('your point');
  await expectGradients(page, net, { ...data[1]!, x: 0.2 });

  await controls.getByRole('combobox', { name: 'Activation' }).selectOption('silu');
  net = withActivation(net, 'silu');
  await expectGradients(page, net, { ...data[1]!, x: 0.2 });

  await controls.getByRole('button', { name: 'New weights' }).click();
  await expectGradients(page, createTinyNet('silu', CHAPTER_NET.seed + 1), { ...data[1]!, x: 0.2 });
});

test('bad input gets a clear message and changes nothing', async ({ page }) => {
  await openStep(page, 'check');
  const controls = page.locator(`${figure} .figure-controls`);
  const field = controls.getByRole('textbox', { name: 'to' });
  const message = controls.locator('[data-edit-message]');
  const before = await page.locator(`${figure} [data-gradients] tbody tr`).first().getAttribute('data-backprop');
  for (const [text, says] of [
    ['', 'Type a number'],
    ['abc', 'is not a number'],
    ['1e400', 'Keep it between −10 and 10'],
    ['<script>', 'is not a number'],
  ] as const) {
    await field.fill(text);
    await field.press('Enter');
    await expect(message).toContainText(says);
  }
  await controls.getByRole('combobox', { name: 'Change' }).selectOption({ label: 'y (class, 0 or 1)' });
  await field.fill('2');
  await field.press('Enter');
  await expect(message).toHaveText('The class y is 0 or 1.');
  await expect(page.locator(`${figure} [data-gradients] tbody tr`).first()).toHaveAttribute('data-backprop', before!);
  // A good value clears the message.
  await field.fill('1');
  await field.press('Enter');
  await expect(message).toBeEmpty();
  await expectGradients(page, startNet(), { ...data[0]!, label: 1 });
});

test('one epoch’s shuffled batches and each batch gradient’s cosine are Node’s; the batch size and batch are controls', async ({ page }) => {
  const net = startNet();
  await openStep(page, 'mini-batches');
  const batches16 = epochBatches(data.length, DEFAULT_SGD.batch, cfg.seed);
  await expect(page.locator(`${figure} [data-batch-points]`)).toHaveAttribute('data-batch-points', batches16[0]!.join(' '));
  const controls = page.locator(`${figure} .figure-controls`);
  await controls.getByRole('button', { name: 'Next batch' }).click();
  await expect(page.locator(`${figure} [data-batch-points]`)).toHaveAttribute('data-batch-points', batches16[1]!.join(' '));
  await controls.getByRole('button', { name: 'Previous batch' }).click();
  await controls.getByRole('button', { name: 'Previous batch' }).click();
  await expect(page.locator(`${figure} [data-batch-points]`)).toHaveAttribute('data-batch-points', batches16.at(-1)!.join(' '));
  await expect(controls).toContainText(`batch ${batches16.length} of ${batches16.length}`);

  await scrollStepToMiddle(page, 'noisy-gradient');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'noisy-gradient');
  const cosines = (c: ReturnType<typeof compareBatches>) => c.batches.map((b) => b.cosine.toFixed(6)).join(' ');
  await expect(page.locator(`${figure} [data-cosines]`)).toHaveAttribute('data-cosines', cosines(compareBatches(net, data, batches16)));
  await page.locator(`${figure} .figure-controls`).getByRole('combobox', { name: 'Batch size' }).selectOption('64');
  await expect(page.locator(`${figure} [data-cosines]`)).toHaveAttribute('data-cosines', cosines(compareBatches(net, data, epochBatches(data.length, 64, cfg.seed))));
  expect(Number(await page.locator(`${figure} [data-average-gap]`).getAttribute('data-average-gap'))).toBeLessThan(1e-12);
});

test('the cost counts are the network’s and MiniSeek’s checkpoint config’s', async ({ page }) => {
  const P = modelParams(loadModelDir().model.config);
  await openStep(page, 'cost');
  const cost = page.locator(`${figure} [data-cost]`);
  await expect(cost.locator('[data-small-params]')).toHaveAttribute('data-small-params', '13');
  await expect(cost.locator('[data-miniseek-params]')).toHaveAttribute('data-miniseek-params', String(P.trainable));
  await expect(cost.locator('[data-miniseek-fd]')).toHaveAttribute('data-miniseek-fd', String(2 * P.trainable));
  await expect(page.locator('#cost')).toContainText(`${P.trainable.toLocaleString('en-US')} parameters that gradients move`);
  await expect(page.locator(`${figure} [data-backend-badge]`)).toHaveAttribute('data-static-source', '');
  // The lab's step counts the lab's own network.
  await scrollStepToMiddle(page, 'training-lab');
  const lab = layerCost([2, ...cfg.hidden, 1]);
  await expect(page.locator(`${figure} [data-lab-params]`)).toHaveAttribute('data-lab-params', String(lab.params));
  await expect(page.locator(`${figure} [data-lab-step-work]`)).toHaveAttribute('data-lab-step-work', String(DEFAULT_SGD.batch * lab.bpWork));
  await expect(page.locator('#training-lab [data-figure="backprop-lab"]')).toHaveCount(1);
});

test('the prose’s run numbers are Node’s, the diagram keeps δ¹ for its step, and the tape shows every gradient', async ({ page }) => {
  await openStep(page, 'output-weights');
  // Before δ¹ is introduced the hidden neurons show a¹, and the caption says what the lines now mean.
  const v = backwardView(startNet(), data[0]!);
  await expect(page.locator(`${figure} [data-node="h1"] .value`)).toHaveText(formatNumber(v.forward.a[1]![0]!));
  await expect(page.locator(`${figure} [data-node="h1"] .name`)).toHaveText('a¹₁');
  await expect(page.locator(figure)).toContainText('each weight’s gradient');
  await scrollStepToMiddle(page, 'hidden-error');
  await expect(page.locator(`${figure} [data-node="h1"] .name`)).toHaveText('δ¹₁');
  await expect(page.locator(figure)).toContainText('its weight to the output');

  await scrollStepToMiddle(page, 'autodiff');
  const tape = page.locator(`${figure} [data-tape]`);
  // Row 3 runs back into all three of its inputs: ā¹, and the gradients W̄² = δ²(a¹)ᵀ and b̄² = δ².
  const gW2 = `[${Array.from(v.forward.a[1]!, (a) => formatNumber(v.delta2 * a, 3)).join(', ')}]`;
  await expect(tape.locator('tbody tr').nth(2)).toContainText(gW2);
  // Label math writes x̄ as MathML <mover>, whose text is the letter, the bar (¯), then the superscript.
  const row = (k: number) => tape.locator('tbody tr').nth(k);
  for (const t of ['a¯1', 'W¯2', 'b¯2']) await expect(row(2)).toContainText(t);
  for (const t of ['W¯1', 'b¯1']) await expect(row(0)).toContainText(t);
  await expect(row(2).locator('mover')).toHaveCount(3);

  const [all, sixteen, one] = equalCost(cfg, DEFAULT_SGD.lr, (300 * DEFAULT_SGD.batch) / data.length, [data.length, DEFAULT_SGD.batch, 1]);
  const prose = page.locator('#noisy-gradient');
  await expect(prose).toContainText(`buys ${all!.steps} steps`);
  await expect(prose).toContainText(`reaches ${all!.run.end.toFixed(3)}`);
  await expect(prose).toContainText(`get ${sixteen!.steps} steps and reach ${sixteen!.run.end.toFixed(3)}`);
  await expect(prose).toContainText(`reaches ${one!.run.end.toFixed(3)}`);
  const fast = labRun(cfg, { lr: 3, batch: DEFAULT_SGD.batch }, 300);
  await expect(page.locator('#training-lab')).toContainText(`after step ${fast.peak.step}`);
  await expect(page.locator('#training-lab')).toContainText(`after 300 steps is ${fast.end.toFixed(3)}`);
  await scrollStepToMiddle(page, 'training-lab');
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText('Counted from the layer sizes');
  await expect(page.locator(`${figure} [data-backend-badge]`)).not.toContainText('MiniSeek');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds nothing at the check step and the lab, ${colorScheme}`, async ({ page }) => {
    test.setTimeout(120_000); // three full axe runs on a page with a lab
    await page.emulateMedia({ colorScheme });
    for (const id of ['check', 'mini-batches', 'training-lab']) {
      await openStep(page, id);
      await quiet(page);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), id).toEqual([]);
    }
  });
}

test('on a phone the figure sits above the steps, fits the screen, and its controls work', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openStep(page, 'first-layer');
  const fig = await page.locator(figure).boundingBox();
  const step = await page.locator('#first-layer').boundingBox();
  expect(fig!.y).toBeLessThan(step!.y);
  expect(fig!.x + fig!.width).toBeLessThanOrEqual(391);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.locator(`${figure} .figure-controls`).getByRole('button', { name: 'Next point' }).click();
  const ref = gradientRows(startNet(), data[1]!).filter((r) => r.ref.layer === 0);
  const first = page.locator(`${figure} [data-gradients] tbody tr`).first();
  await expect.poll(async () => close(Number(await first.getAttribute('data-backprop')), ref[0]!.backprop)).toBe(true);
});
