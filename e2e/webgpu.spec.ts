import { isMoeLayer } from '../src/model/config';
import { loadModelDir } from '../src/model/model-dir';
import { expect, openUrl, test } from './fixtures';

const LAB = '/lab/backend/';
const check = '[data-figure="backend-check"]';

/** Counts GPU buffer creations and destructions by label, from inside the page (set up before any script runs). */
async function countBuffers(page: import('@playwright/test').Page): Promise<void> {
  await page.addInitScript(() => {
    const log = { created: [] as string[], destroyed: [] as string[] };
    (globalThis as unknown as { __buffers: typeof log }).__buffers = log;
    const create = GPUDevice.prototype.createBuffer;
    GPUDevice.prototype.createBuffer = function (descriptor) {
      const buffer = create.call(this, descriptor);
      log.created.push(descriptor.label ?? '');
      const destroy = buffer.destroy.bind(buffer);
      buffer.destroy = () => {
        log.destroyed.push(descriptor.label ?? '');
        destroy();
      };
      return buffer;
    };
  });
}

test('WebGPU matches the CPU reference on every trace tensor for prompts of 1, 7 and 32 tokens', async ({ page }) => {
  await page.goto(LAB);
  // "unavailable" (no adapter) fails here: this test cannot pass on the CPU path.
  await expect(page.locator(check)).toHaveAttribute('data-parity', /pass|fail|unavailable/, { timeout: 60_000 });
  await expect(page.locator(check)).toHaveAttribute('data-backend', 'webgpu');
  const failures = await page.locator('[data-parity-failures] li').allTextContents();
  expect(failures).toEqual([]);
  await expect(page.locator(check)).toHaveAttribute('data-parity', 'pass');
  await expect(page.locator('[data-parity-summary]')).toContainText(/\d+ tensors compared over prompts of 1, 7, 32 tokens/);
  expect(Number(await page.locator(check).getAttribute('data-dispatches'))).toBeGreaterThan(0);
  await expect(page.locator(`${check} [data-backend-badge]`)).toHaveText('Computed on the GPU (WebGPU)');
});

test('the live figures show the same numbers on WebGPU and with ?backend=cpu', async ({ page }) => {
  const read = async () => {
    const figure = page.locator('[data-figure="next-token-1"]');
    await expect(figure.locator('li')).toHaveCount(5, { timeout: 30_000 });
    return {
      backend: await figure.getAttribute('data-backend'),
      tokens: await figure.locator('li').evaluateAll((els) => els.map((el) => el.getAttribute('data-token'))),
      p: await figure.locator('li').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-probability')))),
    };
  };
  await page.goto(LAB);
  const gpu = await read();
  await page.goto(`${LAB}?backend=cpu`);
  const cpu = await read();
  expect(gpu.backend).toBe('webgpu');
  expect(cpu.backend).toBe('cpu');
  await expect(page.locator('[data-figure="next-token-1"] [data-backend-badge]')).toHaveText('Computed on the CPU');
  expect(gpu.tokens).toEqual(cpu.tokens);
  gpu.p.forEach((p, i) => expect(Math.abs(p - cpu.p[i]!)).toBeLessThan(1e-4));
});

test('when the GPU device is lost, the next forward runs on the CPU and the badges say so', async ({ page }) => {
  await page.goto(LAB);
  await expect(page.locator(check)).toHaveAttribute('data-parity', 'pass', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Drop the GPU device' }).click();
  await expect(page.locator(check)).toHaveAttribute('data-backend', 'cpu');
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.locator(check)).toHaveAttribute('data-parity', 'unavailable');
  await expect(page.locator(`${check} [data-backend-badge]`)).toContainText('Computed on the CPU: the GPU device was lost');
  // A figure mounted now computes on the CPU, and says so.
  await page.getByLabel('Show a fourth figure').check();
  const extra = page.locator('[data-figure="next-token-extra"]');
  await expect(extra).toHaveAttribute('data-backend', 'cpu');
  await expect(extra.locator('li')).toHaveCount(5);
  await expect(extra.locator('[data-backend-badge]')).toContainText('Computed on the CPU');
});

test('weights are uploaded once per page with several figures mounted, and figures leave no GPU buffers behind', async ({ page }) => {
  await countBuffers(page);
  await page.goto(LAB);
  await expect(page.locator(check)).toHaveAttribute('data-parity', 'pass', { timeout: 60_000 });
  for (const n of [1, 2, 3]) {
    await page.locator(`[data-figure="next-token-${n}"]`).scrollIntoViewIfNeeded();
    await expect(page.locator(`[data-figure="next-token-${n}"] li`)).toHaveCount(5, { timeout: 30_000 });
  }
  await page.getByLabel('Show a fourth figure').check();
  await expect(page.locator('[data-figure="next-token-extra"] li')).toHaveCount(5);
  await page.getByLabel('Show a fourth figure').uncheck();
  await expect(page.locator('[data-figure="next-token-extra"]')).toHaveCount(0);

  const { created, destroyed } = await page.evaluate(() => (globalThis as unknown as { __buffers: { created: string[]; destroyed: string[] } }).__buffers);
  const isWeight = (label: string) => /^(model\.|lm_head\.)/.test(label);
  // One buffer per checkpoint tensor, except routed experts, which are packed three per MoE layer.
  const { model } = loadModelDir();
  const c = model.config;
  const moeLayers = Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => isMoeLayer(c, l)).length;
  const expected = [...model.weights.keys()].filter((n) => !/\.mlp\.experts\.\d+\./.test(n)).length + 3 * moeLayers;
  expect(created.filter(isWeight)).toHaveLength(expected);
  // Every buffer a forward pass made (activations, uniforms, readback) was destroyed once that pass was read.
  const perForward = created.filter((l) => !isWeight(l));
  expect(perForward.length).toBeGreaterThan(0);
  expect(destroyed.filter((l) => !isWeight(l)).sort()).toEqual(perForward.sort());
});

test('a kernel that fails to compile moves the page to the CPU; the badge stays one line and the GPU error is in a disclosure', async ({ page }) => {
  // Break every shader as a faulty driver or browser would: a WGSL syntax error with a multi-line message.
  await page.addInitScript(() => {
    const create = GPUDevice.prototype.createShaderModule;
    GPUDevice.prototype.createShaderModule = function (descriptor: GPUShaderModuleDescriptor) {
      return create.call(this, { ...descriptor, code: `${descriptor.code}\nfn broken( {\n  let = ;\n}\n` });
    };
  });
  page.on('console', () => {}); // Chromium logs the WGSL errors as warnings; the page itself must stay quiet.
  await openUrl(page, '/chapters/attention/#softmax');
  const figure = page.locator('[data-figure="attention"]');
  const badge = figure.locator('[data-backend-badge]');
  await expect(badge).toContainText("Computed on the CPU: the GPU could not build MiniSeek's kernels", { timeout: 30_000 });
  expect(await badge.innerText()).not.toContain('\n');
  const box = (await badge.boundingBox())!;
  const lineHeight = await badge.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.4);
  expect(box.height).toBeLessThan(lineHeight * 2);
  const details = figure.locator('[data-backend-details]');
  await details.locator('summary').click();
  await expect(details.locator('pre')).toContainText(/error/i);
  // The figure still shows numbers, now from the CPU.
  await expect(figure).toHaveAttribute('data-backend', 'cpu');
  await expect(figure.locator('[data-matrix="weights"] td[data-value]').first()).toBeVisible();
});
