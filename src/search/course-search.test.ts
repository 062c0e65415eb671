import { describe, expect, it } from 'vitest';
import { courseSearch, MAX_RESULTS } from './course-search';
import { indexScript } from './index-script';
import { processTerm, SEARCH_INDEX_GLOBAL, tokenize, type SearchDocument } from './search-options';

const doc = (slug: string, anchor: string, kind: SearchDocument['kind'], title: string, text: string, math = ''): SearchDocument => ({
  id: `${slug}#${anchor}`,
  slug,
  anchor,
  kind,
  chapter: slug === 'mla' ? 'Multi-head latent attention' : 'Attention',
  title,
  text,
  math,
});

const documents = [
  doc('mla', '', 'chapter', 'Multi-head latent attention', 'How DeepSeek shrinks the key–value cache.'),
  doc('mla', 'latent', 'step', 'Keys and values start as one latent', 'A down-projection $W^{DKV}$ makes a short vector.', '{c_t^{KV}} = h_t W^{DKV}'),
  doc('mla', 'cache', 'step', 'What the cache stores', 'Only the latent and the RoPE key.'),
  doc('attention', 'softmax', 'step', 'Softmax: scores become weights', 'The exponential makes every weight positive.', '\\operatorname{softmax}(QK^\\top)'),
];

/** The index as a page receives it: run the script the build writes, read the global it sets. */
function loadedIndex(docs: readonly SearchDocument[]): string {
  const script = indexScript(docs);
  const self: Record<string, unknown> = {};
  new Function('self', script)(self);
  return self[SEARCH_INDEX_GLOBAL] as string;
}

describe('the index script', () => {
  it('assigns the serialized index to the global, as a string for MiniSearch.loadJSON', () => {
    const script = indexScript(documents);
    expect(script).toMatch(new RegExp(`^self\\.${SEARCH_INDEX_GLOBAL}="`));
    expect(typeof loadedIndex(documents)).toBe('string');
  });
});

describe('courseSearch', () => {
  const answer = courseSearch(loadedIndex(documents));
  const search = (query: string) => answer(query).hits;

  it('finds the chapter and its steps for "latent", title matches first', () => {
    const hits = search('latent');
    expect(hits.map((h) => `${h.slug}#${h.anchor}`)).toEqual(expect.arrayContaining(['mla#', 'mla#latent', 'mla#cache']));
    expect(hits[0]!.kind === 'chapter' || hits[0]!.anchor === 'latent').toBe(true);
    expect(hits.find((h) => h.anchor === 'latent')!.title).toContainEqual({ text: 'latent', mark: true });
  });

  it('finds the text of equations, and snippets from them when only they matched', () => {
    const hits = search('softmax');
    expect(hits[0]!.anchor).toBe('softmax');
    expect(search('DKV').map((h) => h.anchor)).toEqual(['latent']);
    const qk = search('QK');
    expect(qk.map((h) => h.anchor)).toEqual(['softmax']);
    expect(qk[0]!.snippet).toContainEqual({ text: 'QK', mark: true });
  });

  it('matches the last word as a prefix while the reader types, and all words together', () => {
    expect(search('lat').map((h) => h.anchor)).toContain('latent');
    expect(search('rope key').map((h) => h.anchor)).toEqual(['cache']);
    expect(search('rope softmax')).toEqual([]);
  });

  it('forgives a typo in a longer word', () => {
    expect(search('exponental').map((h) => h.anchor)).toEqual(['softmax']);
  });

  it('ignores queries shorter than two letters and caps the list', () => {
    expect(answer('l')).toEqual({ hits: [], total: 0 });
    expect(answer('  ')).toEqual({ hits: [], total: 0 });
    const many = Array.from({ length: 30 }, (_, i) => doc('mla', `s${i}`, 'step', `Step ${i}`, 'latent'));
    const { hits, total } = courseSearch(loadedIndex(many))('latent');
    expect(hits).toHaveLength(MAX_RESULTS);
    expect(total).toBe(30);
  });
});

describe('words', () => {
  it('drops TeX command names and splits at anything not a letter or digit', () => {
    expect(tokenize('\\operatorname{softmax}(QK^\\top) key–value d_c')).toEqual(['softmax', 'QK', 'key', 'value', 'd', 'c']);
    expect(tokenize('\\begin{pmatrix} a \\end{pmatrix}')).toEqual(['a']);
  });
  it('folds case and accents', () => {
    expect(processTerm('Sätteri')).toBe('satteri');
  });
});
