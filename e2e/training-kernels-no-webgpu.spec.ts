/**
 * The training kernels' check without WebGPU. The file name ends in no-webgpu.spec.ts, so it runs in the
 * "chromium-no-webgpu" project only (Chromium without --enable-unsafe-webgpu has no adapter).
 */
import { expect, test } from './fixtures';

test('without WebGPU the training kernels check says there is nothing to compare, and why', async ({ page }) => {
  await page.goto('/lab/training-kernels/');
  const check = page.locator('[data-figure="training-kernels-check"]');
  await expect(check).toHaveAttribute('data-parity', 'unavailable', { timeout: 30_000 });
  await expect(check).toHaveAttribute('data-backend', 'cpu');
  await expect(check).toHaveAttribute('aria-busy', 'false');
  await expect(check.locator('[data-parity-message]')).toHaveText(
    'WebGPU is not available here (WebGPU found no adapter), so there are no GPU training kernels to check. In this browser the training labs train on the CPU.',
  );
  await expect(check.locator('li[data-kernel]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check again' })).toBeDisabled();
});
