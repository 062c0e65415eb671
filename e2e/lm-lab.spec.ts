/**
 * The language-model lab (issue #17), the language-models chapter's last step: MiniSeek trains in a worker, the loss falls and the next-word guesses change, with no long task on
 * the page; the same settings give the same losses; the controls work from the keyboard; the state survives scrolling
 * away and back; the engine loads only when the lab comes near; the reference line is the checkpoint's held-out loss
 * computed in Node by the same function; and the offline copy runs it from file://.
 */
import type { Locator, Page } from '@playwright/test';
import { heldOutScore } from '../src/train/held-out';
import { loadModelDir } from '../src/model/model-dir';
import { paramBreakdown } from '../src/model/param-count';
import { exportedUrl, requireExport } from './export-copy';
import { expect, test } from './fixtures';
import { watchLongTasks } from './long-tasks';

const PAGE = '/chapters/language-models/';
const STEP = '#lab';
const lab = (page: Page) => page.locator('[data-figure="lm-lab"]');
const step = async (root: Locator) => Number(await root.getAttribute('data-train-step'));
const loss = async (root: Locator) => Number(await root.getAttribute('data-loss'));
const guesses = (root: Locator) => root.locator('tbody .word').allTextContents();

/**
 * Opens the lab and waits for its worker's step-0 model, on the CPU: these tests train for hundreds of steps, and
 * the browser's WebGPU here is SwiftShader (a CPU emulating a GPU, seconds a step). The lab on WebGPU is
 * lm-lab-webgpu.spec.ts.
 */
async function openLab(page: Page, url = PAGE + STEP): Promise<Locator> {
  await page.goto(url);
  const root = lab(page);
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-cpu-thread', 'worker', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await root.getByRole('combobox', { name: /^Train on/ }).selectOption('cpu');
  await expect(root).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-kernels', 'wasm-simd');
  return root;
}

/** Clicks One step `n` times, each after the previous step has arrived; returns the loss after each. */
async function stepLosses(root: Locator, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    await root.getByRole('button', { name: 'One step' }).click();
    await expect(root).toHaveAttribute('data-train-step', String(i), { timeout: 30_000 });
    out.push((await root.getAttribute('data-loss'))!);
  }
  return out;
}

test('Train runs MiniSeek in a worker: the step count rises, the loss falls clearly and the guesses change, with no long task @quiet', async ({ page }) => {
  test.setTimeout(120_000);
  await watchLongTasks(page);
  const root = await openLab(page);
  await expect(root).toHaveAttribute('data-backend', 'cpu');
  await expect(root).toHaveAttribute('data-train-step', '0');
  const first = await loss(root);
  expect(first).toBeGreaterThan(5); // untrained: about ln 224 ≈ 5.4
  const before = await guesses(root);
  const mark = await page.evaluate(() => {
    (window as unknown as { t0: number }).t0 = performance.now();
    return (window as unknown as { longTasks: string[] }).longTasks.length;
  });
  await root.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => step(root), { timeout: 90_000 }).toBeGreaterThanOrEqual(100);
  await root.getByRole('button', { name: /Pause/ }).click();
  await expect(root).toHaveAttribute('data-state', 'ready');
  const after = await loss(root);
  expect(after, `loss ${first} → ${after}`).toBeLessThan(first - 1.5);
  // The held-out loss was measured again at step 100, below the untrained one.
  expect(Number(await root.getAttribute('data-held-out-loss'))).toBeLessThan(first - 1.5);
  expect(await guesses(root)).not.toEqual(before);
  const tasks = await page.evaluate((n) => (window as unknown as { longTasks: string[] }).longTasks.slice(n), mark);
  expect(tasks, 'main-thread tasks over 50 ms while training').toEqual([]);
  await expect(root.locator('.readout')).toContainText(`Step ${await step(root)}:`);
  await expect(root.locator('[data-backend-badge]')).toContainText('Trains on the CPU, in a worker, with the WebAssembly SIMD kernels. Why the CPU: the CPU was chosen.');
});

test('seeded: two runs with the same settings give the same losses, step for step', async ({ browser }) => {
  test.setTimeout(120_000);
  const runs: string[][] = [];
  for (let r = 0; r < 2; r++) {
    const page = await browser.newPage();
    const root = await openLab(page);
    runs.push([(await root.getAttribute('data-loss'))!, ...(await stepLosses(root, 6))]);
    await page.close();
  }
  expect(runs[1]).toEqual(runs[0]);
  expect(new Set(runs[0]).size).toBeGreaterThan(1);
});

test('the reference line is the checkpoint’s held-out loss, as Node computes it with the same function', async ({ page }) => {
  const { model, tokenizer } = loadModelDir();
  const expected = heldOutScore(model, tokenizer).loss;
  await page.goto(PAGE);
  const shown = Number(await lab(page).getAttribute('data-reference-loss'));
  expect(shown).toBeCloseTo(expected, 6);
  await expect(lab(page).locator('figcaption')).toContainText(expected.toFixed(3));
  // The read-out counts the trained tensors, with the MoE layers' routing biases (not trained by gradient) apart;
  // together they are the chapter's MiniSeek total.
  const c = model.config;
  const biases = (c.num_hidden_layers - c.first_k_dense_replace) * c.n_routed_experts;
  const trained = paramBreakdown(c).total - biases;
  await expect(lab(page).locator('.readout')).toContainText(`${trained.toLocaleString('en')} trained parameters (+${biases} routing biases)`);
});

test('the controls work from the keyboard; Reset returns to the same start; the sentence field reads new sentences and names bad input', async ({ page }) => {
  test.setTimeout(120_000);
  const root = await openLab(page);
  const start = await loss(root);
  await root.getByRole('button', { name: 'One step' }).focus();
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-train-step', '1');
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-train-step', '2');
  await root.getByRole('button', { name: 'Train' }).focus();
  await page.keyboard.press('Enter');
  await expect(root.getByRole('button', { name: /Pause/ })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => step(root), { timeout: 30_000 }).toBeGreaterThan(4);
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-state', 'ready');
  // Learning rate and batch size by keyboard: the select takes arrow keys.
  const rate = root.getByRole('combobox', { name: /^Learning rate/ });
  await rate.focus();
  await page.keyboard.press('ArrowUp');
  await expect(rate).toHaveValue('0.003');
  const batch = root.getByRole('combobox', { name: /^Batch size/ });
  await batch.focus();
  await page.keyboard.press('ArrowDown');
  await expect(batch).toHaveValue('16');
  await root.getByRole('button', { name: 'Reset' }).focus();
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-train-step', '0');
  expect(await loss(root)).toBe(start);
  // The sentence: a new one is read (the caption names it), an empty one and unknown words are named.
  const field = root.getByRole('textbox', { name: 'Sentence' });
  await field.fill('three plus four is');
  await field.press('Enter');
  await expect(root.locator('caption')).toContainText('“three plus four is”');
  await field.fill('   ');
  await field.press('Enter');
  await expect(root.getByRole('status')).toContainText('Type a sentence');
  await field.fill('the zorblax');
  await field.press('Enter');
  await expect(root.locator('.notice')).toContainText('“zorblax”');
  await expect(root.locator('caption')).toContainText('“the <unk>”');
});

test('the lab keeps its state when the reader scrolls away and back, and goes on from there', async ({ page }) => {
  test.setTimeout(90_000);
  const root = await openLab(page);
  await stepLosses(root, 3);
  const kept = await root.getAttribute('data-loss');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.evaluate(() => window.scrollTo(0, 0));
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-train-step', '3');
  expect(await root.getAttribute('data-loss')).toBe(kept);
  await root.getByRole('button', { name: 'One step' }).click();
  await expect(root).toHaveAttribute('data-train-step', '4');
});

test('the engine and the model code load only when the lab comes near', async ({ page }) => {
  // A short window: the lab starts well below the first view (more than the 400 px margin its island waits for).
  await page.setViewportSize({ width: 390, height: 300 });
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await page.goto(PAGE, { waitUntil: 'networkidle' });
  const top = await lab(page).evaluate((el) => el.getBoundingClientRect().top);
  expect(top, 'the lab must start below the first view for this test').toBeGreaterThan(300 + 400);
  // The chapter's own figure loads MiniSeek's forward pass on the first view; the lab's engine is its own chunks.
  const engine = (list: string[]) => list.filter((s) => /lm-lab-client|LmLabIsland/.test(s));
  expect(engine(scripts), 'scripts of the lab on the first view').toEqual([]);
  await lab(page).scrollIntoViewIfNeeded();
  await expect(lab(page)).toHaveAttribute('data-cpu-thread', 'worker', { timeout: 60_000 });
  expect(engine(scripts).some((s) => /lm-lab-client/.test(s))).toBe(true);
});

test('the offline copy runs the lab from file://, its worker started from a blob: URL', async ({ page }) => {
  test.setTimeout(90_000);
  requireExport();
  const root = await openLab(page, exportedUrl(PAGE, STEP));
  await root.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => step(root), { timeout: 60_000 }).toBeGreaterThanOrEqual(20);
  await root.getByRole('button', { name: /Pause/ }).click();
  await expect(root).toHaveAttribute('data-state', 'ready');
});
