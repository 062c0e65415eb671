import { forward } from '../src/model/forward';
import { loadModelDir } from '../src/model/model-dir';
import { findSubjectHead } from '../src/figures/attention/subject-head';
import { attentionTraceNames, attentionView } from '../src/figures/attention/attention-view';
import { exportedUrl, requireExport } from './export-copy';
import { expectClose, matrixValues } from './figure-values';
import type { Page } from '@playwright/test';
import { expect, openUrl, scrollStepToMiddle, test } from './fixtures';

const { model, tokenizer } = loadModelDir();
const subject = findSubjectHead(model, tokenizer);
const LONG = Array.from({ length: 127 }, (_, i) => ['the', 'keys', 'to', 'the', 'small', 'cabinet', 'are', 'on', 'the', 'table'][i % 10]).join(' ');

/** Submits a sentence in the chapter's field and comes back to the softmax step. */
async function submit(page: Page, text: string): Promise<void> {
  const field = page.getByLabel('Sentence for MiniSeek');
  await field.fill(text);
  await field.press('Enter');
  await scrollStepToMiddle(page, 'softmax');
}

/** The attention figure's weights for a sentence, computed here in Node. */
function referenceWeights(sentence: string): Float32Array {
  const ids = tokenizer.encode(sentence, { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: attentionTraceNames(subject.layer) });
  return attentionView(trace, { ...subject, heads: model.config.num_attention_heads }).weights.data;
}

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
  await openUrl(page, '/chapters/attention/#softmax');
  const figure = page.locator('[data-figure="attention"]');
  await expect(figure).toHaveAttribute('data-state', 'softmax');
  await expect(figure.locator('[data-backend-badge]')).toContainText('Computed on the CPU: WebGPU found no adapter', { timeout: 30_000 });
  await expect(figure).toHaveAttribute('data-backend', 'cpu');
});

test('on the CPU the forward pass runs in a Web Worker, with the reference numbers, up to 127 words', async ({ page }) => {
  await openUrl(page, '/chapters/attention/#softmax');
  const figure = page.locator('[data-figure="attention"]');
  await expect(figure).toHaveAttribute('data-cpu-thread', 'worker', { timeout: 30_000 });
  await submit(page, 'the key near the red boxes');
  await expect(figure.locator('[data-matrix="weights"] tbody th').last()).toHaveText('boxes');
  expectClose(await matrixValues(page, '[data-figure="attention"]', 'weights'), referenceWeights('the key near the red boxes'));
  await submit(page, LONG);
  await expect(figure.locator('[data-matrix="weights"]')).toHaveAttribute('data-rows', '128', { timeout: 30_000 });
  await expect(figure).toHaveAttribute('data-cpu-thread', 'worker');
  // The worker computed with the WebAssembly SIMD kernels, and the badge has no plain-JavaScript excuse to give.
  await expect(figure).toHaveAttribute('data-cpu-kernel', 'wasm-simd');
  await expect(figure.locator('[data-backend-badge]')).not.toContainText('plain JavaScript');
});

test('where no worker can start, the CPU forward pass runs on the main thread with the same numbers', async ({ page }) => {
  // A browser (or a policy) that refuses workers.
  await page.addInitScript(() => {
    (window as unknown as { Worker: unknown }).Worker = class {
      constructor() {
        throw new Error('workers are disabled here');
      }
    };
  });
  await openUrl(page, '/chapters/attention/#softmax');
  const figure = page.locator('[data-figure="attention"]');
  await expect(figure).toHaveAttribute('data-cpu-thread', 'main', { timeout: 30_000 });
  await expect(figure).toHaveAttribute('data-cpu-kernel', 'wasm-simd');
  await submit(page, 'the key near the red boxes');
  await expect(figure.locator('[data-matrix="weights"] tbody th').last()).toHaveText('boxes');
  expectClose(await matrixValues(page, '[data-figure="attention"]', 'weights'), referenceWeights('the key near the red boxes'));
});

test('where WebAssembly SIMD is missing, the CPU runs plain JavaScript, says why, and shows the same numbers', async ({ page }) => {
  // No workers (so the page's own scope runs the model) and a WebAssembly that validates no SIMD module.
  await page.addInitScript(() => {
    (window as unknown as { Worker: unknown }).Worker = class {
      constructor() {
        throw new Error('workers are disabled here');
      }
    };
    WebAssembly.validate = () => false;
  });
  await openUrl(page, '/chapters/attention/#softmax');
  const figure = page.locator('[data-figure="attention"]');
  await expect(figure).toHaveAttribute('data-cpu-kernel', 'reference', { timeout: 30_000 });
  await expect(figure.locator('[data-backend-badge]')).toContainText("(in plain JavaScript: this browser's WebAssembly has no SIMD)");
  await submit(page, 'the key near the red boxes');
  await expect(figure.locator('[data-matrix="weights"] tbody th').last()).toHaveText('boxes');
  expectClose(await matrixValues(page, '[data-figure="attention"]', 'weights'), referenceWeights('the key near the red boxes'));
});

test('the offline copy without WebGPU computes on the CPU from file://', async ({ page }) => {
  requireExport();
  await openUrl(page, exportedUrl('/chapters/attention/', '#softmax'));
  const figure = page.locator('[data-figure="attention"]');
  await expect(figure).toHaveAttribute('data-state', 'softmax');
  await expect(figure.locator('[data-backend-badge]')).toContainText('Computed on the CPU: WebGPU found no adapter', { timeout: 30_000 });
  await expect(figure).toHaveAttribute('data-backend', 'cpu');
  // file:// cannot load a worker script; the worker starts from a blob: URL instead.
  await expect(figure).toHaveAttribute('data-cpu-thread', 'worker');
  // Nor a .wasm file: the kernels travel inside the bundle and compile there too.
  await expect(figure).toHaveAttribute('data-cpu-kernel', 'wasm-simd');
});
