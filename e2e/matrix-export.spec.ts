/**
 * Every matrix's "Download CSV" and "Copy as Markdown table": the file is named after chapter, step and tensor, and
 * holds the cells' full-precision values (their data-value) with the row and column labels, −∞ spelled out; the
 * canvas rendering of a long sentence exports too; the controls are keyboard-reachable, axe-clean and fit a 320 px
 * phone.
 */
import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from '@playwright/test';
import { axeViolations } from './axe-check';
import { exportedUrl, requireExport } from './export-copy';
import { expect, hydrated, openUrl, scrollStepToMiddle, test } from './fixtures';
import { matrixValues } from './figure-values';

const CHAPTER = '/chapters/attention/';
const figure = '[data-figure="attention"]';

/** Reads a CSV the way a spreadsheet would (RFC 4180: quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += ch;
  }
  return rows;
}

async function download(page: Page, matrix: Locator): Promise<{ file: Download; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), matrix.getByRole('button', { name: 'Download CSV' }).click()]);
  return { file, text: readFileSync((await file.path())!, 'utf8') };
}

/** A matrix's labels as the page shows them to screen readers (a compact matrix hides some column labels). */
async function labels(matrix: Locator): Promise<{ rows: string[]; cols: string[] }> {
  return {
    rows: await matrix.locator('tbody th').allTextContents(),
    cols: await matrix.locator('thead th').allTextContents(),
  };
}

test('the attention weights at #softmax download as CSV with the cells’ exact values and labels', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const weights = page.locator(`${figure} [data-matrix="weights"]`);
  const { file, text } = await download(page, weights);
  expect(file.suggestedFilename()).toBe('attention-softmax-weights.csv');
  expect(text.startsWith('\ufeff'), 'a byte-order mark for Excel').toBe(true);

  const [header, ...body] = parseCsv(text.slice(1));
  const shown = await labels(weights);
  expect(header).toEqual(['', ...shown.cols]);
  expect(body.map((r) => r[0])).toEqual(shown.rows);
  const rows = Number(await weights.getAttribute('data-rows'));
  const cols = Number(await weights.getAttribute('data-cols'));
  expect(body).toHaveLength(rows);
  body.forEach((r) => expect(r).toHaveLength(cols + 1));
  // The same numbers as the cells, bit for bit: the text of data-value, not the two-decimal display.
  const cells = await weights.locator('td[data-value]').evaluateAll((els) => els.map((el) => el.getAttribute('data-value')!));
  expect(body.flatMap((r) => r.slice(1))).toEqual(cells);
  expect(body.flatMap((r) => r.slice(1).map(Number))).toEqual(await matrixValues(page, figure, 'weights'));
  expect(cells.some((v) => v.length > 6), 'full precision, not the display’s rounding').toBe(true);
});

test('masked scores are written as -Infinity, and the file follows the step', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#scaling`);
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'scaling');
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const scaled = page.locator(`${figure} [data-matrix="scaled"]`);
  await expect(scaled.locator('td.masked').first()).toBeAttached();
  const { file, text } = await download(page, scaled);
  expect(file.suggestedFilename()).toBe('attention-scaling-scaled.csv');
  const values = parseCsv(text.slice(1)).slice(1).flatMap((r) => r.slice(1));
  const cells = await scaled.locator('td[data-value]').evaluateAll((els) => els.map((el) => el.getAttribute('data-value')!));
  expect(values).toEqual(cells);
  expect(values).toContain('-Infinity');
  expect(values.filter((v) => v === '-Infinity')).toHaveLength(await scaled.locator('td.masked').count());
});

test.describe('with clipboard permission', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('Copy as Markdown table copies the labels and full-precision values, and says so', async ({ page }) => {
    await openUrl(page, `${CHAPTER}#softmax`);
    await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
    const weights = page.locator(`${figure} [data-matrix="weights"]`);
    await weights.getByRole('button', { name: 'Copy as Markdown table' }).click();
    await expect(weights.getByRole('status')).toHaveText(/^Copied a \d+×\d+ Markdown table$/);
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    const lines = markdown.trimEnd().split('\n');
    const shown = await labels(weights);
    // <bos> is escaped so Markdown does not read it as a tag.
    expect(lines[0]).toBe(`|  | ${shown.cols.map((c) => c.replace(/[<>]/g, '\\$&')).join(' | ')} |`);
    expect(lines[1]).toMatch(/^\| :-- (\| --: )+\|$/);
    expect(lines[2]).toMatch(/^\| \\<bos\\> \| /);
    const values = lines.slice(2).flatMap((l) => l.split(' | ').slice(1).map((c) => c.replace(/ \|$/, '')));
    const cells = await weights.locator('td[data-value]').evaluateAll((els) => els.map((el) => el.getAttribute('data-value')!));
    expect(values).toEqual(cells);
  });
});

test('a long sentence’s weights, drawn on a canvas, export every one of their numbers', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const field = page.getByLabel('Sentence for MiniSeek');
  await hydrated(field);
  const words = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'keys' : 'the'));
  await field.fill(words.join(' '));
  await field.press('Enter');
  await scrollStepToMiddle(page, 'softmax');
  const weights = page.locator(`${figure} [data-matrix="weights"]`);
  await expect(weights).toHaveAttribute('data-render', 'canvas');
  const { file, text } = await download(page, weights);
  expect(file.suggestedFilename()).toBe('attention-softmax-weights.csv');
  const [header, ...body] = parseCsv(text.slice(1));
  expect(header).toHaveLength(42);
  expect(body).toHaveLength(41);
  expect(body[0]![0]).toBe('<bos>');
  expect(body[40]![0]).toBe('keys (41)');
  // Attention weights: each row sums to 1, the causal part above the diagonal is 0, full precision.
  for (const [r, row] of body.entries()) {
    const values = row.slice(1).map(Number);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(values.slice(r + 1).every((v) => v === 0)).toBe(true);
  }
  // The read-out's four decimals agree with the exported value.
  await weights.locator('canvas').focus();
  await page.keyboard.press('ArrowDown');
  const readout = await weights.locator('[data-readout]').textContent();
  const shown = Number(readout!.match(/= (-?[\d.]+)/)![1]);
  expect(Math.abs(shown - Number(body[1]![1]))).toBeLessThan(5e-5);
});

test('the controls are reachable by keyboard and work with Enter', async ({ page }) => {
  await openUrl(page, `${CHAPTER}#softmax`);
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
  const weights = page.locator(`${figure} [data-matrix="weights"]`);
  const csv = weights.getByRole('button', { name: 'Download CSV' });
  // Native buttons, in the tab order: focus the first, then Tab through the pair and on to the matrix's cells.
  await csv.focus();
  await expect(csv).toBeFocused();
  await expect(csv).toHaveCSS('outline-style', 'solid');
  await expect(weights.getByRole('group', { name: /^Numbers of A: attention weights/ })).toBeVisible();
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(file.suggestedFilename()).toBe('attention-softmax-weights.csv');
  await page.keyboard.press('Tab');
  await expect(weights.getByRole('button', { name: 'Copy as Markdown table' })).toBeFocused();
  // The next Tab leaves the controls for the matrix's cells.
  await page.keyboard.press('Tab');
  await expect(weights.locator('td[data-value]').first()).toBeFocused();
});

for (const width of [320, 390]) {
  test(`at ${width} px the controls fit: no sideways scrolling of the page, buttons at least 24 px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await openUrl(page, `${CHAPTER}#softmax`);
    await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
    await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu');
    const buttons = page.locator(`${figure} [data-matrix-export] button`);
    expect(await buttons.count()).toBeGreaterThan(0);
    for (const box of await buttons.evaluateAll((els) => els.filter((el) => (el as HTMLElement).offsetParent).map((el) => el.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.right).toBeLessThanOrEqual(width);
      expect(box.height).toBeGreaterThanOrEqual(24);
      expect(box.width).toBeGreaterThanOrEqual(24);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });
}

test('axe finds nothing on the softmax step with the controls, light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openUrl(page, `${CHAPTER}#softmax`);
    expect(await axeViolations(page, { figure, state: 'softmax' }), scheme).toEqual([]);
  }
});

test('from the offline copy on file://, Download CSV saves the same numbers', async ({ page }) => {
  requireExport();
  await openUrl(page, exportedUrl(CHAPTER, '#softmax'));
  await expect(page.locator(figure)).toHaveAttribute('data-state', 'softmax');
  await expect(page.locator(figure)).toHaveAttribute('data-backend', 'webgpu', { timeout: 30_000 });
  const weights = page.locator(`${figure} [data-matrix="weights"]`);
  const { file, text } = await download(page, weights);
  expect(file.suggestedFilename()).toBe('attention-softmax-weights.csv');
  const cells = await weights.locator('td[data-value]').evaluateAll((els) => els.map((el) => el.getAttribute('data-value')!));
  expect(parseCsv(text.slice(1)).slice(1).flatMap((r) => r.slice(1))).toEqual(cells);
});
