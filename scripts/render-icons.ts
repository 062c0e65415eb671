/**
 * Renders the web app manifest's PNG icons from their SVG sources with headless Chromium, once; the PNGs are
 * committed under public/icons/. Run again only when an icon's SVG changes: `npx tsx scripts/render-icons.ts`.
 *   public/favicon.svg            → public/icons/icon-192.png, icon-512.png (rounded, transparent corners)
 *   public/icons/icon-maskable.svg → public/icons/icon-maskable-512.png (full bleed; the launcher crops it)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROME_PATH, CHROMIUM_ARGS } from './bench/chromium';

const JOBS: readonly { svg: string; png: string; size: number }[] = [
  { svg: 'public/favicon.svg', png: 'public/icons/icon-192.png', size: 192 },
  { svg: 'public/favicon.svg', png: 'public/icons/icon-512.png', size: 512 },
  { svg: 'public/icons/icon-maskable.svg', png: 'public/icons/icon-maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROMIUM_ARGS });
try {
  for (const { svg, png, size } of JOBS) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${readFileSync(svg).toString('base64')}`;
    await page.setContent(`<style>html,body{margin:0;background:transparent}img{display:block}</style><img src="${src}" width="${size}" height="${size}" alt="">`);
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    writeFileSync(png, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    console.log(`${png}: ${size}×${size} from ${svg}`);
    await page.close();
  }
} finally {
  await browser.close();
}
