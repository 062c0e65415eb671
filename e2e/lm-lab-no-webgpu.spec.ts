/**
 * The language-model lab without WebGPU (the "chromium-no-webgpu" project: Chromium without --enable-unsafe-webgpu
 * has no adapter): it trains on the CPU in its worker, says why, and gives the CPU lab's losses (a Node reference:
 * the same engine, seed and windows). Its WebGPU half is lm-lab-webgpu.spec.ts.
 */
import { DEFAULT_LM_CONFIG, DEFAULT_LM_SETTINGS, LmEngine } from '../src/lm-lab/engine';
import { expect, openUrl, test } from './fixtures';

test('without WebGPU the language-model lab trains on the CPU in its worker, says why, and follows the CPU lab', async ({ page }) => {
  test.setTimeout(120_000);
  const engine = new LmEngine(DEFAULT_LM_CONFIG, DEFAULT_LM_SETTINGS);
  await engine.run(3);
  const reference = engine.snapshot('the').history.map(([, l]) => l);
  await openUrl(page, '/chapters/language-models/#lab');
  const root = page.locator('[data-figure="lm-lab"]');
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-cpu-thread', 'worker', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-backend', 'cpu');
  await expect(root).not.toHaveAttribute('data-adapter', /.*/);
  await expect(root.locator('[data-backend-badge]')).toContainText('Trains on the CPU, in a worker, with the WebAssembly SIMD kernels. Why the CPU: WebGPU found no adapter.');
  for (let s = 1; s <= 3; s++) {
    await root.getByRole('button', { name: 'One step' }).click();
    await expect(root).toHaveAttribute('data-train-step', String(s), { timeout: 30_000 });
    // The same arithmetic as Node's CPU engine, up to the kernels' summation order (Node may run other kernels).
    const loss = Number(await root.getAttribute('data-loss'));
    expect(Math.abs(loss - reference[s]!) / reference[s]!, `step ${s}`).toBeLessThan(1e-5);
  }
});
