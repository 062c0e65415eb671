/** Per chapter, from real page loads in headless Chromium: bytes by kind (gzip), scroll frame times, step latency. */
import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Response } from '@playwright/test';

/** tsx (esbuild keepNames) wraps named functions in __name(); code sent to the page needs that helper too. */
export const NAME_SHIM = 'globalThis.__name ??= (f) => f;';

export const KINDS = ['html', 'css', 'js', 'jsLater', 'model', 'font', 'other'] as const;
export type Kind = (typeof KINDS)[number];

function kindOf(response: Response, later: boolean): Kind {
  const url = new URL(response.url()).pathname;
  const type = response.request().resourceType();
  if (url.includes('/models/')) return 'model';
  if (type === 'font' || /\.(woff2?|ttf|otf)$/.test(url)) return 'font';
  if (type === 'document') return 'html';
  if (type === 'stylesheet' || url.endsWith('.css')) return 'css';
  if (type === 'script' || url.endsWith('.js')) return later ? 'jsLater' : 'js';
  return 'other';
}

export interface LoadResult {
  bytes: Record<Kind, number>;
  /** rAF deltas (ms) while scrolling top to bottom at `speed` px/s. */
  frames: number[];
}

/** Loads a chapter, counts gzip bytes of the first view, scrolls to the bottom at reading speed, counts the rest. */
export async function loadAndScroll(browser: Browser, url: string, speed: number): Promise<LoadResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(NAME_SHIM);
  const page = await context.newPage();
  const bytes = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const pending: Promise<void>[] = [];
  let later = false;
  page.on('response', (response) => {
    const kind = kindOf(response, later);
    pending.push(
      response
        .body()
        .then((body) => void (bytes[kind] += gzipSync(body).length))
        .catch(() => undefined),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(500);
  later = true;
  const frames = await page.evaluate(
    (speed) =>
      new Promise<number[]>((resolve) => {
        const deltas: number[] = [];
        const started = performance.now();
        let last = 0;
        const tick = (now: number) => {
          if (last) deltas.push(now - last);
          const dt = last ? now - last : 16.7;
          last = now;
          window.scrollBy({ top: (speed * dt) / 1000, behavior: 'instant' });
          const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
          if (atEnd || now - started > 90_000) resolve(deltas);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    speed,
  );
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  await Promise.all(pending);
  await context.close();
  return { bytes, frames };
}

export interface StepSample {
  step: string;
  /** ms from scrolling the step to the viewport middle until a figure's data-state names it. */
  latency: number;
  /** Main-thread task time (CDP Performance TaskDuration) from the scroll until 300 ms after the change. */
  mainThread: number;
}

async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

/** Steps through every scrolly of a chapter in order, one step at a time. */
export async function stepLatencies(browser: Browser, url: string): Promise<StepSample[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(NAME_SHIM);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'networkidle' });
  const steps = await page.$$eval('[data-scrolly] [data-step]', (els) => els.map((el) => el.id));
  const samples: StepSample[] = [];
  for (const [i, id] of steps.entries()) {
    const before = await taskMs(cdp);
    const latency = await page.evaluate(
      (id) =>
        new Promise<number>((resolve) => {
          const step = document.getElementById(id)!;
          const root = step.closest('[data-scrolly]')!;
          const figures = [...root.querySelectorAll('[data-figure][data-state]')];
          const t0 = performance.now();
          const done = () => figures.some((f) => f.getAttribute('data-state') === id);
          const observer = new MutationObserver(() => {
            if (done()) {
              observer.disconnect();
              resolve(performance.now() - t0);
            }
          });
          figures.forEach((f) => observer.observe(f, { attributes: true, attributeFilter: ['data-state'] }));
          const box = step.getBoundingClientRect();
          window.scrollTo({ top: window.scrollY + box.top + box.height / 2 - window.innerHeight / 2, behavior: 'instant' });
          setTimeout(() => {
            observer.disconnect();
            resolve(done() ? 0 : NaN);
          }, 3000);
        }),
      id,
    );
    await page.waitForTimeout(300);
    const after = await taskMs(cdp);
    // The first step of each run is a jump from wherever the page was, and may already be active: keep only real changes.
    if (i > 0 && latency > 0) samples.push({ step: id, latency, mainThread: after - before });
    else if (Number.isNaN(latency)) samples.push({ step: id, latency: NaN, mainThread: after - before });
  }
  await context.close();
  return samples;
}
