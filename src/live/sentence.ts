/** Checks a reader's sentence before MiniSeek reads it: empty, too long, or with words it does not know. */

export interface PreparedSentence {
  /** The text the model will read ('' when there is nothing to read). */
  readonly text: string;
  /** A message for the reader, or '' when the sentence is used as typed. */
  readonly notice: string;
  readonly ok: boolean;
}

/**
 * Trims, collapses whitespace and keeps at most `maxWords` words (MiniSeek reads max_position_embeddings tokens,
 * one of them <bos>). Words are split as the tokenizer does, so the count is the token count.
 * @example prepareSentence('  the keys  ', 127) // { text: 'the keys', notice: '', ok: true }
 */
export function prepareSentence(raw: string, maxWords: number, split: (text: string) => string[]): PreparedSentence {
  // Invisible characters (zero-width spaces and joiners, control characters, a byte-order mark) would become
  // "unknown words" shown as empty quotes: drop them, and say so.
  const invisible = raw.match(INVISIBLE)?.length ?? 0;
  const text = raw.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  const removed = invisible ? `${invisible === 1 ? 'An invisible character was' : `${invisible} invisible characters were`} left out.` : '';
  const join = (...parts: string[]) => parts.filter(Boolean).join(' ');
  if (!text) return { text: '', notice: join('Type a sentence for MiniSeek to read.', removed), ok: false };
  const words = split(text);
  if (words.length === 0) return { text: '', notice: join('That has no words MiniSeek can read. Try letters or numbers.', removed), ok: false };
  if (words.length <= maxWords) return { text, notice: removed, ok: true };
  return {
    text: words.slice(0, maxWords).join(' '),
    notice: join(`MiniSeek reads at most ${maxWords} words at a time; it is reading the first ${maxWords} of your ${words.length}.`, removed),
    ok: true,
  };
}

/** Control and format characters (Unicode Cc, Cf) other than the whitespace that separates words. */
const INVISIBLE = /(?![\t\n\r])[\p{Cc}\p{Cf}]/gu;

/** The longest word the notice quotes in full; longer ones are cut with an ellipsis. */
const QUOTED_MAX = 24;

/** The reader-facing note on words outside the vocabulary. */
export function unknownWordsNotice(unknown: readonly string[], vocabularySize: number): string {
  if (unknown.length === 0) return '';
  const list = unknown
    .slice(0, 8)
    .map((w) => `“${[...w].length > QUOTED_MAX ? `${[...w].slice(0, QUOTED_MAX - 1).join('')}…` : w}”`)
    .join(', ');
  const more = unknown.length > 8 ? ` and ${unknown.length - 8} more` : '';
  return `Not among MiniSeek's ${vocabularySize} words, so read as <unk>: ${list}${more}.`;
}
