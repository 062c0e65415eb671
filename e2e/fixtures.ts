/** Shared e2e fixtures: every test fails if the page logs a console error or throws. */
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const test = base.extend<{ consoleProblems: string[] }>({
  consoleProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      await use(problems);
      expect(problems, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Scrolls a step's middle onto the viewport's middle line, as a reader's scrolling would. */
export async function scrollStepToMiddle(page: Page, id: string): Promise<void> {
  await page.evaluate((stepId) => {
    document.getElementById(stepId)!.scrollIntoView({ block: 'center', behavior: 'instant' });
  }, id);
}

/** The step ids of a chapter, in document order, read from the page. */
export async function stepIds(page: Page): Promise<string[]> {
  return page.locator('[data-step]').evaluateAll((els) => els.map((el) => el.id));
}

/**
 * Scrolls an island's content into view and waits until Astro has hydrated it (it drops the island's `ssr` mark).
 * A field typed into or a radio checked before that would be reset by hydration.
 */
export async function hydrated(content: Locator): Promise<void> {
  await content.scrollIntoViewIfNeeded();
  await expect(content.page().locator('astro-island', { has: content }).last()).not.toHaveAttribute('ssr', /.*/);
}
