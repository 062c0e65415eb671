/**
 * The training lab without WebGPU (the "chromium-no-webgpu" project: Chromium without --enable-unsafe-webgpu has no
 * adapter): it trains on the CPU in its worker, says why, and its curve is the float64 CPU lab's to the last bit
 * (a Node reference: same code, same seeds). Its WebGPU half is training-lab-webgpu.spec.ts.
 */
import type { Locator } from '@playwright/test';
import { DEFAULT_LAB_CONFIG, DEFAULT_SGD, LabEngine } from '../src/foundations/lab-engine';
import { expect, openUrl, test } from './fixtures';

const engine = new LabEngine(DEFAULT_LAB_CONFIG, DEFAULT_SGD);
engine.run(200);
const reference = engine.snapshot().history.map(([, l]) => l);
const step = async (root: Locator) => Number(await root.getAttribute('data-train-step'));

async function steps(root: Locator, n: number): Promise<void> {
  const target = (await step(root)) + n;
  await root.getByRole('button', { name: 'One step' }).evaluate((button: HTMLButtonElement, count) => {
    for (let i = 0; i < count; i++) button.click();
  }, n);
  await expect(root).toHaveAttribute('data-train-step', String(target), { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-state', 'ready');
}

test('without WebGPU the lab trains on the CPU in its worker, says why, and gives the CPU lab’s curve exactly', async ({ page }) => {
  await openUrl(page, '/chapters/backpropagation/#training-lab');
  const root = page.locator('[data-figure="backprop-lab"]');
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-backend', 'cpu', { timeout: 30_000 });
  await expect(root).toHaveAttribute('data-cpu-thread', 'worker');
  await expect(root).not.toHaveAttribute('data-adapter', /.*/);
  await expect(root.locator('[data-backend-badge]')).toHaveText('Trains on the CPU, in a worker: WebGPU found no adapter.');
  expect(Number(await root.getAttribute('data-loss'))).toBe(reference[0]);
  await steps(root, 1);
  expect(Number(await root.getAttribute('data-loss'))).toBe(reference[1]);
  await steps(root, 49);
  expect(Number(await root.getAttribute('data-loss'))).toBe(reference[50]);
});
