/**
 * The names shared by the offline export (scripts/export/, in Node) and the code it ships (file-runtime.ts, in the
 * reader's browser). A copy opened from file:// cannot run module scripts or fetch, so the export turns every module
 * into part of one classic script and marks where the page's module scripts were; these names tie the two together.
 */

/** `window[EXPORT_GLOBAL]` is the exported copy's {@link ExportedCopy} (see site-files.ts); absent on the served site. */
export const EXPORT_GLOBAL = '__insideDeepseekExport';

/** The function that stands in for `import()` in the page's classic inline scripts (Astro's island loader). */
export const IMPORT_SHIM = '__insideDeepseekImport';

/** Where a page's `import()` calls wait until the deferred bundle has installed the copy. */
export const IMPORT_QUEUE = '__insideDeepseekImportQueue';

/** The `type` of an inert placeholder left where a module script was; `data-src` names the module. */
export const MODULE_SCRIPT_TYPE = 'text/x-inside-deepseek-module';

/** The folder (site-relative) of everything the export adds: the bundle and the packed files. */
export const EXPORT_DIR = '_offline/';

/** The classic bundle every exported page loads. */
export const BUNDLE_PATH = `${EXPORT_DIR}course.js`;

/** Where the packed copy of a site file lives: `_offline/files/models/miniseek/config.json.js`. */
export function packedFilePath(sitePath: string): string {
  return `${EXPORT_DIR}files/${sitePath}.js`;
}

/** Where an inline module script of a page is registered (a module name, not a file). */
export function inlineModulePath(hash: string): string {
  return `${EXPORT_DIR}inline/${hash}.js`;
}

/**
 * The inline script placed first in each exported page's head: until the deferred bundle runs, `import()` calls from
 * Astro's island loader wait in a queue. Written as source text because it runs before any bundle exists.
 */
export const IMPORT_SHIM_SOURCE =
  `self.${IMPORT_SHIM}=function(u){return new Promise(function(r){(self.${IMPORT_QUEUE}=self.${IMPORT_QUEUE}||[]).push(r)})` +
  `.then(function(c){return c.import(u)})};`;
