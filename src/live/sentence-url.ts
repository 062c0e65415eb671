/**
 * Links that carry the reader's sentence: `?s=<sentence>` on a chapter's URL. Pure string work, kept apart from the
 * page so it can be tested in Node; the checks of the sentence itself (empty, too long, unknown or invisible
 * characters) stay in sentence.ts, so a link's sentence gets the same messages as one typed into the field.
 */

/** The query parameter that carries the sentence. */
export const SENTENCE_PARAM = 's';

export interface LinkedSentence {
  /** The sentence as the link spells it, decoded ('' for `?s=` with nothing after it). */
  readonly text: string;
  /** What the reader should know about the link itself (malformed percent-encoding), or ''. */
  readonly notice: string;
}

/**
 * The sentence a URL's query carries, or undefined when it carries none. `+` reads as a space, as in forms. Never
 * throws: a value whose percent-encoding is malformed (`%E2%8`, `%zz`) is decoded leniently, as the browser's own
 * URLSearchParams does (a broken escape stays as written, a broken UTF-8 sequence becomes U+FFFD), and the notice
 * says so, so the reader learns why a word looks odd instead of meeting an error.
 * @example sentenceFromSearch('?s=the+keys%20are') // { text: 'the keys are', notice: '' }
 */
export function sentenceFromSearch(search: string): LinkedSentence | undefined {
  for (const part of search.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    if (lenientDecode(rawKey) !== SENTENCE_PARAM) continue;
    const raw = (eq < 0 ? '' : part.slice(eq + 1)).replace(/\+/g, ' ');
    try {
      return { text: decodeURIComponent(raw), notice: '' };
    } catch {
      return {
        text: lenientDecode(raw),
        notice: 'Part of the link’s sentence was not valid percent-encoding, so it is read as it was written.',
      };
    }
  }
  return undefined;
}

/** The form decoder's reading of a query component (it never throws). */
function lenientDecode(component: string): string {
  return new URLSearchParams(`x=${component.replace(/&/g, '%26')}`).get('x') ?? '';
}

/** encodeURIComponent throws on a lone surrogate (half an emoji); it becomes U+FFFD, as the decoder would make it. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Whitespace-insensitive form of a sentence, for deciding whether it is the page's own. */
function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The sentence a copied link should carry: the reader's, tidied, when it differs from the page's default;
 * undefined when it is the default (or empty), so that links to the default stay short and follow the page if its
 * default ever changes.
 * @example sentenceForLink('the  boxes ', 'the keys') // 'the boxes'
 * @example sentenceForLink('the keys', 'the keys') // undefined
 */
export function sentenceForLink(current: string, defaultText: string): string | undefined {
  const text = tidy(current);
  return text && text !== tidy(defaultText) ? text : undefined;
}

/**
 * `href` with its `s` parameter set to `sentence`, or removed when `sentence` is undefined. Every other parameter
 * (`?backend=cpu`, `?present`) is kept exactly as written, and so is the fragment (#step), which stays last. Works on
 * file:// URLs too. Spaces are written as `+`, which reads better in a link than `%20`.
 * @example urlWithSentence('https://x/chapters/attention/?backend=cpu#softmax', 'the boxes')
 *   // 'https://x/chapters/attention/?backend=cpu&s=the+boxes#softmax'
 */
export function urlWithSentence(href: string, sentence: string | undefined): string {
  const hashAt = href.indexOf('#');
  const hash = hashAt < 0 ? '' : href.slice(hashAt);
  const beforeHash = hashAt < 0 ? href : href.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? '' : beforeHash.slice(queryAt + 1);
  const kept = query.split('&').filter((part) => part !== '' && lenientDecode(part.split('=')[0]!) !== SENTENCE_PARAM);
  if (sentence !== undefined) kept.push(`${SENTENCE_PARAM}=${encodeURIComponent(wellFormed(sentence)).replace(/%20/g, '+')}`);
  return `${base}${kept.length ? `?${kept.join('&')}` : ''}${hash}`;
}
