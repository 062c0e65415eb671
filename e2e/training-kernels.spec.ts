/**
 * The training kernels' check on WebGPU (SwiftShader in headless Chromium): every kernel matches its CPU twin at
 * every shape, and the training lab's whole forward and backward pass on the GPU matches mlp.ts's float64 one. Its no-WebGPU half is training-kernels-no-webgpu.spec.ts (the "chromium-no-webgpu" project).
 */
import { KERNEL_ORDER, parityCases, PARITY_TOLERANCE } from '../src/model/webgpu/training/training-parity';
import { expect, test } from './fixtures';

const LAB = '/lab/training-kernels/';
const check = '[data-figure="training-kernels-check"]';
const cases = parityCases();

test('every WebGPU training kernel matches its CPU twin within 1e-4 at every shape', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(LAB);
  // "unavailable" (no adapter) fails below: this test cannot pass on the CPU path.
  await expect(page.locator(check)).toHaveAttribute('data-parity', /ok|fail|unavailable/, { timeout: 100_000 });
  const failures = await page.locator('[data-parity-failures] li').allTextContents();
  expect(failures).toEqual([]);
  await expect(page.locator(check)).toHaveAttribute('data-parity', 'ok');
  await expect(page.locator(check)).toHaveAttribute('data-backend', 'webgpu');
  await expect(page.locator(check)).toHaveAttribute('aria-busy', 'false');

  // One line per kernel, each ok, with its largest error.
  for (const kernel of KERNEL_ORDER) {
    const line = page.locator(`${check} li[data-kernel="${kernel}"]`);
    await expect(line).toHaveAttribute('data-parity', 'ok');
    const n = cases.filter((c) => c.call.kernel === kernel).length;
    await expect(line).toHaveAttribute('data-cases', String(n));
    const error = Number(await line.getAttribute('data-max-error'));
    expect(error).toBeGreaterThanOrEqual(0);
    expect(error).toBeLessThanOrEqual(PARITY_TOLERANCE);
  }

  // Every case, by kernel and shape: the odd sizes included.
  const rows = await page.locator(`${check} tr[data-kernel]`).evaluateAll((els) =>
    els.map((el) => ({ kernel: el.getAttribute('data-kernel'), shape: el.getAttribute('data-shape'), parity: el.getAttribute('data-parity'), error: Number(el.getAttribute('data-error')) })),
  );
  expect(rows.map((r) => `${r.kernel} ${r.shape}`)).toEqual(cases.map((c) => `${c.call.kernel} ${c.shape}`));
  for (const r of rows) {
    expect(r.parity, `${r.kernel} ${r.shape}`).toBe('ok');
    expect(r.error, `${r.kernel} ${r.shape}`).toBeLessThanOrEqual(PARITY_TOLERANCE);
  }
  for (const shape of ['T 1, n 1, m 1', 'T 7, n 5, m 33', 'T 127, n 33, m 5', 'T 127, n 33, m 33']) {
    for (const kernel of ['matmulNT', 'matmulNNAcc', 'matmulTNAcc']) expect(rows.some((r) => r.kernel === kernel && r.shape === shape), `${kernel} ${shape}`).toBe(true);
  }
  // The training lab's kernels at every activation, and its whole backward pass against the float64 CPU network.
  for (const act of ['relu', 'tanh', 'sigmoid', 'silu', 'identity']) {
    for (const kernel of ['biasAct', 'actBack']) expect(rows.some((r) => r.kernel === kernel && r.shape === `${act}, T 127, n 33`), `${kernel} ${act}`).toBe(true);
  }
  expect(rows.filter((r) => r.kernel === 'mlpStep').map((r) => r.shape)).toEqual(['2-8-8-1 tanh, batch 16', '2-16-16-1 relu, batch 200', '2-8-8-8-1 silu, batch 7', '2-4-1 sigmoid, batch 1']);
  await expect(page.locator(`${check} [data-parity-message]`)).toContainText(`${cases.length} cases compared`);
});

test('the check runs again on request, with the same verdict', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(LAB);
  await expect(page.locator(check)).toHaveAttribute('data-parity', 'ok', { timeout: 100_000 });
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.locator(check)).toHaveAttribute('data-parity', 'ok', { timeout: 100_000 });
  await expect(page.locator(`${check} tr[data-kernel]`)).toHaveCount(cases.length);
});

test('a kernel that computes the wrong numbers is reported, by kernel and shape', async ({ page }) => {
  test.setTimeout(120_000);
  // Break the weight-gradient kernel as a faulty compiler might: it overwrites dW instead of adding to it.
  await page.addInitScript(() => {
    const create = GPUDevice.prototype.createShaderModule;
    GPUDevice.prototype.createShaderModule = function (descriptor: GPUShaderModuleDescriptor) {
      return create.call(this, { ...descriptor, code: descriptor.code.replace('dw[o * params.n + i] += s;', 'dw[o * params.n + i] = s;') });
    };
  });
  await page.goto(LAB);
  await expect(page.locator(check)).toHaveAttribute('data-parity', 'fail', { timeout: 100_000 });
  await expect(page.locator(`${check} li[data-kernel="matmulTNAcc"]`)).toHaveAttribute('data-parity', 'fail');
  for (const kernel of ['matmulNT', 'matmulNNAcc', 'adamw']) await expect(page.locator(`${check} li[data-kernel="${kernel}"]`)).toHaveAttribute('data-parity', 'ok');
  await expect(page.locator('[data-parity-failures] li').first()).toContainText('matmulTNAcc, T 1, n 1, m 1');
});

test('a training-lab kernel that is wrong is caught by its own check, though the whole step may not show it', async ({ page }) => {
  test.setTimeout(120_000);
  // ReLU′(0) taken as 1, and a bias gradient that overwrites instead of adding. The lab's whole step clears its
  // gradients first and rarely meets z = 0 exactly, so it passes: each kernel needs its own parity check.
  await page.addInitScript(() => {
    const create = GPUDevice.prototype.createShaderModule;
    GPUDevice.prototype.createShaderModule = function (descriptor: GPUShaderModuleDescriptor) {
      const code = descriptor.code.replace('select(0.0, 1.0, x > 0.0)', 'select(0.0, 1.0, x >= 0.0)').replace('db[o] += s;', 'db[o] = s;');
      return create.call(this, { ...descriptor, code });
    };
  });
  await page.goto(LAB);
  await expect(page.locator(check)).toHaveAttribute('data-parity', 'fail', { timeout: 100_000 });
  for (const kernel of ['actBack', 'biasGrad']) await expect(page.locator(`${check} li[data-kernel="${kernel}"]`)).toHaveAttribute('data-parity', 'fail');
  for (const kernel of ['matmulNT', 'matmulNNAcc', 'matmulTNAcc', 'biasAct', 'bceHead', 'sgd', 'mlpStep']) {
    await expect(page.locator(`${check} li[data-kernel="${kernel}"]`)).toHaveAttribute('data-parity', 'ok');
  }
  await expect(page.locator('[data-parity-failures] li').first()).toContainText('actBack, relu, T 7, n 5');
});
