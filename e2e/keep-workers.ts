import type { Page } from '@playwright/test';

/**
 * Keeps every Worker the page starts in window.labWorkers, so a test can post to a lab's worker directly (to make
 * it lose its GPU, as a driver reset would). Call before the page loads.
 */
export async function keepWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.Worker;
    const kept: Worker[] = [];
    (window as unknown as { labWorkers: Worker[] }).labWorkers = kept;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        kept.push(this);
      }
    };
  });
}
