import { describe, expect, it } from 'vitest';
import { splitWords } from '../model/tokenizer';
import { prepareSentence, unknownWordsNotice } from './sentence';

describe('prepareSentence', () => {
  it('tidies whitespace and keeps a short sentence as it is', () => {
    expect(prepareSentence('  the   keys\tare ', 127, splitWords)).toEqual({ text: 'the keys are', notice: '', ok: true });
  });
  it('refuses an empty or wordless sentence with a message', () => {
    expect(prepareSentence('   ', 127, splitWords)).toMatchObject({ ok: false, notice: /Type a sentence/ });
    expect(prepareSentence('   ', 127, splitWords).text).toBe('');
  });
  it('keeps the first words of a very long sentence and says so', () => {
    const long = Array.from({ length: 2000 }, (_, i) => (i % 2 ? 'keys' : 'the')).join(' ');
    const prepared = prepareSentence(long, 127, splitWords);
    expect(prepared.ok).toBe(true);
    expect(splitWords(prepared.text)).toHaveLength(127);
    expect(prepared.notice).toBe('MiniSeek reads at most 127 words at a time; it is reading the first 127 of your 2000.');
  });
});

describe('unknownWordsNotice', () => {
  it('lists unknown words, at most eight', () => {
    expect(unknownWordsNotice([], 224)).toBe('');
    expect(unknownWordsNotice(['zebra'], 224)).toBe("Not among MiniSeek's 224 words, so read as <unk>: “zebra”.");
    expect(unknownWordsNotice('abcdefghij'.split(''), 224)).toMatch(/and 2 more\.$/);
  });
});
