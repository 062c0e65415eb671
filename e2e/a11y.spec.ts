import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

for (const path of ['/', '/chapters/attention/', '/chapters/attention/#softmax', '/lab/backend/']) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds no violations on ${path} (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      await expect(page.locator('main')).toBeVisible();
      if (path.includes('attention')) await expect(page.locator('[data-figure]')).toHaveAttribute('data-state', /./);
      if (path.includes('lab')) await expect(page.locator('[data-figure="backend-check"]')).toHaveAttribute('data-parity', /pass|fail|unavailable/, { timeout: 60_000 });
      const results = await new AxeBuilder({ page }).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(summary).toEqual([]);
    });
  }
}
