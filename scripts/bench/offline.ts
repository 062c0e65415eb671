/**
 * The offline copy in the benchmark: how long `npm run export` takes and what it weighs, and how long a chapter
 * takes to show live numbers when opened from file:// compared with the served site.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import { exportSite, type ExportReport } from '../export/export-site';

export interface ExportBench {
  ms: number;
  report: ExportReport;
  /** The copy's folder (removed by `cleanup`). */
  folder: string;
  cleanup(): void;
}

/** Exports the build in buildDir to a temp folder, timed. */
export async function benchExport(buildDir: string): Promise<ExportBench> {
  const dir = mkdtempSync(join(tmpdir(), 'miniseek-bench-export-'));
  const folder = join(dir, 'inside-deepseek');
  const t0 = performance.now();
  const report = await exportSite({ buildDir, outDir: folder, zipPath: join(dir, 'inside-deepseek.zip') });
  return { ms: performance.now() - t0, report, folder, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The file:// URL of a chapter of the copy. */
export function exportedChapterUrl(folder: string, slug: string): string {
  return pathToFileURL(join(folder, 'chapters', slug, 'index.html')).href;
}

/**
 * Milliseconds from navigation start until the page's first model figure, scrolled into view, shows the live model's
 * numbers (its data-backend leaves "cpu", the build's numbers, for "webgpu"), each run in a fresh browser context.
 */
export async function timeToLiveFigure(browser: Browser, url: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(url);
    // Figures hydrate when they come into view, as a reader scrolling to the first one would bring it.
    await page.locator('[data-figure]').first().scrollIntoViewIfNeeded();
    await page.locator('[data-figure][data-backend="webgpu"]').first().waitFor({ state: 'attached', timeout: 60_000 });
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  return times;
}
