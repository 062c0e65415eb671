/**
 * The training lab on WebGPU (SwiftShader in headless Chromium, the "chromium" project): it trains in its worker on
 * the GPU and says so, its loss curve follows the float64 CPU lab's (a Node reference) for the first 200 steps,
 * and it falls back to the CPU, saying why, when the device is lost mid-training or the adapter request fails.
 * The lab without WebGPU at all is training-lab-no-webgpu.spec.ts ("chromium-no-webgpu").
 *
 * The tolerance: the GPU trains in float32, the CPU lab in float64, on the same data, initial weights and
 * mini-batches. With the default settings (circle, tanh 8 × 8, η 0.3, batch 16) a float32 run drifts from the
 * float64 one by about 1e-7 of the loss over 200 steps (src/foundations/lab-engine.test.ts, float32 on the CPU), so
 * the test allows 1e-4 relative at every step it reads: room for SwiftShader's own exp and summation order, and
 * a hundred times smaller than what a wrong gradient does within ten steps. At learning rates of 1 and more the
 * training is chaotic and any two precisions part after a few dozen steps; the curves are compared at the default.
 */
import type { Locator, Page } from '@playwright/test';
import { DEFAULT_LAB_CONFIG, DEFAULT_SGD, LabEngine } from '../src/foundations/lab-engine';
import { expect, test } from './fixtures';
import { keepWorkers } from './keep-workers';

const PAGE = '/chapters/backpropagation/#training-lab';
const TOLERANCE = 1e-4;
const lab = (page: Page) => page.locator('[data-figure="backprop-lab"]');
const step = async (root: Locator) => Number(await root.getAttribute('data-train-step'));
const loss = async (root: Locator) => Number(await root.getAttribute('data-loss'));

/** The float64 CPU lab's loss over all the data after each of the first `n` steps (index 0 = step 0). */
function cpuCurve(n: number): number[] {
  const engine = new LabEngine(DEFAULT_LAB_CONFIG, DEFAULT_SGD);
  engine.run(n);
  return engine.snapshot().history.map(([, l]) => l);
}
const reference = cpuCurve(200);

async function openLab(page: Page): Promise<Locator> {
  await page.goto(PAGE);
  const root = lab(page);
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-cpu-thread', 'worker', { timeout: 30_000 });
  await expect(root).toHaveAttribute('data-backend', /webgpu|cpu/, { timeout: 30_000 });
  await expect(root).toHaveAttribute('data-state', 'ready');
  return root;
}

/** `n` clicks on One step at once (≤ 200: they reach the worker as one request); waits for the step count. */
async function steps(root: Locator, n: number): Promise<void> {
  const target = (await step(root)) + n;
  await root.getByRole('button', { name: 'One step' }).evaluate((button: HTMLButtonElement, count) => {
    for (let i = 0; i < count; i++) button.click();
  }, n);
  await expect(root).toHaveAttribute('data-train-step', String(target), { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-state', 'ready');
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test('the lab trains on WebGPU in its worker, names the adapter, and the loss falls', async ({ page }) => {
  test.setTimeout(90_000);
  const root = await openLab(page);
  await expect(root).toHaveAttribute('data-backend', 'webgpu');
  const adapter = await root.getAttribute('data-adapter');
  expect(adapter).toBeTruthy();
  await expect(root.locator('[data-backend-badge]')).toHaveText(`Trains on the GPU via WebGPU (${adapter}), in a worker.`);
  const first = await loss(root);
  expect(relative(first, reference[0]!)).toBeLessThan(TOLERANCE);
  await root.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => step(root), { timeout: 60_000 }).toBeGreaterThanOrEqual(300);
  await root.getByRole('button', { name: /Pause/ }).click();
  await expect(root).toHaveAttribute('data-state', 'ready');
  expect(await loss(root)).toBeLessThan(0.5 * first);
  expect(Number(await root.getAttribute('data-accuracy'))).toBeGreaterThan(0.9);
  await expect(root).toHaveAttribute('data-backend', 'webgpu');
});

test(`the GPU's loss curve follows the float64 CPU lab's within ${TOLERANCE} relative for the first 200 steps`, async ({ page }) => {
  test.setTimeout(90_000);
  const root = await openLab(page);
  await expect(root).toHaveAttribute('data-backend', 'webgpu');
  const seen: string[] = [];
  const check = async () => {
    const s = await step(root);
    const [gpu, cpu] = [await loss(root), reference[s]!];
    seen.push(`step ${s}: GPU ${gpu}, CPU ${cpu}, relative ${relative(gpu, cpu).toExponential(1)}`);
    expect(relative(gpu, cpu), seen.at(-1)).toBeLessThan(TOLERANCE);
  };
  await check();
  for (let i = 0; i < 10; i++) {
    await steps(root, 1);
    await check();
  }
  for (const n of [40, 50, 100]) {
    await steps(root, n);
    await check();
  }
  expect(await step(root)).toBe(200);
  test.info().annotations.push({ type: 'GPU against CPU', description: seen.join('; ') });
});

test('a device lost mid-training: the lab goes on from there on the CPU in its worker, and says so', async ({ page }) => {
  test.setTimeout(90_000);
  await keepWorkers(page);
  const root = await openLab(page);
  await expect(root).toHaveAttribute('data-backend', 'webgpu');
  await steps(root, 20);
  // Destroy the worker's GPU device, as a driver reset would (the reply, to an id the page never asked, is ignored).
  await page.evaluate(() => (window as unknown as { labWorkers: Worker[] }).labWorkers.at(-1)!.postMessage({ kind: 'lose-gpu', id: 1e9 }));
  await steps(root, 1);
  await expect(root).toHaveAttribute('data-backend', 'cpu');
  await expect(root).not.toHaveAttribute('data-adapter', /.*/);
  await expect(root.locator('[data-backend-badge]')).toContainText('Trains on the CPU, in a worker: the GPU device was lost');
  await expect(root.locator('[data-backend-badge]')).toContainText('the lab went on from step 20 on the CPU.');
  // The CPU went on from the GPU's network: the curve carries on as the CPU lab's would.
  expect(relative(await loss(root), reference[21]!)).toBeLessThan(TOLERANCE);
  await steps(root, 79);
  expect(relative(await loss(root), reference[100]!)).toBeLessThan(TOLERANCE);
  // A new network stays on the CPU, and still says why.
  await root.getByRole('button', { name: 'Reset' }).click();
  await expect(root).toHaveAttribute('data-train-step', '0');
  await expect(root).toHaveAttribute('data-backend', 'cpu');
  await expect(root.locator('[data-backend-badge]')).toContainText('the GPU device was lost');
});

test.describe('when the adapter request fails in the worker', () => {
  // The test rewrites the worker's script (read through a blob: URL), which the page's policy would refuse.
  test.use({ bypassCSP: true });

  test('the lab trains on the CPU in its worker, says why, and its curve is the CPU lab’s exactly', async ({ page }) => {
    await page.addInitScript(() => {
      const Original = window.Worker;
      const prelude = "GPU.prototype.requestAdapter = () => Promise.reject(new Error('simulated adapter failure'));\n";
      window.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          const request = new XMLHttpRequest();
          request.open('GET', String(url), false);
          request.send();
          super(URL.createObjectURL(new Blob([prelude, request.responseText], { type: 'text/javascript' })), options);
        }
      };
    });
    const root = await openLab(page);
    await expect(root).toHaveAttribute('data-backend', 'cpu');
    await expect(root.locator('[data-backend-badge]')).toHaveText('Trains on the CPU, in a worker: WebGPU found no adapter (simulated adapter failure).');
    await steps(root, 10);
    expect(await loss(root)).toBe(reference[10]);
  });
});

test('training on WebGPU leaves the page no main-thread task over 50 ms @quiet', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => {
    const tasks: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
  });
  const root = await openLab(page);
  await expect(root).toHaveAttribute('data-backend', 'webgpu');
  const before = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.length);
  await root.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => step(root), { timeout: 60_000 }).toBeGreaterThanOrEqual(200);
  await root.getByRole('button', { name: /Pause/ }).click();
  await expect(root).toHaveAttribute('data-state', 'ready');
  const tasks = await page.evaluate((n) => (window as unknown as { longTasks: number[] }).longTasks.slice(n), before);
  expect(tasks, 'main-thread tasks over 50 ms (ms) while training on the GPU').toEqual([]);
});
