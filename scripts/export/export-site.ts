/**
 * The offline export: turns a build of the site (dist/) into a copy that opens by double-click from file://, and
 * zips it. From file:// browsers run no module scripts and allow no fetch(), and `/` means the disk's root, so:
 * - every page's URLs become relative (rewrite-html.ts, rewrite-css.ts; fonts are inlined);
 * - every module of the build becomes part of one classic, deferred script (bundle.ts, run by file-runtime.ts);
 * - the files page code fetches (models/) are packed into classic scripts (pack-files.ts);
 * - the result is checked: every local reference must resolve to a file of the copy, and nothing may still need
 *   a module script or a server. A new chapter or island goes through the same steps with no change here.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { BUNDLE_PATH, packedFilePath } from '../../src/offline/export-protocol';
import { SEARCH_INDEX_FILE } from '../../src/search/search-options';
import { completePolicy, type Policy } from '../../src/security/csp';
import { listFiles } from '../lib/list-files';
import { bundleModules } from './bundle';
import { packFile } from './pack-files';
import { rewriteCssUrls, type CssAssets } from './rewrite-css';
import { rewritePage, type PageModule } from './rewrite-html';
import { verifyCopy } from './verify-copy';
import { zipFolder } from './zip-folder';

export interface ExportOptions {
  /** The built site, e.g. dist/. */
  buildDir: string;
  /** The folder to write the copy to, e.g. export/inside-deepseek (replaced). */
  outDir: string;
  /** The zip to write, e.g. export/inside-deepseek.zip. */
  zipPath: string;
}

export interface ExportReport {
  pages: number;
  files: number;
  /** Bytes of the copy on disk, of its bundle, and of the zip. */
  bytes: number;
  bundleBytes: number;
  zipBytes: number;
}

/** Files the page code fetches at run time, packed so the copy can read them without fetch(). */
const PACKED = /^models\//;
/** Fonts are inlined into the stylesheets; the service worker and the manifest cannot work from file://. */
const NOT_COPIED = /\.(woff2?|ttf|otf|map)$|^manifest\.webmanifest$|^sw\.js$|^workbox-[\w-]+\.js$/;

const README = `Inside DeepSeek — offline copy

Open index.html in your browser (double-click it). Everything works from this folder without a network:
every chapter, the equations, links to single steps, search (the field at the top of every page, or the
/ key), and the figures computed by MiniSeek, the small model with DeepSeek-V3's architecture, on your GPU
through WebGPU where the browser offers it, else on your CPU.

Keep the folder together: the pages load their scripts and the model from _offline/.
`;

/**
 * The copy's policy differs from the site's in what file:// needs: the fonts are inlined as data: URLs (see
 * rewrite-css.ts), and there is no manifest to fetch. Inline scripts the rewrite added (the import shim) get their
 * hashes from completePolicy, which reads the rewritten page.
 */
function offlinePolicy(policy: Policy): void {
  policy.set('font-src', [...(policy.get('font-src') ?? []), 'data:']);
  policy.delete('manifest-src');
}

function write(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** @example const report = await exportSite({ buildDir: 'dist', outDir: 'export/inside-deepseek', zipPath: 'export/inside-deepseek.zip' }) */
export async function exportSite(options: ExportOptions): Promise<ExportReport> {
  const buildDir = resolve(options.buildDir);
  const outDir = resolve(options.outDir);
  const sources = listFiles(buildDir).map((file) => ({ file, path: relative(buildDir, file).split(sep).join('/') }));
  if (!sources.some((s) => s.path === 'index.html')) throw new Error(`${buildDir} has no index.html: build the site first`);

  rmSync(outDir, { recursive: true, force: true });
  const assets: CssAssets = {
    readFile: (path) => {
      try {
        return readFileSync(join(buildDir, path));
      } catch {
        return undefined;
      }
    },
  };
  const paths = new Set(sources.map((s) => s.path));
  const isDirectory = (path: string) => paths.has(`${path}/index.html`);
  const classicScripts = new Set<string>();
  const modules: PageModule[] = [];
  let pages = 0;

  for (const { file, path } of sources) {
    if (path.endsWith('.html')) {
      const page = rewritePage(readFileSync(file, 'utf8'), path, { isDirectory, cssAssets: assets });
      modules.push(...page.modules);
      for (const script of page.classicScripts) classicScripts.add(script);
      write(join(outDir, path), completePolicy(page.html, path, offlinePolicy));
      pages++;
    }
  }
  for (const { file, path } of sources) {
    if (path.endsWith('.html')) continue;
    if (PACKED.test(path)) write(join(outDir, packedFilePath(path)), packFile(path, readFileSync(file)));
    else if (path.endsWith('.css')) write(join(outDir, path), rewriteCssUrls(readFileSync(file, 'utf8'), path, assets));
    // The search index is a classic script no page names: the search adds it on first use (src/search/load-index.ts).
    else if (/\.m?js$/.test(path) && !classicScripts.has(path) && path !== SEARCH_INDEX_FILE) continue; // part of the bundle
    else if (!NOT_COPIED.test(path)) write(join(outDir, path), readFileSync(file));
  }
  const bundle = await bundleModules(buildDir, modules);
  write(join(outDir, BUNDLE_PATH), bundle);
  write(join(outDir, 'README.txt'), README);

  const files = listFiles(outDir);
  verifyCopy(outDir, files);
  const zip = zipFolder(outDir, files);
  write(resolve(options.zipPath), zip);
  return {
    pages,
    files: files.length,
    bytes: files.reduce((sum, f) => sum + statSync(f).size, 0),
    bundleBytes: Buffer.byteLength(bundle),
    zipBytes: zip.byteLength,
  };
}
