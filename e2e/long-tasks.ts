/**
 * The labs' "no main-thread task over 50 ms while it trains" checks: every long task from the first script on, as
 * "<duration> ms at <start>", the start counted from `window.t0` (set by the test when training begins), so that a
 * failure says when the task came.
 */
import type { Page } from '@playwright/test';

export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: string[] = [];
    (window as unknown as { longTasks: string[] }).longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push(`${Math.round(e.duration)} ms at ${Math.round(e.startTime - ((window as unknown as { t0?: number }).t0 ?? 0))}`);
    }).observe({ type: 'longtask', buffered: true });
  });
}
