/**
 * Lighthouse on `/` and every chapter, desktop and mobile: `npm run lighthouse`. Builds the site into a temp dir,
 * serves it, prints the four category scores per page, the pages that miss the targets of issue #6, and the
 * failing audits behind the misses. A missed target does not fail the process; a Lighthouse that cannot run does.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROME_PATH, CHROMIUM_ARGS, chromiumVersion } from './bench/chromium';
import { buildSite, builtChapters, removeDir, serveSite, tempOutDir } from './bench/site';
import { table } from './bench/stats';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];
type FormFactor = 'desktop' | 'mobile';
const TARGETS: Record<FormFactor, Record<Category, number>> = {
  desktop: { performance: 95, accessibility: 100, 'best-practices': 100, seo: 95 },
  mobile: { performance: 90, accessibility: 100, 'best-practices': 100, seo: 95 },
};
const log = (msg: string) => process.stderr.write(`lighthouse: ${msg}\n`);

interface Row {
  page: string;
  form: FormFactor;
  scores: Record<Category, number>;
}
/** audit id → what it is, which category, and the pages (page@form) it fails on. */
const failing = new Map<string, { category: Category; title: string; example: string; pages: string[] }>();

const outDir = tempOutDir();
buildSite(outDir);
const server = await serveSite(outDir);
const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
const rows: Row[] = [];
let exitCode = 0;
try {
  const pages = ['/', ...builtChapters(outDir).map((slug) => `/chapters/${slug}/`)];
  for (const page of pages) {
    for (const form of ['desktop', 'mobile'] as const) {
      log(`${page} (${form})`);
      const result = await lighthouse(
        `${server.origin}${page}`,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
        form === 'desktop' ? desktopConfig : undefined,
      );
      if (!result) throw new Error(`Lighthouse returned nothing for ${page}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`${page}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>;
      rows.push({ page, form, scores });
      for (const category of CATEGORIES) {
        for (const ref of lhr.categories[category]?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (!audit || audit.score === null || audit.score >= (category === 'performance' ? 0.9 : 1)) continue;
          if (category === 'performance' && ref.weight === 0 && audit.details?.type !== 'opportunity') continue;
          const entry = failing.get(ref.id) ?? { category, title: audit.title, example: '', pages: [] };
          entry.pages.push(`${page}@${form}`);
          const items = (audit.details as { items?: { url?: string }[] } | undefined)?.items ?? [];
          const top = items.map((i) => i.url).filter((u): u is string => !!u).slice(0, 2).map((u) => new URL(u).pathname);
          entry.example ||= [audit.displayValue, top.join(', ')].filter(Boolean).join('; ');
          failing.set(ref.id, entry);
        }
      }
    }
  }
} catch (error) {
  console.error(`lighthouse: could not run: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  chrome.kill();
  server.stop();
  removeDir(outDir);
}

console.log(table(['page', 'form', ...CATEGORIES], rows.map((r) => [r.page, r.form, ...CATEGORIES.map((c) => r.scores[c])])));
const misses = rows.flatMap((r) => CATEGORIES.filter((c) => r.scores[c] < TARGETS[r.form][c]).map((c) => `${r.page} (${r.form}): ${c} ${r.scores[c]} < ${TARGETS[r.form][c]}`));
console.log(`\nTargets: performance ≥ 95 desktop / ≥ 90 mobile, accessibility 100, best practices 100, SEO ≥ 95`);
console.log(misses.length ? `Missed:\n  ${misses.join('\n  ')}` : 'Every page meets every target.');
console.log('\nFailing audits (score < 1; performance: < 0.9), most pages first:');
for (const category of CATEGORIES) {
  const audits = [...failing.entries()].filter(([, a]) => a.category === category).sort((a, b) => b[1].pages.length - a[1].pages.length);
  if (audits.length === 0) continue;
  console.log(`  ${category}:`);
  for (const [id, a] of audits.slice(0, 8)) console.log(`    ${id}: ${a.title}${a.example ? ` (${a.example})` : ''}: ${a.pages.length}/${rows.length} runs${a.pages.length <= 4 ? ` [${a.pages.join(', ')}]` : ''}`);
}
console.log(`\nmachine: Lighthouse 13, ${chromiumVersion()}`);
process.exit(exitCode);
