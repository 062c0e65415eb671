/**
 * The search index's shape and MiniSearch settings, shared by the build (which writes the index) and the browser
 * (which loads it): MiniSearch.loadJSON needs the very options the index was built with, or terms stop matching.
 */
import type { Options, SearchOptions } from 'minisearch';

/** One searchable place in the course: a chapter's top, a section of prose under a heading, or a step. */
export interface SearchDocument {
  /** Unique in the index: `<slug>#<anchor>` (`<slug>#` for the chapter's top). */
  id: string;
  /** The chapter's slug, as in `/chapters/<slug>/`. */
  slug: string;
  /** The element id the result links to (a step's id, a heading's id), or '' for the chapter's top. */
  anchor: string;
  kind: 'chapter' | 'section' | 'step';
  /** The chapter's title, shown above every result from that chapter. */
  chapter: string;
  /** The step's title, the heading's text, or (for the chapter's top) the chapter's title. */
  title: string;
  /** The prose, with each formula written as its TeX source between `$…$`. */
  text: string;
  /** TeX of the equations the step's figure shows (first step of a scroll container only), space-separated. */
  math: string;
}

/** The index file, at the site's root: a classic script, loaded with <script src> so it works from file:// too. */
export const SEARCH_INDEX_FILE = 'search-index.js';

/** The global the index file assigns: MiniSearch's JSON, as a string, ready for MiniSearch.loadJSON. */
export const SEARCH_INDEX_GLOBAL = '__insideDeepseekSearchIndex';

/** TeX commands (`\frac`, `\operatorname`) and environment names (`\begin{pmatrix}`) are markup, not words a reader searches for. */
const TEX_COMMAND = /\\(?:begin|end)\{[a-zA-Z*]*\}|\\[a-zA-Z]+/g;
/** Words are runs of letters and digits: `c^{KV}` is "c" and "KV", `key–value` is "key" and "value". */
const NOT_WORD = /[^\p{L}\p{N}]+/u;
/** Accents are folded so "Sätteri" and "satteri" meet; combining marks left by NFD decomposition. */
const COMBINING = /[\u0300-\u036f]/g;

/**
 * Splits a field's text into words. TeX command names are dropped; their arguments stay (`\term{softmax}{…}` gives
 * "softmax").
 * @example tokenize('W^{DKV} h_t, the key–value cache') // ['W', 'DKV', 'h', 't', 'the', 'key', 'value', 'cache']
 */
export function tokenize(text: string): string[] {
  return text.replace(TEX_COMMAND, ' ').split(NOT_WORD).filter((word) => word !== '');
}

/**
 * One word as the index stores it: lower case, accents folded.
 * @example processTerm('Sätteri') === 'satteri'
 */
export function processTerm(term: string): string {
  return term.normalize('NFD').replace(COMBINING, '').toLowerCase();
}

/** The fields searched, the fields stored for showing a result, and the word handling above. */
export const INDEX_OPTIONS: Options<SearchDocument> = {
  fields: ['title', 'text', 'math'],
  storeFields: ['slug', 'anchor', 'kind', 'chapter', 'title', 'text', 'math'],
  tokenize,
  processTerm,
};

/**
 * How a reader's query is matched: every word must occur (AND), the last word as a prefix, since results show while
 * the reader types, and longer words forgive one typo; a title match counts three times a prose match.
 */
export const QUERY_OPTIONS: SearchOptions = {
  combineWith: 'AND',
  prefix: (_term, index, terms) => index === terms.length - 1,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  boost: { title: 3, text: 1, math: 1 },
};
