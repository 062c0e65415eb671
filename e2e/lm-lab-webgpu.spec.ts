/**
 * The language-model lab on WebGPU (SwiftShader in headless Chromium, the "chromium" project): by default it trains
 * in its worker with every linear layer's products and AdamW on the GPU, says so with the adapter's name, and its
 * losses follow the CPU lab's (a Node reference: the same engine, seed and windows, on the CPU); it falls back to the
 * CPU, saying why, when the device is lost mid-training, and honours the reader's choice of the CPU. The lab without
 * WebGPU at all is lm-lab-no-webgpu.spec.ts ("chromium-no-webgpu").
 *
 * The tolerance: the GPU multiplies in float32 with its own summation order (and sums each weight's gradient over
 * the batch's rows in one product), the CPU's kernels in another; MiniSeek's loss after a few steps agrees to about
 * 1e-7 relative (src/lm-lab/gpu-backend.test.ts runs the same backend on float32 CPU twins). 1e-4 leaves room for
 * SwiftShader's arithmetic and is far below what a wrong gradient does in one step (the loss moves by ~5e-3 a step).
 */
import type { Locator, Page } from '@playwright/test';
import { DEFAULT_LM_CONFIG, DEFAULT_LM_SETTINGS, LmEngine } from '../src/lm-lab/engine';
import { expect, test } from './fixtures';
import { keepWorkers } from './keep-workers';

const PAGE = '/chapters/language-models/#lab';
const TOLERANCE = 1e-4;
const lab = (page: Page) => page.locator('[data-figure="lm-lab"]');
const step = async (root: Locator) => Number(await root.getAttribute('data-train-step'));
const loss = async (root: Locator) => Number(await root.getAttribute('data-loss'));
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** The CPU lab's training losses for steps 0..n (the reference the GPU's must follow). */
async function cpuLosses(n: number): Promise<number[]> {
  const engine = new LmEngine(DEFAULT_LM_CONFIG, DEFAULT_LM_SETTINGS);
  await engine.run(n);
  return engine.snapshot('the').history.map(([, l]) => l);
}

async function openLab(page: Page): Promise<Locator> {
  await page.goto(PAGE);
  const root = lab(page);
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-cpu-thread', 'worker', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  return root;
}

/** `n` One-step clicks, each after the last step arrived (SwiftShader takes seconds a step). */
async function steps(root: Locator, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const target = (await step(root)) + 1;
    await root.getByRole('button', { name: 'One step' }).click();
    await expect(root).toHaveAttribute('data-train-step', String(target), { timeout: 60_000 });
  }
  await expect(root).toHaveAttribute('data-state', 'ready');
}

test('with an adapter the lab trains on WebGPU, says so, and its losses follow the CPU lab’s; the loss falls', async ({ page }) => {
  test.setTimeout(180_000);
  const reference = await cpuLosses(4);
  const root = await openLab(page);
  await expect(root).toHaveAttribute('data-backend', 'webgpu');
  await expect(root).toHaveAttribute('data-adapter', /.+/);
  await expect(root.locator('[data-backend-badge]')).toContainText('Trains on the GPU through WebGPU (');
  await expect(root.locator('[data-backend-badge]')).toContainText("every linear layer's products (forward, and both gradients) and AdamW's update run on the GPU");
  expect(relative(await loss(root), reference[0]!)).toBeLessThan(TOLERANCE);
  for (let s = 1; s <= 4; s++) {
    await steps(root, 1);
    expect(relative(await loss(root), reference[s]!), `step ${s}`).toBeLessThan(TOLERANCE);
  }
  expect(await loss(root), 'four steps lower the loss clearly').toBeLessThan(reference[0]! - 0.4);
  await expect(root.locator('[data-backend-badge]')).toContainText(/Here a step of 8 × 48 tokens takes \d+ ms/);
});

test('when the GPU device is lost the lab goes on on the CPU from the last step, and says why; the CPU can be chosen', async ({ page }) => {
  test.setTimeout(180_000);
  const reference = await cpuLosses(4);
  await keepWorkers(page);
  const root = await openLab(page);
  await expect(root).toHaveAttribute('data-backend', 'webgpu');
  await steps(root, 2);
  // Destroy the worker's GPU device, as a driver reset would (the reply, to an id the page never asked, is ignored).
  await page.evaluate(() => {
    // The lab's worker is the page's last: it starts when the lab comes near.
    (window as unknown as { labWorkers: Worker[] }).labWorkers.at(-1)!.postMessage({ kind: 'lose-gpu', id: 1e9 });
  });
  await steps(root, 1);
  await expect(root).toHaveAttribute('data-backend', 'cpu');
  await expect(root).not.toHaveAttribute('data-adapter', /.*/);
  await expect(root.locator('[data-backend-badge]')).toContainText('Why the CPU: the GPU device was lost');
  await expect(root.locator('[data-backend-badge]')).toContainText('the lab went on from step 2 on the CPU.');
  // The CPU took the step the GPU lost, on the same windows, from the GPU's weights: its loss (measured before the
  // update) is the reference's. (AdamW's moments, which were on the GPU, start again from there.)
  expect(await step(root)).toBe(3);
  expect(relative(await loss(root), reference[3]!)).toBeLessThan(TOLERANCE);
  // The reader's choice: the CPU, said as such.
  await root.getByRole('combobox', { name: /^Train on/ }).selectOption('cpu');
  await expect(root).toHaveAttribute('data-train-step', '0');
  await expect(root.locator('[data-backend-badge]')).toContainText('Why the CPU: the CPU was chosen.');
});
