/**
 * Searching the loaded index: a reader's query in, results out, each with the link target, the chapter, the title and
 * a snippet whose matched words are marked. No DOM here, so the ranking and the snippets are unit-tested.
 */
import MiniSearch from 'minisearch';
import { INDEX_OPTIONS, QUERY_OPTIONS, type SearchDocument } from './search-options';
import { markTerms, snippet, type Segment } from './snippet';

export interface SearchHit {
  slug: string;
  /** The id to link to in the chapter's page ('' for the chapter's top). */
  anchor: string;
  kind: SearchDocument['kind'];
  chapter: string;
  title: Segment[];
  snippet: Segment[];
}

/** Fewer than this many letters match too much to be useful while typing. */
export const MIN_QUERY_LENGTH = 2;
/** More results than fit in the panel are never read; a more precise query is the answer. */
export const MAX_RESULTS = 20;

type Stored = Omit<SearchDocument, 'id'>;

export interface SearchAnswer {
  /** The best results, at most MAX_RESULTS. */
  hits: SearchHit[];
  /** How many places matched in all. */
  total: number;
}

/**
 * @param indexJson the index as the build serialized it (see index-script.ts)
 * @example const search = courseSearch(json); search('latent').hits[0].anchor
 */
export function courseSearch(indexJson: string): (query: string) => SearchAnswer {
  const index = MiniSearch.loadJSON<SearchDocument>(indexJson, INDEX_OPTIONS);
  return (query) => {
    if (query.trim().length < MIN_QUERY_LENGTH) return { hits: [], total: 0 };
    const results = index.search(query, QUERY_OPTIONS);
    const hits = results
      .slice(0, MAX_RESULTS)
      .map((result) => {
        const doc = result as unknown as Stored & typeof result;
        const fields = new Set(Object.values(result.match).flat());
        // The snippet comes from the prose where the prose matched, else from the figure's equations, else the
        // prose's start (only the title matched).
        const source = !fields.has('text') && fields.has('math') ? doc.math : doc.text;
        return {
          slug: doc.slug,
          anchor: doc.anchor,
          kind: doc.kind,
          chapter: doc.chapter,
          title: markTerms(doc.title, result.terms),
          snippet: snippet(source, result.terms),
        };
      });
    return { hits, total: results.length };
  };
}
