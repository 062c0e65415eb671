/**
 * `npm run screenshots`: full-page screenshots of chapters in light and dark, desktop and phone, from the built site
 * in dist/ (run `npm run build` first), for looking at before a chapter is called done.
 *
 *   npm run screenshots -- [--chapter attention,rope] [--step softmax] [--out screenshots] [--viewport 1280x800,390x844]
 *
 * Each chapter is stepped through once so every figure hydrates; the picture is the whole page at the given (or
 * first) step. Files: <out>/<chapter>-<width>-<theme>[-<step>].png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROME_PATH, CHROMIUM_ARGS } from './bench/chromium';
import { builtChapters, serveSite } from './bench/site';

const { values } = parseArgs({
  options: {
    chapter: { type: 'string' },
    step: { type: 'string' },
    out: { type: 'string', default: 'screenshots' },
    viewport: { type: 'string', default: '1280x800,390x844' },
    dist: { type: 'string', default: 'dist' },
    full: { type: 'boolean', default: false },
  },
});

const chapters = values.chapter ? values.chapter.split(',') : builtChapters(values.dist);
const viewports = values.viewport.split(',').map((v) => {
  const [width, height] = v.split('x').map(Number);
  if (!width || !height) throw new Error(`--viewport: expected WIDTHxHEIGHT, got "${v}"`);
  return { width, height };
});
mkdirSync(values.out, { recursive: true });

const served = await serveSite(values.dist);
const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROMIUM_ARGS });
try {
  for (const chapter of chapters) {
    for (const viewport of viewports) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport, colorScheme });
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') console.log(`  [${chapter}] console ${m.type()}: ${m.text()}`);
        });
        const hash = values.step ? `#${values.step}` : '';
        await page.goto(`${served.origin}/chapters/${chapter}/${hash}`, { waitUntil: 'networkidle' });
        await page.waitForTimeout(800);
        const name = `${chapter}-${viewport.width}-${colorScheme}${values.step ? `-${values.step}` : ''}.png`;
        await page.screenshot({ path: join(values.out, name), fullPage: values.full });
        console.log(`wrote ${join(values.out, name)}`);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  served.stop();
}
