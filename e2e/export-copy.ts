/** Where the e2e tests find the offline copy written by `npm run export`, and the file:// URLs of its pages. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The copy's folder: export/inside-deepseek, or E2E_EXPORT_DIR. */
export const EXPORT_DIR = resolve(process.env.E2E_EXPORT_DIR ?? 'export/inside-deepseek');

/** Throws a clear message when there is no copy to test. */
export function requireExport(): void {
  if (!existsSync(join(EXPORT_DIR, 'index.html'))) {
    throw new Error(`No offline copy at ${EXPORT_DIR}: run \`npm run export\` first (or set E2E_EXPORT_DIR).`);
  }
}

/**
 * The file:// URL of a page of the copy, from its served path.
 * @example exportedUrl('/chapters/attention/', '#softmax') // file:///…/export/inside-deepseek/chapters/attention/index.html#softmax
 */
export function exportedUrl(path: string, hash = ''): string {
  const file = path.endsWith('/') ? `${path}index.html` : path;
  return pathToFileURL(join(EXPORT_DIR, file)).href + hash;
}
