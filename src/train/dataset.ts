/** Turns generated sentences into MiniSeek's tokenizer and training token stream. */
import { corpusVocabulary, generateSentences } from '../corpus/corpus';
import { seededRandom } from '../model/random';
import { WordTokenizer } from '../model/tokenizer';

/** The tokenizer: special tokens, then every word the corpus generator can emit. */
export function corpusTokenizer(): WordTokenizer {
  return WordTokenizer.fromWords(corpusVocabulary());
}

/**
 * Sentences grouped into short documents, each `<bos> s₁ s₂ … <eos>`, concatenated into one id stream, so
 * that the model learns to start from <bos> (every prompt begins with it) and to carry context across sentences.
 * @example tokenStream(tokenizer, { seed: 1, sentences: 1000 })
 */
export function tokenStream(tokenizer: WordTokenizer, options: { seed: number; sentences: number }): Int32Array {
  const sentences = generateSentences(options);
  const rand = seededRandom(options.seed ^ 0x5eed);
  const ids: number[] = [];
  let i = 0;
  while (i < sentences.length) {
    const length = 1 + Math.floor(rand() * 6);
    ids.push(tokenizer.bosId);
    for (const sentence of sentences.slice(i, i + length)) {
      const encoded = tokenizer.encode(sentence);
      if (encoded.unknown.length) throw new Error(`corpus: the tokenizer lacks ${encoded.unknown.join(', ')}`);
      ids.push(...encoded.ids);
    }
    ids.push(tokenizer.eosId);
    i += length;
  }
  return Int32Array.from(ids);
}
