import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { curvatureAlong, taylorCheck } from '../src/foundations/descent';
import { formatNumber } from '../src/figures/format';
import { directionText, outcomeText, powerOfTen } from '../src/figures/gradient-descent/gd-view';
import { COSTS, DEFAULTS, LINE_CURVATURE, LR_PRESETS, WELL_OTHER_START, WELL_STATIONARY, descentRun } from '../src/figures/gradient-descent/problems';
import { adamwFacts, parameterCounts, readTrainingLoss } from '../src/figures/gradient-descent/training-loss';
import { loadModelDir } from '../src/model/model-dir';
import { ADAMW_DEFAULTS } from '../src/train/adamw';
import { quiet } from './gates/site-pages';
import { chapterStepTests } from './chapter-steps';
import { expect, openUrl, scrollStepToMiddle, test } from './fixtures';

const CHAPTER = '/chapters/gradient-descent/';
const figure = '[data-figure="gradient-descent"]';
const state = `${figure} [data-problem]`;
const STEPS = ['cost', 'surface', 'uphill', 'descend', 'learning-rate', 'local-minima', 'miniseek'];
/** One term each step's equation highlights. */
const TERM: Record<string, string> = { cost: 'residual', surface: 'w', uphill: 'dot', descend: 'grad', 'learning-rate': 'limit', 'local-minima': 'tilt', miniseek: 'step' };

/** Opens the chapter at a step once the island has hydrated (its Replay button exists only in the live figure's steps). */
async function open(page: Page, hash: string): Promise<void> {
  await openUrl(page, `${CHAPTER}#${hash}`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', hash);
  await expect(page.locator('astro-island', { has: page.locator(figure) })).not.toHaveAttribute('ssr', /.*/);
}

const attr = async (page: Page, name: string) => Number(await page.locator(state).getAttribute(name));
const close = (shown: number, expected: number, what: string) => expect(Math.abs(shown - expected), `${what}: ${shown} vs ${expected}`).toBeLessThan(1e-6);

chapterStepTests({ chapter: CHAPTER, figure, steps: STEPS, term: TERM });

test.describe('with reduced motion', () => {
  test.beforeEach(async ({ page }) => page.emulateMedia({ reducedMotion: 'reduce' }));

  test('the gradient, the run and the four learning rates are the reference’s, computed in Node', async ({ page }) => {
    const line = COSTS.line;
    const start = DEFAULTS.line.start;
    await open(page, 'uphill');
    const [ga, gb] = line.grad(...start);
    close(await attr(page, 'data-grad-a'), ga, 'dL/da');
    close(await attr(page, 'data-grad-b'), gb, 'dL/db');
    const taylor = taylorCheck(line, start, 0.01);
    close(Number(await page.locator(`${figure} [data-taylor-up]`).getAttribute('data-taylor-up')), taylor.up.actual, 'Taylor, up');
    close(Number(await page.locator(`${figure} [data-taylor-down]`).getAttribute('data-taylor-down')), taylor.down.actual, 'Taylor, down');
    await expect(page.locator(`${figure} [data-arrow="up"]`)).toHaveCount(1);
    // Five decimals in the prose and the read-out; the gap is ½ε² times the curvature along the gradient, both ways.
    const uphill = page.locator('#uphill');
    await expect(uphill).toContainText(`raises the cost by ${formatNumber(taylor.up.actual, 5)}`);
    await expect(uphill).toContainText(`lowers it by ${formatNumber(-taylor.down.actual, 5)}`);
    const gap = taylor.up.actual - taylor.up.predicted;
    expect(gap).toBeCloseTo(0.5 * 0.01 ** 2 * curvatureAlong(LINE_CURVATURE.hessian, [ga, gb]), 12);
    await expect(uphill).toContainText(`Both real costs end higher than the prediction, by ${formatNumber(gap, 5)} each`);
    await expect(page.locator(`${figure} [data-worked]`)).toContainText(formatNumber(taylor.up.actual, 5));

    await scrollStepToMiddle(page, 'descend');
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'descend');
    const main = descentRun('line', DEFAULTS.line);
    await expect(page.locator(state)).toHaveAttribute('data-steps', String(main.steps));
    await expect(page.locator(state)).toHaveAttribute('data-outcome', 'converged');
    // Reduced motion: the whole path at once, no animation.
    await expect(page.locator(state)).toHaveAttribute('data-shown', String(main.steps));
    await expect(page.locator(`${state}[data-animating]`)).toHaveCount(0);
    close(await attr(page, 'data-final-a'), main.path.at(-1)!.a, 'final a');
    close(await attr(page, 'data-final-b'), main.path.at(-1)!.b, 'final b');
    await expect(page.locator('#descend')).toContainText(outcomeText(main));

    await scrollStepToMiddle(page, 'learning-rate');
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'learning-rate');
    for (const p of LR_PRESETS) {
      const r = descentRun('line', { start, lr: p.lr });
      const shown = page.locator(`${figure} [data-preset="${p.lr}"]`);
      await expect(shown).toHaveAttribute('data-preset-steps', String(r.steps));
      await expect(shown).toHaveAttribute('data-preset-outcome', r.outcome);
      await expect(page.locator('#learning-rate')).toContainText(`${p.lr} ${r.outcome === 'diverged' ? 'never settles' : outcomeText(r)}`);
    }
    await expect(page.locator('#learning-rate')).toContainText(`= ${formatNumber(LINE_CURVATURE.limit, 3)}`);
    const k = LINE_CURVATURE;
    const [[p, q], [, r]] = k.hessian;
    const lr = page.locator('#learning-rate');
    await expect(lr).toContainText(`here (${p}, ${q}) and (${q}, ${r})`);
    await expect(lr).toContainText(`along ${directionText(k.steep)} by`);
    await expect(lr).toContainText(`along ${directionText(k.flat)} by`);
    await expect(lr).toContainText(`= ${Number(k.flatFloor.toFixed(3))}, so the ratio`);
    await expect(lr).toContainText(`= ${Number(k.ratio.toFixed(3))} sets how many steps`);
    await expect(lr).toContainText(`≈ ${formatNumber(k.bestRate, 3)}, balances the two`);
    await expect(lr).toContainText(outcomeText(descentRun('line', { start, lr: k.bestRate })));
    await expect(lr).toContainText('every step after the first points back against the one before');
  });

  test('the double well’s two starts end in the valleys Node finds', async ({ page }) => {
    await open(page, 'local-minima');
    const mine = descentRun('well', DEFAULTS.well).path.at(-1)!;
    const other = descentRun('well', { start: WELL_OTHER_START, lr: DEFAULTS.well.lr }).path.at(-1)!;
    await expect(page.locator(state)).toHaveAttribute('data-problem', 'well');
    close(await attr(page, 'data-final-a'), mine.a, 'my end');
    close(Number(await page.locator(`${figure} [data-other-final-a]`).getAttribute('data-other-final-a')), other.a, 'other end');
    expect(Math.sign(mine.a)).not.toBe(Math.sign(other.a));
    await expect(page.locator('#local-minima')).toContainText(`= ${formatNumber(mine.a, 3)}, with`);
    await expect(page.locator('#local-minima')).toContainText(`= ${formatNumber(other.a, 3)}, with`);
    await expect(page.locator('#local-minima')).toContainText(`${formatNumber(WELL_STATIONARY.saddle, 3)} through it divides the starts`);
    await expect(page.locator('#local-minima')).toContainText('The lecture notes this course follows');
  });

  test('typing a start and a learning rate reruns descent; bad input gets a message and changes nothing', async ({ page }) => {
    await open(page, 'descend');
    const a = page.locator(`${figure} [data-field="a"]`);
    const b = page.locator(`${figure} [data-field="b"]`);
    const lr = page.locator(`${figure} [data-field="lr"]`);
    await a.fill('3.5');
    await b.press('Control+a');
    await b.pressSequentially('−2'); // a typographic minus is read as one
    await lr.fill('0.05');
    const r = descentRun('line', { start: [3.5, -2], lr: 0.05 });
    await expect(page.locator(state)).toHaveAttribute('data-start-b', '-2');
    await expect(page.locator(state)).toHaveAttribute('data-steps', String(r.steps));
    close(await attr(page, 'data-final-a'), r.path.at(-1)!.a, 'final a');

    const message = page.locator(`${figure} [data-field-message]`);
    await a.fill('');
    await expect(message).toHaveText('Type a number for a, between −1.5 and 4.5.');
    await expect(a).toHaveAttribute('aria-invalid', 'true');
    await a.fill('seven');
    await expect(message).toHaveText('“seven” is not a number; a takes a number between −1.5 and 4.5.');
    await a.fill('12');
    await expect(message).toHaveText('a must be between −1.5 and 4.5; 12 is outside.');
    await expect(page.locator(state)).toHaveAttribute('data-start-a', '3.5');
    await a.fill('3.5');
    await expect(message).toHaveText('');
    await lr.fill('1e400');
    await expect(message).toHaveText('η must be between 0.001 and 1; 1e400 is outside.');
    await expect(page.locator(state)).toHaveAttribute('data-lr', '0.05');
    await lr.fill('<script>');
    await expect(message).toContainText('is not a number');
  });

  test('a click on the surface picks the start; the preset buttons set the learning rate', async ({ page }) => {
    await open(page, 'learning-rate');
    const frame = (await page.locator(`${figure} [data-surface] .frame`).boundingBox())!;
    const [[a0, a1], [b0, b1]] = COSTS.line.range;
    // Aim at (a, b) = (0.5, −1).
    await page.mouse.click(frame.x + ((0.5 - a0) / (a1 - a0)) * frame.width, frame.y + ((b1 - -1) / (b1 - b0)) * frame.height);
    await expect.poll(() => attr(page, 'data-start-a')).toBeCloseTo(0.5, 1);
    expect(await attr(page, 'data-start-b')).toBeCloseTo(-1, 1);
    const start: [number, number] = [await attr(page, 'data-start-a'), await attr(page, 'data-start-b')];
    await expect(page.locator(`${figure} [data-field="a"]`)).toHaveValue(String(start[0]));

    await page.getByRole('button', { name: 'η = 0.26' }).click();
    const past = descentRun('line', { start, lr: 0.26 });
    await expect(page.locator(state)).toHaveAttribute('data-outcome', past.outcome);
    await expect(page.locator(state)).toHaveAttribute('data-steps', String(past.steps));
    await expect(page.getByRole('button', { name: 'η = 0.26' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator(`${figure} [data-field="lr"]`)).toHaveValue('0.26');
  });
});

test('the path is animated step by step, and Replay draws it again', async ({ page }) => {
  await open(page, 'descend');
  const steps = descentRun('line', DEFAULTS.line).steps;
  await expect(page.locator(state)).toHaveAttribute('data-shown', String(steps), { timeout: 10_000 });
  await expect(page.locator(`${state}[data-animating]`)).toHaveCount(0);
  await page.getByRole('button', { name: 'Replay' }).click();
  await expect.poll(async () => attr(page, 'data-shown')).toBeLessThan(steps);
  await expect(page.locator(state)).toHaveAttribute('data-shown', String(steps), { timeout: 10_000 });
});

test('Plotly loads only for a step with a chart, and draws the cost per step', async ({ page }) => {
  const plotly: string[] = [];
  page.on('request', (r) => {
    if (/plotly/i.test(r.url())) plotly.push(r.url());
  });
  await page.goto(CHAPTER);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'cost');
  await page.waitForLoadState('networkidle');
  expect(plotly).toEqual([]);
  await scrollStepToMiddle(page, 'descend');
  await expect(page.locator(`${figure} [data-plot]`)).toHaveAttribute('data-plot', 'ready', { timeout: 20_000 });
  await expect(page.locator(`${figure} .scatterlayer .trace`)).toHaveCount(1);
  await scrollStepToMiddle(page, 'learning-rate');
  await expect(page.locator(`${figure} .scatterlayer .trace`)).toHaveCount(LR_PRESETS.length);
});

test('the MiniSeek step states the trainer’s settings and the training log’s numbers', async ({ page }) => {
  await open(page, 'miniseek');
  const loss = readTrainingLoss();
  const counts = parameterCounts(loadModelDir().model.weights);
  const prose = page.locator('#miniseek');
  await expect(prose).toContainText(`The mean loss of the first 100 steps is ${formatNumber(loss.first100, 2)}; of the last 100, ${formatNumber(loss.last100, 2)}`);
  await expect(prose).toContainText(`P = ${counts.trained.toLocaleString('en-US')} weights`);
  await expect(prose).toContainText(`rose ${loss.rises.toLocaleString('en-US')} times out of ${loss.pairs.toLocaleString('en-US')}`);
  const adam = adamwFacts();
  await expect(prose).toContainText(`= ${Number(adam.decayPerStep.toPrecision(3))} at the peak rate`);
  await expect(prose).toContainText(`= ${powerOfTen(adam.eps)} only keeps`);
  await expect(prose).toContainText(`= ${powerOfTen(adam.balanceAlpha)} (see the`);
  await expect(prose).toContainText('Three things change');
  // The chart's name gives the run's real length; the read-out uses the prose's windows.
  await expect(page.locator(`${figure} [role="img"]`)).toHaveAttribute('aria-label', new RegExp(`over ${loss.steps.toLocaleString('en-US')} steps`));
  const worked = page.locator(`${figure} [data-worked]`);
  await expect(worked).toContainText(`first 100 steps ${formatNumber(loss.first100, 2)}`);
  await expect(worked).toContainText(`→ last 100 ${formatNumber(loss.last100, 2)}`);
  await expect(prose).toContainText(`the ${counts.biases} routing biases`);
  await expect(prose).toContainText(`on the ${counts.decayed.toLocaleString('en-US')} matrix entries`);
  await expect(prose).toContainText(`at most ${ADAMW_DEFAULTS.clipNorm}`);
  await expect(prose).toContainText('AdamW');
  await expect(page.locator(`${figure} [data-backend-badge]`)).toHaveText('Read from MiniSeek’s training log · the shipped checkpoint’s run');
});

test('without JavaScript the first state is drawn: contours, the start, the line and its cost', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(CHAPTER);
  await expect(page.locator(`${figure} [data-surface] path.contour`)).toHaveCount(12);
  await expect(page.locator(`${figure} [data-start]`)).toHaveCount(1);
  await expect(page.locator(`${figure} [data-line-panel]`)).toHaveCount(1);
  const cost = COSTS.line.f(...DEFAULTS.line.start);
  await expect(page.locator(`${figure} [data-worked]`)).toContainText(formatNumber(cost, 4));
  await context.close();
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const hash of ['', '#uphill', '#learning-rate', '#local-minima']) {
    test(`axe finds no violations (${colorScheme}${hash})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await page.goto(`${CHAPTER}${hash}`);
      await expect(page.locator(figure)).toHaveAttribute('data-state', hash ? hash.slice(1) : 'cost');
      if (hash === '#learning-rate' || hash === '#local-minima') await expect(page.locator(`${figure} [data-plot]`)).toHaveAttribute('data-plot', 'ready', { timeout: 20_000 });
      await quiet(page);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('the figure sits above the steps and fits the screen, and a tap picks the start', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await open(page, 'surface');
    const fig = (await page.locator(figure).boundingBox())!;
    const step = (await page.locator('#surface').boundingBox())!;
    expect(fig.y).toBeLessThan(step.y);
    expect(fig.x + fig.width).toBeLessThanOrEqual(391);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    const frame = (await page.locator(`${figure} [data-surface] .frame`).boundingBox())!;
    await page.touchscreen.tap(frame.x + frame.width * 0.75, frame.y + frame.height * 0.25);
    const [[a0, a1], [b0, b1]] = COSTS.line.range;
    await expect.poll(() => attr(page, 'data-start-a')).toBeCloseTo(a0 + 0.75 * (a1 - a0), 1);
    expect(await attr(page, 'data-start-b')).toBeCloseTo(b1 - 0.25 * (b1 - b0), 1);
  });
});
