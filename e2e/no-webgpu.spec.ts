import { forward } from '../src/model/forward';
import { loadModelDir } from '../src/model/model-dir';
import { exportedUrl, requireExport } from './export-copy';
import { expect, test } from './fixtures';

// This file runs in the "chromium-no-webgpu" project: Chromium without --enable-unsafe-webgpu has no adapter.

test('without WebGPU the page runs on the CPU, says so, and shows the reference numbers', async ({ page }) => {
  await page.goto('/lab/backend/');
  const check = page.locator('[data-figure="backend-check"]');
  await expect(check).toHaveAttribute('data-parity', 'unavailable', { timeout: 30_000 });
  await expect(check).toHaveAttribute('data-backend', 'cpu');
  await expect(check.locator('[data-backend-badge]')).toHaveText('Computed on the CPU: WebGPU found no adapter');

  const figure = page.locator('[data-figure="next-token-1"]');
  await expect(figure.locator('li')).toHaveCount(5, { timeout: 30_000 });
  await expect(figure).toHaveAttribute('data-backend', 'cpu');
  await expect(figure.locator('[data-backend-badge]')).toContainText('Computed on the CPU');
  // The same numbers as the CPU reference computed here in Node.
  const { model, tokenizer } = loadModelDir();
  const ids = tokenizer.encode('the keys to the old cabinet', { bos: true }).ids;
  const row = forward(model, ids).logits.row(ids.length - 1);
  const max = Math.max(...row);
  const total = row.reduce((s, x) => s + Math.exp(x - max), 0);
  const shown = await figure.locator('li').evaluateAll((els) => els.map((el) => [el.getAttribute('data-token'), Number(el.getAttribute('data-probability'))] as const));
  for (const [token, p] of shown) expect(Math.abs(p - Math.exp(row[tokenizer.idOf(token!)!]! - max) / total)).toBeLessThan(1e-6);
});

test('a chapter figure without WebGPU computes on the CPU and its badge says why', async ({ page }) => {
  await page.goto('/chapters/attention/#softmax');
  const figure = page.locator('[data-figure="attention"]');
  await expect(figure).toHaveAttribute('data-state', 'softmax');
  await expect(figure.locator('[data-backend-badge]')).toContainText('Computed on the CPU: WebGPU found no adapter', { timeout: 30_000 });
  await expect(figure).toHaveAttribute('data-backend', 'cpu');
});

test('the offline copy without WebGPU computes on the CPU from file://', async ({ page }) => {
  requireExport();
  await page.goto(exportedUrl('/chapters/attention/', '#softmax'));
  const figure = page.locator('[data-figure="attention"]');
  await expect(figure).toHaveAttribute('data-state', 'softmax');
  await expect(figure.locator('[data-backend-badge]')).toContainText('Computed on the CPU: WebGPU found no adapter', { timeout: 30_000 });
  await expect(figure).toHaveAttribute('data-backend', 'cpu');
});
