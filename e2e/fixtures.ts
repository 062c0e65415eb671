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

/**
 * Opens a URL as page.goto does, except when it differs from the page's own only in its #fragment: then it sets
 * location.hash in the page, as an in-page link or the reader's edit of the address bar does. Assigning
 * location.hash fires hashchange by the HTML spec; a same-document page.goto goes through the driver's
 * classification of the navigation (CDP Page.navigate), which other projects have seen skip it. (The step once left
 * unopened in CI was the scroll controller's own race, fixed there and tested in scrolly.spec.ts.)
 * @example await openUrl(page, `${CHAPTER}#softmax`)
 */
export async function openUrl(page: Page, url: string): Promise<void> {
  const here = /^(https?|file):/.test(page.url()) ? new URL(page.url()) : undefined;
  const there = here ? new URL(url, here) : undefined;
  const sameDocument = here && there && here.origin === there.origin && here.pathname === there.pathname && here.search === there.search;
  if (sameDocument && there.hash && here.hash !== there.hash) {
    await page.evaluate((hash) => {
      location.hash = hash;
    }, there.hash);
  } else {
    await page.goto(url);
  }
}

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
