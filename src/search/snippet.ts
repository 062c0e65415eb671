/**
 * A result's short snippet and its highlighted words: the part of a document's text around the first word that
 * matched, cut at word boundaries, as segments the page renders as text and <mark> (never as HTML).
 */
import { processTerm } from './search-options';

export interface Segment {
  text: string;
  /** Whether this segment is a word that matched the query. */
  mark: boolean;
}

/** A word as the index cuts them; one preceded by a backslash is a TeX command, which the index leaves out. */
const WORD = /\\?[\p{L}\p{N}]+/gu;

/** The [start, end) of each word of `text` that the index would store as one of `terms`. */
function matchedWords(text: string, terms: ReadonlySet<string>): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(WORD)) {
    if (m[0].startsWith('\\')) continue;
    if (terms.has(processTerm(m[0]))) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

function segments(text: string, ranges: readonly [number, number][], offset = 0): Segment[] {
  const out: Segment[] = [];
  let at = offset;
  const end = offset + text.length;
  for (const [from, to] of ranges) {
    if (to <= offset || from >= end) continue;
    if (from > at) out.push({ text: text.slice(at - offset, from - offset), mark: false });
    out.push({ text: text.slice(Math.max(from, at) - offset, Math.min(to, end) - offset), mark: true });
    at = Math.min(to, end);
  }
  if (at < end) out.push({ text: text.slice(at - offset), mark: false });
  return out;
}

/**
 * The whole of `text`, with the words that are `terms` (as the index stores them: see processTerm) marked.
 * @example markTerms('Keys start as one latent', ['latent']) // [{text: 'Keys start as one ', mark: false}, {text: 'latent', mark: true}]
 */
export function markTerms(text: string, terms: readonly string[]): Segment[] {
  return segments(text, matchedWords(text, new Set(terms)));
}

/**
 * About `length` characters of `text` around its first matched word (`before` of them ahead of it), cut at spaces,
 * with an ellipsis where text was cut; the start of the text when no word matched (the title did).
 * @example snippet(longStepText, ['latent'], { length: 120 })
 */
export function snippet(text: string, terms: readonly string[], { length = 160, before = 50 } = {}): Segment[] {
  const ranges = matchedWords(text, new Set(terms));
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - before);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space !== -1 && space < first ? space + 1 : start;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > first ? space : end;
  }
  const out = segments(text.slice(start, end), ranges, start);
  if (start > 0) out.unshift({ text: '… ', mark: false });
  if (end < text.length) out.push({ text: ' …', mark: false });
  return out;
}
