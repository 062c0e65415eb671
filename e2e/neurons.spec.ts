import type { Page } from '@playwright/test';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { formatNumber, tokenLabels } from '../src/figures/format';
import { ACTIVATIONS, plotFrame, py, relu, sigmoid, sigmoidSlope, silu, weightedSum } from '../src/figures/neurons/neuron-math';
import { siluMinimum } from '../src/figures/feed-forward/ff-view';
import { TOY_START } from '../src/figures/neurons/neuron-toy';
import { activationTable, chooseUnit, extremes, GATE_WEIGHT, negativeSilu, neuronTraceNames, neuronView, productRows, unitWeights } from '../src/figures/neurons/neuron-view';
import { forward } from '../src/model/forward';
import { loadModelDir } from '../src/model/model-dir';
import { axeViolations } from './axe-check';
import { chapterStepTests } from './chapter-steps';
import { expect, openUrl, scrollStepToMiddle, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';

const CHAPTER = '/chapters/neurons/';
const figure = '[data-figure="neurons"]';
const STEPS = ['weighted-sum', 'activation', 'saturation', 'miniseek-neuron', 'miniseek-activation', 'layer'];
/** One term each step's equation highlights. */
const TERM: Record<string, string> = { 'weighted-sum': 'sum', activation: 'phi', saturation: 'slope', 'miniseek-neuron': 'w', 'miniseek-activation': 'silu', layer: 'wx' };
const { model, tokenizer } = loadModelDir();

/** The figure's MiniSeek numbers computed here in Node with the CPU reference; the unit is chosen on the default sentence. */
const traceOf = (sentence: string) => forward(model, tokenizer.encode(sentence, { bos: true }).ids, { trace: neuronTraceNames() }).trace;
const UNIT = chooseUnit(traceOf(DEFAULT_SENTENCE).get(neuronTraceNames()[1]!)!);
const WEIGHTS = unitWeights(model, UNIT);
const reference = (sentence: string) => neuronView(traceOf(sentence), WEIGHTS);

/** A number a data attribute of the figure carries. */
async function attr(page: Page, name: string): Promise<number> {
  return Number(await page.locator(`${figure} [${name}]`).first().getAttribute(name));
}

chapterStepTests({ chapter: CHAPTER, figure, steps: STEPS, term: TERM, equationAttr: 'data-eq-step' });

test('the toy neuron’s sliders move with the keyboard and the sums, activations and slopes follow', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#weighted-sum`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  expect(await attr(page, 'data-z')).toBeCloseTo(weightedSum(TOY_START), 10);
  // The first weight, by keyboard: two steps of 0.1 up. The arrows move the slider, not the page's steps.
  const w1 = page.getByRole('slider', { name: /w₁/ });
  await w1.focus();
  await w1.press('ArrowRight');
  await w1.press('ArrowRight');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'weighted-sum');
  await expect(w1).toHaveAttribute('aria-valuetext', 'weight 1: 0.7');
  const toy = { ...TOY_START, w: [0.7, ...TOY_START.w.slice(1)] };
  await expect.poll(() => attr(page, 'data-z')).toBeCloseTo(weightedSum(toy), 10);
  await expect(page.locator(`${figure} [data-worked]`)).toContainText('0.7·1.0 + 0.8·2.0 + 0.3·(−1.0) + (−0.4) =');
  await expect(page.locator(`${figure} [data-worked]`)).toContainText(formatNumber(weightedSum(toy)));

  // The activation step keeps the reader's neuron and shows only its bias; four steps down make z negative.
  await scrollStepToMiddle(page, 'activation');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'activation');
  await expect(page.getByRole('slider')).toHaveCount(1);
  const bias = page.getByRole('slider', { name: /bias/ });
  await bias.focus();
  for (let i = 0; i < 20; i++) await bias.press('ArrowLeft');
  const low = { ...toy, b: -2.4 };
  const z = weightedSum(low);
  expect(z).toBeLessThan(0);
  await expect.poll(() => attr(page, 'data-relu')).toBe(relu(z));
  expect(await attr(page, 'data-sigmoid')).toBeCloseTo(sigmoid(z), 10);
  expect(await attr(page, 'data-silu')).toBeCloseTo(silu(z), 10);
  await expect(page.locator(`${figure} [data-activation-plot="curves"] [data-curve]`)).toHaveCount(3);
  await scrollStepToMiddle(page, 'saturation');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'saturation');
  expect(await attr(page, 'data-sigmoid-slope')).toBeCloseTo(sigmoidSlope(z), 10);
  // The toy is worked on the page, not by MiniSeek: the badge says so and names no backend.
  await expect(page.locator(`${figure} [data-backend-badge]`)).toHaveText('Worked on this page · a toy neuron you set, not MiniSeek');
});

test('the activation plot grows with z: at the largest z every dot sits on its curve, and its ticks use true minus signs', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#activation`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'activation');
  const plot = page.locator(`${figure} [data-activation-plot="curves"]`);
  await expect(plot.locator('text.tick').first()).toHaveText('−1');
  expect((await plot.locator('text.tick').allInnerTexts()).join(' ')).not.toContain('-');
  const bias = page.getByRole('slider', { name: /bias/ });
  await bias.focus();
  await bias.press('End');
  const z = weightedSum({ ...TOY_START, b: 4 });
  await expect.poll(() => attr(page, 'data-relu')).toBeCloseTo(relu(z), 10);
  expect(Number(await plot.getAttribute('data-y-max'))).toBeGreaterThan(relu(z));
  // The ReLU dot is on the ReLU line (y = z), inside the frame, not held at its top edge.
  const frame = plotFrame('curves', [z], ACTIVATIONS.map((a) => a.f(z)));
  const cy = Number(await plot.locator('circle.point.relu').getAttribute('cy'));
  expect(cy).toBeCloseTo(py(frame, relu(z)), 6);
  expect(cy).toBeGreaterThan(frame.pad);
});

/** Walks the MiniSeek steps and compares every number with the Node reference for one sentence. */
async function expectReference(page: Page, sentence: string): Promise<void> {
  const ref = reference(sentence);
  const T = ref.u.shape[0]!;
  await scrollStepToMiddle(page, 'miniseek-neuron');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'miniseek-neuron');
  await expect(page.locator(`${figure} [data-token-chooser] button`)).toHaveCount(T);
  expectClose(await matrixValues(page, figure, 'products'), productRows(ref, WEIGHTS, T - 1).data, 'products');
  expect(Math.abs((await attr(page, 'data-sum')) - ref.gate.at(T - 1, UNIT))).toBeLessThan(1e-4);
  expect(Math.abs((await attr(page, 'data-traced')) - ref.gate.at(T - 1, UNIT))).toBeLessThan(1e-4);
  await scrollStepToMiddle(page, 'miniseek-activation');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'miniseek-activation');
  expectClose(await matrixValues(page, figure, 'activations'), activationTable(ref.sums).data, 'activations');
  await scrollStepToMiddle(page, 'layer');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'layer');
  await expect(page.locator(`${figure} [data-shape]`)).toHaveAttribute('data-shape', `${T}x${model.config.intermediate_size}`);
  const readout = await page.locator(`${figure} [data-matrix="gate"] [data-readout]`).innerText();
  const m = /\] = ([−-]?[\d.]+)/.exec(readout);
  expect(m, readout).not.toBeNull();
  expect(Math.abs(Number(m![1]!.replace('−', '-')) - ref.gate.at(T - 1, UNIT))).toBeLessThan(1e-3);
}

test('MiniSeek’s neuron shows the numbers of the model computed in Node, live from the GPU', async ({ page }) => {
  await page.goto(CHAPTER);
  await scrollStepToMiddle(page, 'miniseek-neuron');
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText(`MiniSeek, layer 1, unit ${UNIT + 1} of the gate projection`);
  await expectReference(page, DEFAULT_SENTENCE);
});

test('a changed sentence changes every number to the reference’s; bad input gets the input’s message', async ({ page }) => {
  test.setTimeout(60_000);
  await openUrl(page, `${CHAPTER}#miniseek-neuron`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  const sentence = 'three plus four is';
  await field.fill(sentence);
  await field.press('Enter');
  await scrollStepToMiddle(page, 'miniseek-neuron');
  await expect(page.locator(`${figure} [data-token-chooser] button`).last()).toHaveText('is');
  await expectReference(page, sentence);

  await field.fill('the zebra is');
  await field.press('Enter');
  await expect(page.locator('[data-sentence-notice]')).toContainText('read as <unk>: “zebra”');
  await field.fill('');
  await expect(page.locator('[data-sentence-notice]')).toContainText(/empty|still show/i);
});

test('choosing a token moves the worked numbers to its row', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#miniseek-neuron`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await page.getByRole('toolbar', { name: 'Token' }).getByRole('button', { name: 'keys' }).click();
  const ref = reference(DEFAULT_SENTENCE);
  expectClose(await matrixValues(page, figure, 'products'), productRows(ref, WEIGHTS, 2).data);
  expect(Math.abs((await attr(page, 'data-sum')) - ref.gate.at(2, UNIT))).toBeLessThan(1e-4);
  // The keyboard moves the choice too.
  await page.getByRole('toolbar', { name: 'Token' }).getByRole('button', { name: 'keys' }).press('ArrowRight');
  expect(Math.abs((await attr(page, 'data-sum')) - ref.gate.at(3, UNIT))).toBeLessThan(1e-4);
});

test('the prose names the unit, its matrix and its extremes as computed', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#miniseek-activation`);
  const labels = tokenLabels(tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).tokens);
  const ref = reference(DEFAULT_SENTENCE);
  const { high, low } = extremes(ref.sums);
  const neuron = page.locator('#miniseek-neuron');
  await expect(neuron).toContainText(`unit ${UNIT + 1} (index ${UNIT} in the checkpoint)`);
  await expect(neuron).toContainText('in the checkpoint) holds unit');
  await expect(neuron).toContainText(GATE_WEIGHT);
  await expect(neuron).toContainText(`On the default sentence, for its last word “${labels.at(-1)}”`);
  await expect(neuron).toContainText(`z = ${formatNumber(ref.sums[labels.length - 1]!, 3)}`);
  // What SiLU makes of the negative sums, as computed: not 0, and (on this checkpoint) near its dip.
  const neg = negativeSilu(ref.sums);
  expect(neg.count).toBeGreaterThan(1);
  await expect(page.locator('#miniseek-activation')).toContainText(
    `the ${neg.count} words with a negative sum land between ${formatNumber(neg.lo!, 3)} (“${labels[neg.at!]}”) and ${formatNumber(neg.hi!, 3)}`,
  );
  if (neg.lo! <= 0.9 * siluMinimum().value) await expect(page.locator('#miniseek-activation')).toContainText(`near SiLU’s dip of ${formatNumber(siluMinimum().value, 3)}`);
  await expect(page.locator('#miniseek-activation')).toContainText(`SiLU(−5) = ${formatNumber(silu(-5), 3)}`);
  await expect(page.locator('#miniseek-activation')).not.toContainText('off for that word');
  await expect(page.locator('#miniseek-activation')).toContainText(`highest on “${labels[high]}” (${formatNumber(ref.sums[high]!, 2)})`);
  await expect(page.locator('#miniseek-activation')).toContainText(`lowest on “${labels[low]}” (${formatNumber(ref.sums[low]!, 2)})`);
  // The forward links of the chapter.
  await expect(page.locator('#miniseek-activation a[href="/chapters/feed-forward/#silu"]')).toHaveCount(1);
  await expect(page.locator('a[href="/chapters/gradient-descent/"]').first()).toBeAttached();
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const hash of ['', '#activation', '#miniseek-activation']) {
    test(`axe finds no violations (${colorScheme}${hash})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${CHAPTER}${hash}`);
      expect(await axeViolations(page, { figure, state: hash ? hash.slice(1) : STEPS[0]! })).toEqual([]);
    });
  }
}

test('on a phone the figure sits above the steps, fits the screen, and its sliders work by touch size', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openUrl(page, `${CHAPTER}#weighted-sum`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'weighted-sum');
  const fig = await page.locator(figure).boundingBox();
  const step = await page.locator('#weighted-sum').boundingBox();
  expect(fig!.y).toBeLessThan(step!.y);
  expect(fig!.x + fig!.width).toBeLessThanOrEqual(391);
  for (const slider of await page.locator(`${figure} input[type="range"]`).all()) {
    const box = (await slider.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(391);
  }
  await openUrl(page, `${CHAPTER}#layer`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'layer');
  const wide = await page.locator(figure).boundingBox();
  expect(wide!.x + wide!.width).toBeLessThanOrEqual(391);
});
