/** Per chapter, from real page loads in headless Chromium: bytes by kind (gzip), scroll frame times, step latency. */
import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Page, Response } from '@playwright/test';

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

/** Records the page's long tasks (over 50 ms) in window.__longTasks. */
const LONG_TASKS = `window.__longTasks = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask' });`;

export interface StepSample {
  step: string;
  /** ms from scrolling the step to the viewport middle until a figure's data-state names it. */
  latency: number;
  /** Main-thread task time (CDP Performance TaskDuration) from the scroll until 300 ms after the change. */
  mainThread: number;
  /**
   * Of that, JavaScript (ScriptDuration: the scroll handlers, Svelte's update, canvas drawing) and style and
   * layout (RecalcStyleDuration + LayoutDuration). The rest is painting and committing the frame, which this
   * machine does in software and a GPU machine mostly does not.
   */
  script: number;
  styleLayout: number;
  /** The longest main-thread task in that window if it was a long task (over 50 ms), else 0. */
  longestTask: number;
}

/** The page's cumulative main-thread times so far, ms. */
async function mainThreadMs(cdp: CDPSession): Promise<{ task: number; script: number; styleLayout: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: ms('TaskDuration'), script: ms('ScriptDuration'), styleLayout: ms('RecalcStyleDuration') + ms('LayoutDuration') };
}

/** A sentence of `words` words from MiniSeek's vocabulary (127, the most a figure reads, by default). */
export function longSentence(words = 127): string {
  const cycle = ['the', 'keys', 'to', 'the', 'small', 'cabinet', 'are', 'on', 'the', 'table'];
  return Array.from({ length: words }, (_, i) => cycle[i % cycle.length]).join(' ');
}

/** Gives the page's sentence field `text` and waits until the figures show it (a matrix with that many rows). */
async function useSentence(page: Page, text: string): Promise<void> {
  const field = page.getByLabel('Sentence for MiniSeek');
  if ((await field.count()) === 0) return;
  // Figures hydrate when they near the viewport, and the model runs for the figures that have: bring one in.
  await page.evaluate(() => document.querySelector('[data-scrolly] [data-step]')?.scrollIntoView({ block: 'center' }));
  await page.waitForSelector('astro-island:not([ssr]) [data-figure]', { timeout: 30_000 }).catch(() => undefined);
  await field.fill(text);
  await field.press('Enter');
  const rows = String(text.split(' ').length + 1);
  await page
    .waitForFunction((rows) => document.querySelector(`[data-matrix][data-rows="${rows}"]`) !== null, rows, { timeout: 30_000 })
    .catch(() => undefined);
  await page.waitForTimeout(500);
}

/**
 * Steps through every scrolly of a chapter in order, one step at a time; with `sentence`, after the figures have
 * read it (the 127-word case of issue #12).
 */
export async function stepLatencies(browser: Browser, url: string, sentence?: string): Promise<StepSample[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(NAME_SHIM);
  await context.addInitScript(LONG_TASKS);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'networkidle' });
  if (sentence) await useSentence(page, sentence);
  const steps = await page.$$eval('[data-scrolly] [data-step]', (els) => els.map((el) => el.id));
  const samples: StepSample[] = [];
  for (const [i, id] of steps.entries()) {
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
    const before = await mainThreadMs(cdp);
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
    const after = await mainThreadMs(cdp);
    const work = { mainThread: after.task - before.task, script: after.script - before.script, styleLayout: after.styleLayout - before.styleLayout };
    const long = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const longestTask = long.length ? Math.max(...long) : 0;
    // The first step of each run is a jump from wherever the page was, and may already be active: keep only real changes.
    if (i > 0 && latency > 0) samples.push({ step: id, latency, ...work, longestTask });
    else if (Number.isNaN(latency)) samples.push({ step: id, latency: NaN, ...work, longestTask });
  }
  await context.close();
  return samples;
}

export interface TypingTasks {
  /** Main-thread tasks over 50 ms (the browser's long tasks), ms each, while the reader types. */
  readonly longTasks: number[];
  /** How many forward passes the typing started (one per pause longer than the field's debounce). */
  readonly runs: number;
}

/**
 * The reader types the last word of a 127-word sentence one letter at a time, pausing after each letter long
 * enough for the figures to rerun at 126–127 words; every long task on the main thread meanwhile is recorded.
 * `cpu` forces the CPU (?backend=cpu), where the forward pass runs in the page's worker.
 */
export async function typingLongTasks(browser: Browser, url: string, cpu: boolean): Promise<TypingTasks> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(NAME_SHIM);
  await context.addInitScript(LONG_TASKS);
  const page = await context.newPage();
  await page.goto(cpu ? `${url}?backend=cpu` : url, { waitUntil: 'networkidle' });
  const field = page.getByLabel('Sentence for MiniSeek');
  if ((await field.count()) === 0) {
    await context.close();
    return { longTasks: [], runs: 0 };
  }
  const words = longSentence(127).split(' ');
  await useSentence(page, words.slice(0, 126).join(' '));
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
  const last = ` ${words[126]}`;
  await field.focus();
  await page.keyboard.press('End');
  for (const letter of last) {
    await page.keyboard.type(letter);
    await page.waitForTimeout(600);
  }
  await page.waitForTimeout(1000);
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  await context.close();
  return { longTasks, runs: last.length };
}
