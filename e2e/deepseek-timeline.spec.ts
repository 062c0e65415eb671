import AxeBuilder from '@axe-core/playwright';
import { TIMELINE_COUNTS } from '../src/figures/deepseek-timeline/timeline-counts';
import { billions } from '../src/figures/deepseek-timeline/timeline-format';
import { ERAS, MODELS } from '../src/figures/deepseek-timeline/timeline-data';
import { TIMELINE_STEPS } from '../src/figures/deepseek-timeline/timeline-steps';
import { chapterStepTests } from './chapter-steps';
import { expect, hydrated, openUrl, scrollStepToMiddle, test } from './fixtures';
import { quiet } from './gates/site-pages';

const CHAPTER = '/chapters/deepseek-timeline/';
const figure = '[data-figure="deepseek-timeline"]';
const STEPS = ERAS.map((e) => e.id);
const TERM = Object.fromEntries(TIMELINE_STEPS.map((s) => [s.id, s.terms[0]!]));
const table = '[data-timeline-table]';

chapterStepTests({ chapter: CHAPTER, figure, steps: STEPS, term: TERM });

test('each era shades its band and lists its models, with the counts computed in Node from the same configs', async ({ page }) => {
  await page.goto(CHAPTER);
  for (const era of STEPS) {
    await scrollStepToMiddle(page, era);
    await expect(page.locator(figure)).toHaveAttribute('data-state', era);
    await expect(page.locator(`${figure} [data-era-band]`)).toHaveAttribute('data-era-band', era);
    const inEra = MODELS.filter((m) => m.era === era);
    await expect(page.locator(`${figure} [data-era-models] > li`)).toHaveCount(inEra.length);
    await expect(page.locator(`${figure} [data-timeline-svg] [data-model][data-on]`)).toHaveCount(inEra.length);
    for (const m of inEra) {
      const li = page.locator(`${figure} [data-era-models] > li[data-model="${m.id}"]`);
      if (m.count) {
        const c = TIMELINE_COUNTS[m.count];
        await expect(li).toHaveAttribute('data-count-total', String(c.total));
        await expect(li).toHaveAttribute('data-count-active', String(c.active));
        await expect(li.locator('[data-counted]')).toContainText(`counted ${billions(c.total)}`);
      } else {
        await expect(li).not.toHaveAttribute('data-count-total', /./);
      }
      await expect(li.locator('[data-unverified]')).toHaveCount(Number(Boolean(m.unverified?.date)) + Number(Boolean(m.unverified?.size)));
    }
  }
});

test('the page’s counts in the prose are the Node computation', async ({ page }) => {
  await page.goto(CHAPTER);
  const c = TIMELINE_COUNTS;
  await expect(page.locator('#latent')).toContainText(`V2 has ${billions(c['deepseek-v2'].total)} parameters`);
  await expect(page.locator('#v3')).toContainText(`${billions(c['deepseek-v3'].total)} parameters`);
  await expect(page.locator('#sparse')).toContainText(`V3.2 counts ${billions(c['deepseek-v3.2'].total)}`);
  await expect(page.locator('#v4')).toContainText(`Flash ${billions(c['deepseek-v4-flash'].total)}`);
  await expect(page.locator('#v4')).toContainText(`Pro ${billions(c['deepseek-v4-pro'].total)}`);
  // The table, the figure's twin, carries the same numbers.
  for (const [id, count] of Object.entries(c)) {
    const rows = page.locator(`${table} tbody tr[data-count-total]`).filter({ has: page.locator('[data-counted]') });
    await expect(rows.filter({ hasText: billions(count.total) }).first()).toHaveAttribute('data-count-total', String(count.total), { timeout: 5000 });
    void id;
  }
});

test('the table sorts by keyboard and filters, with a message when nothing matches', async ({ page }) => {
  await page.goto(CHAPTER);
  const t = page.locator(table);
  await hydrated(t.locator('table'));
  const names = () => t.locator('tbody tr[data-model]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));
  expect(await names()).toEqual(MODELS.map((m) => m.id));
  // Sort by total, from the keyboard: Tab to the button, Enter; the header says how it is sorted.
  const totalButton = t.getByRole('button', { name: /^Total/ });
  await totalButton.focus();
  await page.keyboard.press('Enter');
  await expect(t.locator('th[data-sort-col="total"]')).toHaveAttribute('aria-sort', 'descending');
  expect((await names())[0]).toBe('deepseek-v4-pro');
  await page.keyboard.press('Space');
  await expect(t.locator('th[data-sort-col="total"]')).toHaveAttribute('aria-sort', 'ascending');
  expect((await names())[0]).toBe('deepseekmath');
  await expect(t.locator('th[data-sort-col="date"]')).toHaveAttribute('aria-sort', 'none');
  // Filter by a word, then by era.
  const filter = t.getByRole('searchbox', { name: 'Filter' });
  await filter.fill('GRPO');
  await expect(t.locator('[data-table-shown]')).toContainText('matching “GRPO”');
  const withGrpo = MODELS.filter((m) => `${m.name} ${m.change} ${m.source}`.toLowerCase().includes('grpo')).length;
  await expect(t.locator('tbody tr[data-model]')).toHaveCount(withGrpo);
  await t.getByRole('combobox', { name: 'Era' }).selectOption('experts');
  await expect(t.locator('tbody tr[data-model]')).toHaveCount(1);
  // Odd input: no match, a plain message, the reader's text shown as text.
  await filter.fill('<b>zzz</b> "∑');
  await expect(t.locator('[data-table-empty]')).toContainText('No model matches “<b>zzz</b> "∑”');
  await expect(t.locator('tbody b')).toHaveCount(0);
  await filter.fill('');
  await t.getByRole('combobox', { name: 'Era' }).selectOption('');
  await expect(t.locator('tbody tr[data-model]')).toHaveCount(MODELS.length);
});

test('unverified facts carry a visible tag with the reason, and the headlines box sets the notes beside the sources', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#latent`);
  const tag = page.locator(`${table} tr[data-model="deepseek-v2.5"] [data-unverified]`);
  // Date, total, active (both size cells carry the size's mark) and change.
  await expect(tag).toHaveCount(4);
  await expect(tag.first()).toBeVisible();
  await expect(page.locator(`${table} tr[data-model="deepseek-v2.5"]`)).toContainText('No primary source for the date.');
  const box = page.locator('[data-headlines]');
  await expect(box.getByRole('heading', { name: 'How to read headlines about DeepSeek' })).toBeVisible();
  await expect(box.locator('[data-headline="gpus"]')).toContainText('2,048 H800 GPUs');
  await expect(box.locator('[data-headline="gpus"]')).toContainText('$5.576M');
  await expect(box.locator('[data-headline="gpus"] [data-unverified]')).toBeVisible();
  await expect(box.locator('[data-headline="v2"]')).toContainText('multi-head latent attention');
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const hash of ['#latent', '#v4']) {
    test(`axe finds no violations (${colorScheme}, ${hash})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${CHAPTER}${hash}`);
      await expect(page.locator(figure)).toHaveAttribute('data-state', hash.slice(1));
      await hydrated(page.locator(`${table} table`));
      await quiet(page);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('the figure sits above the steps, the page does not scroll sideways, and the table scrolls in its own box', async ({ page }) => {
    await openUrl(page, `${CHAPTER}#v4`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'v4');
    const fig = (await page.locator(figure).boundingBox())!;
    const step = (await page.locator('#v4').boundingBox())!;
    expect(fig.y).toBeLessThan(step.y);
    expect(fig.x + fig.width).toBeLessThanOrEqual(391);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    const svg = (await page.locator(`${figure} [data-timeline-svg]`).boundingBox())!;
    expect(svg.width).toBeLessThanOrEqual(390);
    const region = page.getByRole('region', { name: 'DeepSeek models, table' });
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });
});
