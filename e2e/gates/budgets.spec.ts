/**
 * Gate: weight budgets, in bytes after gzip (level 9), so the file that grew is named when one is exceeded.
 *  (a) First view of each chapter at 1280×800, before any scrolling, network idle: JavaScript ≤ 120 KB and
 *      everything ≤ 350 KB, the model files (/models/) excluded.
 *  (b) The model files (dist/models/miniseek/*.json + *.safetensors) ≤ 600 KB; the training log counts only if a
 *      first view fetches it.
 *  (c) Plotly is not fetched on the first view of any chapter, and the build ships it as the basic bundle.
 *  (d) No KaTeX JavaScript is ever fetched or bundled: the math is rendered at build time.
 *  (e) The service worker's own download, reported apart: sw.js and its precache (the whole course, models included)
 *      ≤ 3 MB gzip. The worker fetches it after the page's load event, outside the page's requests, so (a) neither
 *      counts nor hides it; the service worker runs in (a), as it does for readers.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '../fixtures';
import { BUILD_DIR, chapterPages, listFiles, settle } from './site-pages';

const KB = 1024;
const JS_BUDGET = 120 * KB;
const TOTAL_BUDGET = 350 * KB;
const MODEL_BUDGET = 600 * KB;
const PRECACHE_BUDGET = 3 * KB * KB;

const gzipSize = (body: Buffer | string): number => gzipSync(body, { level: 9 }).length;

interface Row {
  name: string;
  type: string;
  raw: number;
  gzip: number;
}

/** A table of files, largest first, for a failure message. */
function table(rows: Row[], total: number): string {
  const sorted = [...rows].sort((a, b) => b.gzip - a.gzip);
  const lines = sorted.map((r) => `${(r.gzip / KB).toFixed(1).padStart(8)} KB gz ${(r.raw / KB).toFixed(1).padStart(9)} KB raw  ${r.type.padEnd(11)} ${r.name}`);
  return [...lines, `${(total / KB).toFixed(1).padStart(8)} KB gz total`].join('\n');
}

const sum = (rows: Row[]) => rows.reduce((s, r) => s + r.gzip, 0);

/** Every response of a chapter's first view (1280×800, no scrolling, network idle), with gzip sizes. */
async function firstView(page: import('@playwright/test').Page, path: string): Promise<Row[]> {
  await page.setViewportSize({ width: 1280, height: 800 });
  const pending: Promise<Row | null>[] = [];
  page.on('response', (response) => {
    pending.push(
      (async () => {
        if (response.status() >= 300 && response.status() < 400) return null;
        const body = await response.body().catch(() => null);
        if (!body) return null;
        const url = new URL(response.url());
        return { name: url.origin === new URL(page.url() || response.url()).origin ? url.pathname : response.url(), type: response.request().resourceType(), raw: body.length, gzip: gzipSize(body) };
      })(),
    );
  });
  await page.goto(path, { waitUntil: 'networkidle' });
  await page.waitForLoadState('networkidle');
  return (await Promise.all(pending)).filter((r): r is Row => r !== null);
}

const chapters = chapterPages();

// Budgets are for what readers get, and readers get the service worker.
test.use({ serviceWorkers: 'allow' });

for (const { path } of chapters) {
  test(`first view of ${path}: JS ≤ 120 KB, total ≤ 350 KB gzip (models excluded), no Plotly, no KaTeX JS`, async ({ page }) => {
    test.setTimeout(60_000);
    const rows = await firstView(page, path);
    const counted = rows.filter((r) => !r.name.includes('/models/'));
    const js = counted.filter((r) => r.type === 'script' || r.name.endsWith('.js') || r.name.endsWith('.mjs'));
    const jsTotal = sum(js);
    const total = sum(counted);
    console.log(`${path}: JS ${(jsTotal / KB).toFixed(1)} KB gz, total ${(total / KB).toFixed(1)} KB gz (models excluded), ${counted.length} responses`);
    expect(jsTotal, `JavaScript on the first view of ${path} is over ${JS_BUDGET / KB} KB gzip:\n${table(js, jsTotal)}`).toBeLessThanOrEqual(JS_BUDGET);
    expect(total, `the first view of ${path} is over ${TOTAL_BUDGET / KB} KB gzip (models excluded):\n${table(counted, total)}`).toBeLessThanOrEqual(TOTAL_BUDGET);
    const plotly = rows.filter((r) => /plotly/i.test(r.name)).map((r) => r.name);
    expect(plotly, `Plotly was fetched on the first view of ${path}`).toEqual([]);
    const katexJs = rows.filter((r) => /katex/i.test(r.name) && (r.type === 'script' || /\.m?js(\?|$)/.test(r.name))).map((r) => r.name);
    expect(katexJs, `KaTeX JavaScript was fetched on ${path}`).toEqual([]);
  });
}

test('the model files are ≤ 600 KB gzip (training log only if a first view fetches it)', async ({ page }) => {
  test.setTimeout(120_000);
  let logFetched = false;
  page.on('request', (request) => {
    if (request.url().includes('/models/miniseek/training-log')) logFetched = true;
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const { path } of chapters) await page.goto(path, { waitUntil: 'networkidle' });
  const files = listFiles(join(BUILD_DIR, 'models', 'miniseek')).filter(
    (f) => /\.(json|safetensors)$/.test(f) && (logFetched || !basename(f).startsWith('training-log')),
  );
  expect(files.length, `no model files in ${join(BUILD_DIR, 'models', 'miniseek')}`).toBeGreaterThan(0);
  const rows = files.map((f) => {
    const body = readFileSync(f);
    return { name: f.slice(BUILD_DIR.length), type: 'model', raw: body.length, gzip: gzipSize(body) };
  });
  const total = sum(rows);
  console.log(`model files${logFetched ? ' (training log fetched on first view, counted)' : ''}:\n${table(rows, total)}`);
  expect(total, `the model files are over ${MODEL_BUDGET / KB} KB gzip:\n${table(rows, total)}`).toBeLessThanOrEqual(MODEL_BUDGET);
});

test('the build ships Plotly as its basic bundle and no KaTeX JavaScript', () => {
  const scripts = listFiles(BUILD_DIR).filter((f) => /\.m?js$/.test(f));
  const plotlyChunks = scripts.filter((f) => /plotly/i.test(basename(f)) && !/^load-plotly\./.test(basename(f)));
  expect(plotlyChunks.length, `no Plotly chunk among ${scripts.length} scripts in ${BUILD_DIR}`).toBeGreaterThan(0);
  const notBasic = plotlyChunks.filter((f) => !/plotly-basic/i.test(basename(f)));
  expect(notBasic, 'Plotly chunks that are not the basic bundle').toEqual([]);
  // The basic bundle is about 1.1 MB minified; the full bundle is over 3 MB.
  const oversized = plotlyChunks.filter((f) => readFileSync(f).length > 2 * KB * KB).map((f) => `${f}: ${(readFileSync(f).length / KB).toFixed(0)} KB`);
  expect(oversized, 'Plotly chunks too large to be the basic bundle').toEqual([]);
  // KaTeX's runtime (katex.render, its parser's error messages) must not be in any chunk, nor a katex*.js file.
  const katex = scripts.filter((f) => {
    const text = readFileSync(f, 'utf8');
    return /katex/i.test(basename(f)) || /KaTeX parse error|katex\.render|renderToString\(/.test(text);
  });
  expect(katex, 'scripts that contain KaTeX JavaScript').toEqual([]);
});

test('no KaTeX JavaScript is fetched while reading any chapter to its end', async ({ page }) => {
  test.setTimeout(180_000);
  const katex: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (/katex/i.test(url) && (request.resourceType() === 'script' || /\.m?js(\?|$)/.test(url))) katex.push(`${url} (from ${page.url()})`);
  });
  for (const { path } of chapters) {
    await page.goto(path);
    await settle(page);
  }
  expect(katex, 'KaTeX JavaScript requests').toEqual([]);
});

test('the service worker and its precache are ≤ 3 MB gzip, reported apart from the first view', () => {
  const sw = readFileSync(join(BUILD_DIR, 'sw.js'), 'utf8');
  // generateSW writes the precache list into sw.js as {url:"…",revision:…} entries.
  const urls = [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]!);
  expect(urls.length, 'precache entries in sw.js').toBeGreaterThan(0);
  const rows: Row[] = [{ name: '/sw.js', type: 'worker', raw: Buffer.byteLength(sw), gzip: gzipSize(sw) }];
  for (const url of urls) {
    const body = readFileSync(join(BUILD_DIR, url));
    rows.push({ name: `/${url}`, type: 'precache', raw: body.length, gzip: gzipSize(body) });
  }
  const total = sum(rows);
  const raw = rows.reduce((s, r) => s + r.raw, 0);
  console.log(`service worker download: ${urls.length} precached files + sw.js, ${(raw / KB).toFixed(0)} KB raw, ${(total / KB).toFixed(0)} KB gz`);
  expect(total, `the service worker's download is over ${PRECACHE_BUDGET / KB / KB} MB gzip:\n${table(rows, total)}`).toBeLessThanOrEqual(PRECACHE_BUDGET);
});
