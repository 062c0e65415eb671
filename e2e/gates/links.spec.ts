/**
 * Gate: every internal link of the built site resolves. For every page, each internal `href`/`src` (and the
 * island attributes `component-url`, `renderer-url`, `before-hydration-url`, and `srcset` candidates) must name a
 * file of the build, and each `#anchor` (same page or `/page/#anchor`) must be an `id` on the target page.
 * Stylesheets' `url(…)` references must resolve too. External links (https://…) are allowed and not fetched.
 * No browser: the built HTML is read from disk.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BUILD_DIR, listFiles, sitePages } from './site-pages';

const URL_ATTRS = ['href', 'src', 'component-url', 'renderer-url', 'before-hydration-url', 'poster', 'action'];

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The HTML with comments, scripts' and styles' bodies removed, so only markup is scanned. */
function markupOnly(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>')
    .replace(/(<style\b[^>]*>)[\s\S]*?<\/style>/gi, '$1</style>');
}

/** Every URL-valued attribute of the page's tags, in document order. */
function urlsOf(html: string): string[] {
  const urls: string[] = [];
  const markup = markupOnly(html);
  for (const tag of markup.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    for (const m of tag.matchAll(/\s([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
      const name = (m[1] ?? '').toLowerCase();
      const value = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '').trim();
      if (URL_ATTRS.includes(name)) urls.push(value);
      else if (name === 'srcset' || name === 'imagesrcset')
        urls.push(...value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '').filter(Boolean));
    }
  }
  return urls;
}

/** Every `id` on a page. */
function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  for (const m of markupOnly(html).matchAll(/<[a-zA-Z][^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g))
    ids.add(decodeEntities(m[1] ?? m[2] ?? m[3] ?? ''));
  return ids;
}

/** The file of the build a URL path names, or null: `/a/` → `a/index.html`, `/a` → `a` or `a/index.html`. */
function fileFor(pathname: string): string | null {
  const rel = decodeURIComponent(pathname).replace(/^\/+/, '');
  const candidates = pathname.endsWith('/') ? [join(BUILD_DIR, rel, 'index.html')] : [join(BUILD_DIR, rel), join(BUILD_DIR, rel, 'index.html'), join(BUILD_DIR, `${rel}.html`)];
  return candidates.find((f) => existsSync(f) && statSync(f).isFile()) ?? null;
}

const ORIGIN = 'http://site.invalid';
const pages = sitePages();
const idCache = new Map<string, Set<string>>();
function idsOfFile(file: string): Set<string> {
  if (!idCache.has(file)) idCache.set(file, idsOf(readFileSync(file, 'utf8')));
  return idCache.get(file)!;
}

for (const page of pages) {
  test(`every internal link and anchor on ${page.path} resolves`, () => {
    const html = readFileSync(page.file, 'utf8');
    const broken: string[] = [];
    const base = new URL(page.path, ORIGIN);
    for (const raw of urlsOf(html)) {
      if (raw === '' || /^(mailto|tel|data|javascript|blob):/i.test(raw)) continue;
      const url = new URL(raw, base);
      if (url.origin !== ORIGIN) {
        if (!/^https?:$/.test(url.protocol)) broken.push(`${raw}: unexpected scheme ${url.protocol}`);
        continue; // external: allowed, not fetched
      }
      const target = fileFor(url.pathname);
      if (!target) {
        broken.push(`${raw}: no file for ${url.pathname} in ${BUILD_DIR}`);
        continue;
      }
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor && target.endsWith('.html') && !idsOfFile(target).has(anchor))
        broken.push(`${raw}: no element with id="${anchor}" on ${url.pathname}`);
    }
    expect(broken, `broken links on ${page.path} (${page.file})`).toEqual([]);
  });
}

test('every url(…) in the built stylesheets resolves', () => {
  const broken: string[] = [];
  for (const file of listFiles(BUILD_DIR).filter((f) => f.endsWith('.css'))) {
    const css = readFileSync(file, 'utf8');
    const base = new URL(`/${file.slice(BUILD_DIR.length + 1)}`, ORIGIN);
    for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)/g)) {
      const raw = (m[1] ?? m[2] ?? m[3] ?? '').trim();
      if (!raw || raw.startsWith('#') || /^data:/i.test(raw)) continue;
      const url = new URL(raw, base);
      if (url.origin !== ORIGIN) broken.push(`${file}: ${raw} points off the site`);
      else if (!fileFor(url.pathname)) broken.push(`${file}: ${raw} has no file ${url.pathname}`);
    }
  }
  expect(broken, 'broken url(…) references in stylesheets').toEqual([]);
});
