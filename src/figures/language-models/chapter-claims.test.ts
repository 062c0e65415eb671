/** Claims of the language-models chapter's prose that are not computed in its MDX, checked against the checkpoint. */
import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { SPECIAL_TOKENS } from '../../model/tokenizer';
import { corpusVocabulary } from '../../corpus/corpus';

describe('the language-models chapter', () => {
  const { tokenizer } = loadModelDir();

  it('suggests “zebra” as a word the vocabulary lacks', () => {
    expect(tokenizer.idOf('zebra')).toBeUndefined();
    expect(tokenizer.encode('the zebra', { bos: true }).unknown).toEqual(['zebra']);
  });

  it('says the vocabulary is the special tokens and then exactly the corpus generator’s words', () => {
    const words = new Set(corpusVocabulary().map((w) => w.toLowerCase()));
    expect(tokenizer.size).toBe(SPECIAL_TOKENS.length + words.size);
    SPECIAL_TOKENS.forEach((s, i) => expect(tokenizer.idOf(s)).toBe(i));
  });
});
