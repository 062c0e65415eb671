/**
 * The search index as the site ships it: MiniSearch's index of every chapter's documents, serialized at build time and
 * wrapped in a classic script that assigns it to a global. A page loads it with <script src> when the reader first
 * searches; that works from file:// too, where fetch() of a neighbouring file does not.
 */
import MiniSearch from 'minisearch';
import { INDEX_OPTIONS, SEARCH_INDEX_GLOBAL, type SearchDocument } from './search-options';

/**
 * @example writeFileSync('dist/search-index.js', indexScript(documents))
 */
export function indexScript(documents: readonly SearchDocument[]): string {
  const search = new MiniSearch<SearchDocument>(INDEX_OPTIONS);
  search.addAll(documents);
  // A string literal, not an object literal: MiniSearch.loadJSON takes the JSON text, and parsing JSON is faster
  // than parsing the same data as JavaScript.
  return `self.${SEARCH_INDEX_GLOBAL}=${JSON.stringify(JSON.stringify(search))};\n`;
}
