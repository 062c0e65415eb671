/**
 * The training lab (issue #17's backpropagation lab), in the last step of the backpropagation chapter: it trains in
 * a worker, the loss falls, the page has no long task meanwhile, the controls work from the keyboard, its state
 * survives scrolling away and back, and it runs from the offline copy too. Its old address links to it.
 */
import type { Locator, Page } from '@playwright/test';
import { exportedUrl, requireExport } from './export-copy';
import { expect, openUrl, test } from './fixtures';
import { watchLongTasks } from './long-tasks';

const PAGE = '/chapters/backpropagation/';
/** The chapter step that holds the lab. */
const STEP = 'training-lab';
const lab = (page: Page) => page.locator('[data-figure="backprop-lab"]');
const step = async (root: Locator) => Number(await root.getAttribute('data-train-step'));
const loss = async (root: Locator) => Number(await root.getAttribute('data-loss'));

/** Opens the lab and waits for its worker's step-0 network. */
async function openLab(page: Page, url = PAGE): Promise<Locator> {
  await openUrl(page, `${url}#${STEP}`);
  const root = lab(page);
  await expect(page.locator(`#${STEP}`)).toHaveAttribute('data-active', '');
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-cpu-thread', 'worker', { timeout: 30_000 });
  await expect(root).toHaveAttribute('data-state', 'ready');
  return root;
}

test('Train runs the network in a worker: the step count rises and the loss falls by more than half, with no long task @quiet', async ({ page }) => {
  await watchLongTasks(page);
  const root = await openLab(page);
  await expect(root).toHaveAttribute('data-backend', /^(webgpu|cpu)$/);
  await expect(root).toHaveAttribute('data-train-step', '0');
  const first = await loss(root);
  expect(first).toBeGreaterThan(0.5);
  const before = await page.evaluate(() => {
    (window as unknown as { t0: number }).t0 = performance.now();
    return (window as unknown as { longTasks: string[] }).longTasks.length;
  });
  await root.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => step(root), { timeout: 30_000 }).toBeGreaterThanOrEqual(300);
  await root.getByRole('button', { name: /Pause/ }).click();
  await expect(root).toHaveAttribute('data-state', 'ready');
  expect(await loss(root)).toBeLessThan(0.5 * first);
  expect(Number(await root.getAttribute('data-accuracy'))).toBeGreaterThan(0.9);
  const tasks = await page.evaluate((n) => (window as unknown as { longTasks: string[] }).longTasks.slice(n), before);
  expect(tasks, 'main-thread tasks over 50 ms while training').toEqual([]);
  // What the reader reads agrees with the attributes.
  await expect(root.locator('.readout')).toContainText(`Step ${await step(root)},`);
});

test('the controls work from the keyboard; a new data set or layout resets; the learning rate applies at once', async ({ page }) => {
  const root = await openLab(page);
  await root.getByRole('button', { name: 'One step' }).focus();
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-train-step', '1');
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-train-step', '2');
  await root.getByRole('button', { name: 'Train' }).focus();
  await page.keyboard.press('Enter');
  await expect(root.getByRole('button', { name: /Pause/ })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => step(root), { timeout: 30_000 }).toBeGreaterThan(20);
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-state', 'ready');
  await root.getByRole('combobox', { name: /^Data/ }).selectOption('xor');
  await expect(root).toHaveAttribute('data-train-step', '0');
  await root.getByRole('combobox', { name: /^Hidden layers/ }).selectOption('16-16');
  // The step count is 0 already; the new network has come when the lab is ready again (the change set it busy).
  await expect(root).toHaveAttribute('data-state', 'ready');
  await expect(root).toHaveAttribute('data-train-step', '0');
  // A learning rate far too small barely moves the loss in 20 steps; the default moves it clearly.
  await root.getByRole('combobox', { name: /^Learning rate/ }).selectOption('0.01');
  const start = await loss(root);
  for (let i = 0; i < 20; i++) await root.getByRole('button', { name: 'One step' }).click();
  await expect(root).toHaveAttribute('data-train-step', '20');
  expect(Math.abs(start - (await loss(root)))).toBeLessThan(0.02);
  await root.getByRole('button', { name: 'Reset' }).click();
  await expect(root).toHaveAttribute('data-train-step', '0');
  expect(await loss(root)).toBeCloseTo(start, 10);
});

test('the lab keeps its state when the reader scrolls away and back, and goes on from there', async ({ page }) => {
  const root = await openLab(page);
  for (let i = 0; i < 5; i++) await root.getByRole('button', { name: 'One step' }).click();
  await expect(root).toHaveAttribute('data-train-step', '5');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-train-step', '5');
  await root.getByRole('button', { name: 'One step' }).click();
  await expect(root).toHaveAttribute('data-train-step', '6');
});

test('the lab’s old address links to the chapter step, which opens with the lab in view', async ({ page }) => {
  await page.goto('/lab/training/');
  await page.getByRole('link', { name: 'backpropagation chapter' }).click();
  await expect(page).toHaveURL(new RegExp(`${PAGE}#${STEP}$`));
  await expect(page.locator(`#${STEP}`)).toHaveAttribute('data-active', '');
  await expect(lab(page)).toBeInViewport({ ratio: 0.2 });
  await expect(page.locator(`#${STEP} [data-figure="backprop-lab"]`)).toHaveCount(1);
});

test('the offline copy runs the lab from file://, its worker started from a blob: URL', async ({ page }) => {
  requireExport();
  const root = await openLab(page, exportedUrl(PAGE));
  await root.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => step(root), { timeout: 30_000 }).toBeGreaterThanOrEqual(50);
  await root.getByRole('button', { name: /Pause/ }).click();
});
