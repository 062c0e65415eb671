/**
 * The language-model lab's training step in Chromium (issue #17): MiniSeek trains in the lab's worker on the
 * language-models chapter (#lab), on the CPU or on WebGPU (the lab's "Train on" control), and the bench reads how long each step takes there (the worker times its own requests:
 * `data-step-ms`, the mean ms per step of the last request) and how many steps the page gets through per second of
 * wall time (with the page's drawing between requests). Tokens/s = batch × 48 tokens per step.
 *
 * Alone: `npx tsx scripts/bench/lm-lab.ts [outDir] [seconds]` serves a build (default dist/) and prints both rows
 * (the WebGPU one only where Chromium has an adapter; here SwiftShader, a CPU emulating a GPU).
 */
import type { Browser } from '@playwright/test';
import { median } from './stats';

export interface LmLabStep {
  /** The worker's ms per step (median over the requests after warm-up). */
  readonly ms: number;
  readonly tokensPerSecond: number;
  /** Steps per second of wall time, as the page trains (requests, replies and drawing included). */
  readonly wallStepsPerSecond: number;
  readonly batch: number;
  readonly seqLen: number;
  readonly kernels: string;
  /** Where it trained: 'cpu', or 'webgpu (adapter)'. */
  readonly backend: string;
  readonly samples: number;
  readonly steps: number;
}

/**
 * Trains the lab at its default settings on `device` for `seconds` after `warmupSteps` steps, sampling the worker's
 * step time. Rejects if the lab cannot train on that device (no adapter for 'gpu').
 * @example const row = await browserLmLabStep(browser, server.origin, 15)
 */
export async function browserLmLabStep(browser: Browser, origin: string, seconds = 15, warmupSteps = 20, device: 'cpu' | 'gpu' = 'cpu'): Promise<LmLabStep> {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/chapters/language-models/#lab`);
    const root = page.locator('[data-figure="lm-lab"]');
    await root.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-figure="lm-lab"][data-cpu-thread="worker"][data-state="ready"]', { timeout: 120_000 });
    await root.getByRole('combobox', { name: /^Train on/ }).selectOption(device);
    const wanted = device === 'cpu' ? 'cpu' : 'webgpu';
    await page.waitForSelector(`[data-figure="lm-lab"][data-backend="${wanted}"][data-train-step="0"][data-state="ready"]`, { timeout: 120_000 });
    await root.getByRole('button', { name: 'Train' }).click();
    const attr = async (name: string) => Number(await root.getAttribute(name));
    while ((await attr('data-train-step')) < warmupSteps) await page.waitForTimeout(100);
    const samples: number[] = [];
    const start = { step: await attr('data-train-step'), t: Date.now() };
    let lastStep = start.step;
    while (Date.now() - start.t < seconds * 1000) {
      await page.waitForTimeout(50);
      const s = await attr('data-train-step');
      if (s !== lastStep) {
        samples.push(await attr('data-step-ms'));
        lastStep = s;
      }
    }
    const end = { step: await attr('data-train-step'), t: Date.now() };
    await root.getByRole('button', { name: /Pause/ }).click();
    const batch = await attr('data-batch');
    const seqLen = 48;
    const ms = median(samples);
    return {
      ms,
      tokensPerSecond: (batch * seqLen) / (ms / 1000),
      wallStepsPerSecond: (end.step - start.step) / ((end.t - start.t) / 1000),
      batch,
      seqLen,
      kernels: (await root.getAttribute('data-kernels')) ?? 'unknown',
      backend: wanted === 'cpu' ? 'cpu' : `webgpu (${(await root.getAttribute('data-adapter')) ?? 'unknown adapter'})`,
      samples: samples.length,
      steps: end.step,
    };
  } finally {
    await page.close();
  }
}

/** One line for the bench's table. */
export function lmLabLine(r: LmLabStep): string {
  return (
    `Language-model lab, training step in Chromium's worker on ${r.backend === 'cpu' ? 'the CPU' : r.backend} (MiniSeek, batch ${r.batch} × ${r.seqLen} tokens, CPU kernels ${r.kernels}, ` +
    `median of ${r.samples} requests): ${r.ms.toFixed(1)} ms, ${Math.round(r.tokensPerSecond)} tokens/s; ` +
    `${r.wallStepsPerSecond.toFixed(1)} steps/s of wall time as the page trains`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { chromium } = await import('@playwright/test');
  const { CHROME_PATH, CHROMIUM_ARGS } = await import('./chromium');
  const { serveSite } = await import('./site');
  const server = await serveSite(process.argv[2] ?? 'dist');
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROMIUM_ARGS });
  try {
    const row = await browserLmLabStep(browser, server.origin, Number(process.argv[3] ?? 15));
    console.log(lmLabLine(row));
    console.log(JSON.stringify(row));
    const gpu = await browserLmLabStep(browser, server.origin, Number(process.argv[3] ?? 15), 2, 'gpu');
    console.log(lmLabLine(gpu));
    console.log(`WebGPU ms/step over the CPU worker's: ${(gpu.ms / row.ms).toFixed(1)}`);
    console.log(JSON.stringify(gpu));
  } finally {
    await browser.close();
    server.stop();
  }
}
