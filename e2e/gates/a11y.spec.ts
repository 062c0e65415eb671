/**
 * Gate: axe finds no accessibility violation on any page, in the light and the dark theme, at desktop width and at
 * phone widths (390 and 320 CSS px, WCAG's reflow width), once the figures have hydrated and (on every page) the
 * reader has scrolled through once, so every island is in its hydrated state, and the service worker has installed,
 * so the header's "Available offline" note is checked too. One page load serves the three widths.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../fixtures';
import { quiet, settle, sitePages } from './site-pages';

test.use({ serviceWorkers: 'allow' });

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
  { width: 320, height: 640 },
];

for (const { path } of sitePages()) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds no violations on ${path} (${colorScheme} theme; 1280, 390 and 320 px)`, async ({ page }) => {
      test.setTimeout(150_000);
      await page.setViewportSize(WIDTHS[0]!);
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      await settle(page);
      const offlineNote = page.locator('[data-offline-status]');
      await expect(offlineNote).toHaveAttribute('data-state', 'ready');
      // Its fade-in must be over, or axe measures the contrast of a half-transparent note.
      await offlineNote.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
      const violations: string[] = [];
      for (const size of WIDTHS) {
        await page.setViewportSize(size);
        await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
        // Scrolling back changes the active step; let every figure finish redrawing before axe reads colours.
        await quiet(page);
        const results = await new AxeBuilder({ page }).analyze();
        violations.push(
          ...results.violations.map(
            (v) =>
              `${size.width} px — ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n    ')}`,
          ),
        );
      }
      expect(violations, `axe violations on ${path} (${colorScheme} theme)`).toEqual([]);
    });
  }
}
