import { loadModelDir } from '../src/model/model-dir';
import { forward } from '../src/model/forward';
import { DEFAULT_SENTENCE } from '../src/course/default-sentence';
import { paramBreakdown } from '../src/model/param-count';
import { PUBLISHED } from '../src/model/published-configs';
import { moeLayers } from '../src/figures/shared-routed-moe/moe-view';
import { epTraceNames, layerRouting } from '../src/figures/distributed-training/ep-view';
import { nodeLimited, traffic } from '../src/figures/distributed-training/expert-parallel';
import { allReduceBytes, oneGpu, zero1 } from '../src/figures/distributed-training/memory';
import { schedule1F1B, table2 } from '../src/figures/distributed-training/pipeline';
import { v3Cost } from '../src/figures/distributed-training/cost';
import type { Page } from '@playwright/test';
import { expect, openUrl, scrollStepToMiddle, test } from './fixtures';
import { expectClose, matrixValues } from './figure-values';
import { axeViolations } from './axe-check';
import { chapterStepTests } from './chapter-steps';

const CHAPTER = '/chapters/distributed-training/';
const figure = '[data-figure="distributed-training"]';
const STEPS = ['one-gpu', 'data-parallel', 'zero-1', 'pipeline', 'dualpipe', 'experts', 'all-to-all', 'node-limited', 'scale'];
const TERM: Record<string, string> = {
  'one-gpu': 'state', 'data-parallel': 'allreduce', 'zero-1': 'shard', pipeline: 'bubble', dualpipe: 'dual', experts: 'place', 'all-to-all': 'bytes', 'node-limited': 'node', scale: 'cost',
};
const { model, tokenizer } = loadModelDir();
const c = model.config;
const layers = moeLayers(c);
const sizes = { hidden: c.hidden_size, dispatchBytes: 1, combineBytes: 2 };

/** The CPU reference in Node: the routing of a sentence in one MoE layer. */
function reference(sentence: string, layer: number) {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  return layerRouting(forward(model, ids, { trace: epTraceNames(layers) }).trace, layer);
}

/** The figure's expert-parallel numbers for a placement, against the reference. */
async function expectExperts(page: Page, sentence: string, layer: number, p: { nodes: number; perNode: number }, m: number) {
  const placement = { experts: c.n_routed_experts, ...p };
  const r = reference(sentence, layer);
  const n = p.nodes * p.perNode;
  await scrollStepToMiddle(page, 'experts');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'experts');
  const perDevice = r.chosen.flatMap((es) => Array.from({ length: n }, (_, d) => es.filter((e) => Math.floor(e / (c.n_routed_experts / n)) === d).length));
  expectClose(await matrixValues(page, figure, 'token-devices'), perDevice, 'experts per device');
  const flow = traffic(r.chosen, placement, sizes);
  await scrollStepToMiddle(page, 'all-to-all');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'all-to-all');
  expectClose(await matrixValues(page, figure, 'dispatch'), flow.dispatch.flat(), 'dispatch bytes');
  expectClose(await matrixValues(page, figure, 'combine'), flow.combine.flat(), 'combine bytes');
  await expect(page.locator(`${figure} [data-ib]`)).toHaveAttribute('data-ib', String(flow.ib.dispatch + flow.ib.combine));
  await expect(page.locator(`${figure} [data-nvlink]`)).toHaveAttribute('data-nvlink', String(flow.nvlink.dispatch + flow.nvlink.combine));
  await scrollStepToMiddle(page, 'node-limited');
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'node-limited');
  await page.getByRole('combobox', { name: /^M/ }).selectOption(String(m));
  const lim = nodeLimited(r.affinity, r.biased, placement, c.num_experts_per_tok, m);
  expectClose(await matrixValues(page, figure, 'node-scores'), lim.nodeScores.flat(), 'node scores');
  await expect(page.locator(`${figure} [data-changed]`)).toHaveAttribute('data-changed', String(lim.changed.length));
}

chapterStepTests({ chapter: CHAPTER, figure, steps: STEPS, term: TERM });

test('the default sentence: MiniSeek’s routing on simulated devices equals the CPU reference in Node', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#experts`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.locator(`${figure} [data-backend-badge]`)).toContainText('Computed on the');
  await expectExperts(page, DEFAULT_SENTENCE, layers[0]!, { nodes: 2, perNode: 2 }, 1);
});

test('another sentence, layer 3, 4 nodes of 2: the figure follows, equal to the CPU reference', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#experts`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const sentence = 'the dogs near the old benches sleep';
  const field = page.getByLabel('Sentence for MiniSeek');
  await field.fill(sentence);
  await field.press('Enter');
  await scrollStepToMiddle(page, 'experts');
  await expect(page.locator(`${figure} [data-matrix="token-devices"] tbody tr`)).toHaveCount(tokenizer.encode(sentence, { bos: true }).ids.length);
  await page.getByRole('combobox', { name: /^Nodes/ }).selectOption('4');
  await page.getByRole('combobox', { name: /^Devices per node/ }).selectOption('2');
  await page.getByRole('combobox', { name: /^Layer/ }).selectOption({ value: String(layers[1]) });
  await expectExperts(page, sentence, layers[1]!, { nodes: 4, perNode: 2 }, 2);
  await expectExperts(page, sentence, layers[1]!, { nodes: 4, perNode: 2 }, 1);
});

test('bad input: an unknown word is named, an empty sentence refused, and the figure keeps the last good run', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#experts`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  await field.fill('the zyxwv keys');
  await field.press('Enter');
  await expect(page.locator('[data-sentence-input]')).toContainText('zyxwv');
  await scrollStepToMiddle(page, 'experts');
  const ids = tokenizer.encode('the zyxwv keys', { bos: true }).ids;
  await expect(page.locator(`${figure} [data-matrix="token-devices"] tbody tr`)).toHaveCount(ids.length);
  await field.fill('   ');
  await field.press('Enter');
  await scrollStepToMiddle(page, 'experts');
  await expect(page.locator(`${figure} [data-matrix="token-devices"] tbody tr`)).toHaveCount(ids.length);
});

test('an impossible placement and an impossible limit get a message, not numbers', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#experts`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'experts');
  await page.getByRole('combobox', { name: /^Nodes/ }).selectOption('8');
  await page.getByRole('combobox', { name: /^Devices per node/ }).selectOption('2');
  await expect(page.locator(`${figure} [data-place-problem]`)).toContainText('cannot be shared equally by 16 devices');
  await page.getByRole('combobox', { name: /^Devices per node/ }).selectOption('1');
  await scrollStepToMiddle(page, 'node-limited');
  await page.getByRole('combobox', { name: /^M/ }).selectOption('1');
  await expect(page.locator(`${figure} [data-limit-problem]`)).toContainText('cannot give a token its 2 experts');
});

test('memory, data parallelism and ZeRO-1: computed from the configs for the degree chosen', async ({ page }) => {
  const P3 = paramBreakdown(PUBLISHED['deepseek-v3']).total;
  const Pm = paramBreakdown(c).total;
  await openUrl(page, `${CHAPTER}#one-gpu`);
  await expect(page.locator(`${figure} [data-v3-bytes]`)).toHaveAttribute('data-v3-bytes', String(oneGpu(P3).total));
  await expect(page.locator(`${figure} [data-v3-gpus]`)).toHaveAttribute('data-v3-gpus', String(oneGpu(P3).gpusForState));
  await expect(page.locator(`${figure} [data-backend-badge]`)).toHaveText(/^Arithmetic on published figures/);
  await scrollStepToMiddle(page, 'data-parallel');
  await page.getByRole('combobox', { name: /^Data-parallel devices/ }).selectOption('64');
  await expect(page.locator(`${figure} [data-allreduce]`).first()).toHaveAttribute('data-allreduce', String(allReduceBytes(Pm, 64, 4)));
  await scrollStepToMiddle(page, 'zero-1');
  await expect(page.locator(`${figure} [data-zero]`).nth(1)).toHaveAttribute('data-zero', String(zero1(P3, 64).perDevice));
});

test('the pipeline the reader sizes: 1F1B drawn with its measured bubble, Table 2 computed, bad times refused', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#pipeline`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'pipeline');
  await page.getByRole('combobox', { name: /^Stages PP/ }).selectOption('6');
  await page.getByRole('spinbutton', { name: 'Micro-batches' }).fill('10');
  await page.getByRole('spinbutton', { name: 'F', exact: true }).fill('1.5');
  const s = schedule1F1B(6, 10, { F: 1.5, B: 2 });
  await expect(page.locator(`${figure} [data-schedule]`)).toHaveAttribute('data-idle', String(s.idle[0]));
  await expect(page.locator(`${figure} [data-schedule] rect[data-op]`)).toHaveCount(2 * 6 * 10);
  expect(s.idle[0]).toBeCloseTo(5 * 3.5, 9);
  // The schedule checks only what it reads: a B below Table 2's W (1) is no problem here.
  await page.getByRole('spinbutton', { name: 'B', exact: true }).fill('0.5');
  await expect(page.locator(`${figure} [data-schedule]`)).toHaveAttribute('data-idle', String(schedule1F1B(6, 10, { F: 1.5, B: 0.5 }).idle[0]));
  await expect(page.locator(`${figure} [data-pipe-problem]`)).toHaveCount(0);
  await page.getByRole('spinbutton', { name: 'B', exact: true }).fill('2');
  await scrollStepToMiddle(page, 'dualpipe');
  await page.getByRole('spinbutton', { name: 'W', exact: true }).fill('0.5');
  await page.getByRole('spinbutton', { name: 'F&B' }).fill('3');
  const rows = table2(6, { F: 1.5, B: 2, W: 0.5, FB: 3 });
  for (const r of rows) await expect(page.locator(`${figure} [data-method="${r.id}"] [data-bubble]`)).toHaveAttribute('data-bubble', String(r.bubble));
  await page.getByRole('spinbutton', { name: 'W', exact: true }).fill('3');
  await expect(page.locator(`${figure} [data-pipe-problem]`)).toContainText('W is part of B');
  await page.getByRole('spinbutton', { name: 'W', exact: true }).fill('');
  await expect(page.locator(`${figure} [data-pipe-problem]`)).toBeVisible();
});

test('the scale step: Table 1’s total and price computed from the parts', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#scale`);
  const cost = v3Cost(256);
  await expect(page.locator(`${figure} [data-total-hours]`)).toHaveAttribute('data-total-hours', String(cost.totalHours));
  await expect(page.locator(`${figure} [data-total-usd]`)).toHaveAttribute('data-total-usd', String(cost.totalUsd));
  await expect(page.locator(`${figure} [data-nodes]`)).toHaveAttribute('data-nodes', String(cost.nodes));
  await expect(page.locator(`${figure} [data-days]`)).toHaveAttribute('data-days', String(cost.daysPerTrillion));
  expect(Math.round(cost.pretrainingFromRate)).toBe(2664e3);
  await expect(page.locator('#scale')).toContainText('$5.576M');
  await expect(page.locator('#scale')).toContainText('excluding the costs associated with prior research and ablation experiments');
});

test('on a phone the figure sits above the steps and inside the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openUrl(page, `${CHAPTER}#all-to-all`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'all-to-all');
  const fig = await page.locator(figure).boundingBox();
  const step = await page.locator('#all-to-all').boundingBox();
  expect(fig!.y).toBeLessThan(step!.y);
  expect(fig!.x + fig!.width).toBeLessThanOrEqual(391);
});

for (const [colorScheme, hash] of [['light', '#pipeline'], ['dark', '#pipeline'], ['dark', '#all-to-all'], ['light', '#node-limited']] as const) {
  test(`axe finds no violations (${colorScheme}, ${hash})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${CHAPTER}${hash}`);
    expect(await axeViolations(page, { figure, state: hash.slice(1) })).toEqual([]);
  });
}
