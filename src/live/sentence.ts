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
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return { text: '', notice: 'Type a sentence for MiniSeek to read.', ok: false };
  const words = split(text);
  if (words.length === 0) return { text: '', notice: 'That has no words MiniSeek can read. Try letters or numbers.', ok: false };
  if (words.length <= maxWords) return { text, notice: '', ok: true };
  return {
    text: words.slice(0, maxWords).join(' '),
    notice: `MiniSeek reads at most ${maxWords} words at a time; it is reading the first ${maxWords} of your ${words.length}.`,
    ok: true,
  };
}

/** The reader-facing note on words outside the vocabulary. */
export function unknownWordsNotice(unknown: readonly string[], vocabularySize: number): string {
  if (unknown.length === 0) return '';
  const list = unknown.slice(0, 8).map((w) => `“${w}”`).join(', ');
  const more = unknown.length > 8 ? ` and ${unknown.length - 8} more` : '';
  return `Not among MiniSeek's ${vocabularySize} words, so read as <unk>: ${list}${more}.`;
}
