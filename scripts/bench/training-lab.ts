/**
 * The backpropagation chapter's training lab (the 2-D classifier, issue #17) as the reader runs it in Chromium: Train
 * pressed for a few seconds, on whatever backend the lab's worker chose (WebGPU where the browser has an adapter,
 * else the CPU), and the steps it got through per second of wall time, with the page drawing the field and the
 * curve between requests (10 steps per request, one request per frame). The bench runs it in a Chromium with WebGPU
 * and in one without, and reports the ratio.
 *
 * Alone: `npx tsx scripts/bench/training-lab.ts [outDir] [seconds]` serves a build (default dist/) and prints both rows.
 */
import type { Browser } from '@playwright/test';

export interface TrainingLabRate {
  /** 'webgpu' or 'cpu', as the lab reported it, and the adapter it named. */
  readonly backend: string;
  readonly adapter: string;
  readonly stepsPerSecond: number;
  /** Wall time per step as the page trains (the worker's step, the readback and the page's drawing). */
  readonly msPerStep: number;
  /** Training points per second (mini-batch × steps/s). */
  readonly pointsPerSecond: number;
  readonly batch: number;
  readonly steps: number;
}

export async function browserTrainingLab(browser: Browser, origin: string, seconds = 8, warmupSteps = 30): Promise<TrainingLabRate> {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/chapters/backpropagation/#training-lab`);
    const root = page.locator('[data-figure="backprop-lab"]');
    await root.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-figure="backprop-lab"][data-backend][data-state="ready"]', { timeout: 120_000 });
    const attr = async (name: string) => Number(await root.getAttribute(name));
    await root.getByRole('button', { name: 'Train' }).click();
    while ((await attr('data-train-step')) < warmupSteps) await page.waitForTimeout(50);
    const start = { step: await attr('data-train-step'), t: Date.now() };
    await page.waitForTimeout(seconds * 1000);
    const end = { step: await attr('data-train-step'), t: Date.now() };
    await root.getByRole('button', { name: /Pause/ }).click();
    const batch = Number(await root.getByRole('combobox', { name: /^Batch/ }).inputValue());
    const stepsPerSecond = (end.step - start.step) / ((end.t - start.t) / 1000);
    return {
      backend: (await root.getAttribute('data-backend')) ?? 'unknown',
      adapter: (await root.getAttribute('data-adapter')) ?? '',
      stepsPerSecond,
      msPerStep: 1000 / stepsPerSecond,
      pointsPerSecond: batch * stepsPerSecond,
      batch,
      steps: end.step,
    };
  } finally {
    await page.close();
  }
}

/** One line for the bench's table. */
export function trainingLabLine(r: TrainingLabRate): string {
  const where = r.backend === 'webgpu' ? `WebGPU (${r.adapter || 'adapter unnamed'})` : "the CPU worker";
  return (
    `Training lab (2-D classifier, batch ${r.batch}) in Chromium on ${where}: ${r.stepsPerSecond.toFixed(0)} steps/s as the page trains ` +
    `(${r.msPerStep.toFixed(2)} ms per step with the drawing), ${Math.round(r.pointsPerSecond)} points/s`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { chromium } = await import('@playwright/test');
  const { CHROME_PATH, CHROMIUM_ARGS } = await import('./chromium');
  const { serveSite } = await import('./site');
  const server = await serveSite(process.argv[2] ?? 'dist');
  const seconds = Number(process.argv[3] ?? 8);
  try {
    for (const args of [CHROMIUM_ARGS, CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu')]) {
      const browser = await chromium.launch({ executablePath: CHROME_PATH, args });
      console.log(trainingLabLine(await browserTrainingLab(browser, server.origin, seconds)));
      await browser.close();
    }
  } finally {
    server.stop();
  }
}
