/**
 * Axe on a chapter in the state a reader sees: the figure at the expected step, the live model's numbers in place
 * and the page no longer changing. Checking earlier races the figure: a page opened at #kv-cache first renders its
 * build-time first step, then hydrates, jumps to the step and swaps in the live numbers, and axe reading colours
 * mid-swap reported a contrast failure once in a few runs.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { quiet } from './gates/site-pages';

/**
 * @example expect(await axeViolations(page, { figure: '[data-figure="mla"]', state: 'cache' })).toEqual([])
 */
export async function axeViolations(page: Page, settled: { figure: string; state?: string }): Promise<string[]> {
  const figure = page.locator(settled.figure);
  await expect(figure).toHaveAttribute('data-state', settled.state ?? /./);
  // A figure in view hydrates and swaps the build's numbers ("cpu") for the live run's (WebGPU in this project);
  // one out of view stays as built until the reader scrolls to it.
  if (await figure.isVisible()) {
    const box = (await figure.boundingBox())!;
    const height = page.viewportSize()!.height;
    if (box.y < height && box.y + box.height > 0) await expect(figure).toHaveAttribute('data-backend', 'webgpu', { timeout: 30_000 });
  }
  await quiet(page);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
