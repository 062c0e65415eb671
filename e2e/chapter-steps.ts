/**
 * The two checks every scrolly chapter gets (issue #17 asked for e2e "as for Part I"): scrolling through every step
 * moves the figure through each state with that step's equation term highlighted, and a deep link opens each step.
 */
import { expect, openUrl, scrollStepToMiddle, stepIds, test } from './fixtures';

export interface ChapterSteps {
  /** The chapter's path, e.g. '/chapters/neurons/'. */
  readonly chapter: string;
  /** The figure's selector, e.g. '[data-figure="neurons"]'. */
  readonly figure: string;
  /** The step ids in reading order. */
  readonly steps: readonly string[];
  /** One term each step's equation highlights. */
  readonly term: Readonly<Record<string, string>>;
  /** The attribute that names the step an equation belongs to. */
  readonly equationAttr?: string;
}

/** Registers the scrolling test and one deep-link test per step. */
export function chapterStepTests({ chapter, figure, steps, term, equationAttr = 'data-equation-for' }: ChapterSteps): void {
  test('scrolling through every step moves the figure through each state', async ({ page }) => {
    await page.goto(chapter);
    expect(await stepIds(page)).toEqual(steps);
    for (const id of steps) {
      await scrollStepToMiddle(page, id);
      await expect(page.locator(figure)).toHaveAttribute('data-state', id);
      await expect(page.locator(`#${id}`)).toHaveAttribute('aria-current', 'step');
      await expect(page.locator(`${figure} [${equationAttr}]:visible`)).toHaveCount(1);
      const highlighted = page.locator(`${figure} [${equationAttr}="${id}"] [data-term="${term[id]}"]`).first();
      expect(await highlighted.evaluate((el) => getComputedStyle(el).backgroundColor), `step ${id}: term ${term[id]}`).not.toBe('rgba(0, 0, 0, 0)');
    }
  });

  for (const id of steps) {
    test(`a deep link opens the step “${id}”`, async ({ page }) => {
      await openUrl(page, `${chapter}#${id}`);
      await expect(page.locator(figure)).toHaveAttribute('data-state', id);
      await expect(page.locator(`#${id}`)).toHaveAttribute('data-active', '');
      await expect(page.locator(`#${id}`)).toBeInViewport();
    });
  }
}
