/**
 * Loads the search index the build wrote (`search-index.js`) by adding a classic <script src> to the page, once. A
 * script, not fetch(): a page opened from file:// may load a neighbouring script but not fetch it, so the served site
 * and the offline copy take the same path (and the site's policy allows scripts from 'self').
 */
import { siteUrl } from '../offline/site-files';
import { SEARCH_INDEX_FILE, SEARCH_INDEX_GLOBAL } from './search-options';

let loading: Promise<string> | undefined;

/**
 * The index's JSON, for MiniSearch.loadJSON; a failed load is forgotten, so the next search tries again.
 * @example const search = courseSearch(await loadSearchIndex())
 */
export function loadSearchIndex(doc: Document = document): Promise<string> {
  loading ??= new Promise<string>((resolve, reject) => {
    const global = globalThis as unknown as Record<string, unknown>;
    const take = () => {
      const json = global[SEARCH_INDEX_GLOBAL];
      if (typeof json !== 'string') return reject(new Error(`${SEARCH_INDEX_FILE} did not define the search index`));
      delete global[SEARCH_INDEX_GLOBAL]; // the parsed index is all that is kept
      resolve(json);
    };
    const script = doc.createElement('script');
    script.src = siteUrl(SEARCH_INDEX_FILE).href;
    script.onload = take;
    script.onerror = () => reject(new Error(`${script.src} could not be loaded`));
    doc.head.append(script);
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
