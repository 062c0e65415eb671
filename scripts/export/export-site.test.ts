import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFiles } from '../lib/list-files';
import { exportSite } from './export-site';

/** The policy Astro writes (astro.config.mjs `security.csp`), shortened. */
const POLICY = `<meta http-equiv="content-security-policy" content="default-src 'none'; font-src 'self'; manifest-src 'self'; script-src 'self'">`;

/** A small build with what Astro emits: an island, a page module script, shared and lazy chunks, a font, a model file. */
const BUILD: Record<string, string> = {
  'index.html': `<!doctype html><html><head><meta charset="utf-8">${POLICY}<title>Home</title><link rel="stylesheet" href="/_astro/a.css"></head>
<body><a href="/chapters/one/">One</a><astro-island component-url="/_astro/Island.js" props="{}" ssr client="load"></astro-island>
<script type="module" src="/_astro/page.js"></script></body></html>`,
  'chapters/one/index.html': `<!doctype html><html><head><meta charset="utf-8">${POLICY}<title>One</title></head><body><a href="/">Home</a></body></html>`,
  '_astro/Island.js': `import { shared, later } from './shared.js'; export default () => later().then((m) => shared + m.lazy);`,
  '_astro/shared.js': `export const shared = 'shared'; export const later = () => import('./lazy.js');`,
  '_astro/lazy.js': `export const lazy = 'lazy';`,
  '_astro/page.js': `import { shared } from './shared.js'; document.title = shared;`,
  '_astro/a.css': `@font-face{src:url(/_astro/f.woff2)format("woff2"),url(/_astro/f.woff)format("woff")}`,
  '_astro/f.woff2': 'font',
  '_astro/f.woff': 'old font',
  'models/m/config.json': '{"hidden_size":64}',
  'sw.js': 'self.addEventListener("fetch", () => {})',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-test-'));
  for (const [path, text] of Object.entries(BUILD)) {
    mkdirSync(dirname(join(dir, 'build', path)), { recursive: true });
    writeFileSync(join(dir, 'build', path), text);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = () => ({ buildDir: join(dir, 'build'), outDir: join(dir, 'out', 'inside-deepseek'), zipPath: join(dir, 'out', 'inside-deepseek.zip') });

describe('exportSite', () => {
  it('writes pages, one classic bundle, packed files and inlined fonts, and nothing that needs a server', async () => {
    const report = await exportSite(options());
    const out = options().outDir;
    const files = listFiles(out).map((f) => f.slice(out.length + 1)).sort();
    expect(files).toEqual([
      'README.txt',
      '_astro/a.css',
      '_offline/course.js',
      '_offline/files/models/m/config.json.js',
      'chapters/one/index.html',
      'index.html',
    ]);
    expect(report.pages).toBe(2);
    const bundle = readFileSync(join(out, '_offline/course.js'), 'utf8');
    // A classic script: it parses as a function body, which import and export statements would not.
    expect(() => new Function(bundle)).not.toThrow();
    expect(bundle, 'the dynamically imported chunk is inside').toContain('`lazy`');
    expect(readFileSync(join(out, '_astro/a.css'), 'utf8')).toBe('@font-face{src:url(data:font/woff2;base64,Zm9udA==)format("woff2")}');
    expect(readFileSync(join(out, 'chapters/one/index.html'), 'utf8')).toContain('href="../../index.html"');
    expect(readFileSync(join(out, '_offline/files/models/m/config.json.js'), 'utf8')).toContain(Buffer.from('{"hidden_size":64}').toString('base64'));
  });

  it("recomputes each page's policy for the copy: the scripts it added by hash, inlined fonts, no manifest", async () => {
    await exportSite(options());
    const html = readFileSync(join(options().outDir, 'index.html'), 'utf8');
    const policy = /<meta http-equiv="content-security-policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    const shims = [...html.matchAll(/<script>([^<]+)<\/script>/g)].map((m) => m[1]!);
    expect(shims.length, 'the copy adds inline scripts').toBeGreaterThan(0);
    for (const code of shims) expect(policy).toContain(`'sha256-${createHash('sha256').update(code).digest('base64')}'`);
    expect(policy).toMatch(/font-src 'self' data:/);
    expect(policy).not.toMatch(/manifest-src/);
    expect(html.indexOf('content-security-policy'), 'the policy comes before every script').toBeLessThan(html.indexOf('<script'));
  });

  it('refuses a page without a policy', async () => {
    writeFileSync(join(dir, 'build', 'chapters/one/index.html'), '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await expect(exportSite(options())).rejects.toThrow(/chapters\/one\/index.html: no Content-Security-Policy/);
  });

  it('zips the folder under its own name, every file included', async () => {
    await exportSite(options());
    const entries = Object.keys(unzipSync(readFileSync(options().zipPath))).sort();
    const out = options().outDir;
    expect(entries).toEqual(listFiles(out).map((f) => `inside-deepseek/${f.slice(out.length + 1)}`).sort());
  });

  it('refuses a build whose pages link to a page that is not there, naming it', async () => {
    writeFileSync(join(dir, 'build', 'chapters/one/index.html'), `<!doctype html><html><head><meta charset="utf-8">${POLICY}<title>x</title></head><body><a href="/chapters/two/">Two</a></body></html>`);
    await expect(exportSite(options())).rejects.toThrow('chapters/one/index.html: ../two/index.html is not in the copy');
  });

  it('refuses a page that names a module the build does not have', async () => {
    writeFileSync(join(dir, 'build', 'chapters/one/index.html'), `<!doctype html><html><head><meta charset="utf-8">${POLICY}<title>x</title></head><body><script type="module" src="/_astro/gone.js"></script></body></html>`);
    await expect(exportSite(options())).rejects.toThrow('The pages name _astro/gone.js, which is not in the build');
  });

  it('keeps the search index, a classic script no page names (the search adds it on first use)', async () => {
    writeFileSync(join(dir, 'build', 'search-index.js'), 'self.__insideDeepseekSearchIndex="{}";');
    writeFileSync(join(dir, 'build', 'stray.js'), 'unused();');
    await exportSite(options());
    expect(readFileSync(join(options().outDir, 'search-index.js'), 'utf8')).toBe('self.__insideDeepseekSearchIndex="{}";');
    expect(existsSync(join(options().outDir, 'stray.js')), 'other unnamed scripts are part of the bundle, not copied').toBe(false);
  });

  it('says to build first when there is no build', async () => {
    rmSync(join(dir, 'build', 'index.html'));
    await expect(exportSite(options())).rejects.toThrow(/has no index.html: build the site first/);
    expect(existsSync(options().zipPath)).toBe(false);
  });
});
