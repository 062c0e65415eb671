/**
 * Site files the page loads at run time (the model's checkpoint), addressed so that the same code works on the
 * served site, under any base path, and in the offline copy opened from file:// — where fetch() is blocked and the
 * export's bundle hands out packed copies of the files instead.
 */
import { EXPORT_GLOBAL } from './export-protocol';

/** What the export's classic bundle provides on a page of the offline copy. */
export interface ExportedCopy {
  /** The copy's folder, e.g. `file:///home/ana/inside-deepseek/`. */
  readonly root: URL;
  /** Loads a module of the copy by URL, as `import()` would on the served site. */
  import(url: string | URL): Promise<unknown>;
  /** Reads a file of the copy, as `fetch()` would on the served site. */
  fetch(url: URL): Promise<Response>;
}

/** The exported copy's services when the page is one, else undefined (the served site). */
export function exportedCopy(): ExportedCopy | undefined {
  return (globalThis as Record<string, unknown>)[EXPORT_GLOBAL] as ExportedCopy | undefined;
}

/**
 * The URL of a file of the site, from its site-relative path.
 * @example siteUrl('models/miniseek/') // http://localhost:4321/models/miniseek/, or file:///…/inside-deepseek/models/miniseek/
 */
export function siteUrl(path: string): URL {
  const copy = exportedCopy();
  const root = copy ? copy.root : new URL(import.meta.env.BASE_URL.replace(/\/?$/, '/'), location.href);
  return new URL(path, root);
}

/**
 * `fetch()` for a file of the site: the network on the served site, the packed copy in the offline export.
 * @example const response = await fetchSiteFile(siteUrl('models/miniseek/config.json'))
 */
export function fetchSiteFile(url: URL): Promise<Response> {
  const copy = exportedCopy();
  return copy ? copy.fetch(url) : fetch(url);
}
