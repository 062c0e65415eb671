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

describe('invisible characters', () => {
  it('leaves out zero-width and control characters and says how many', () => {
    const prepared = prepareSentence('the\u200b keys\u0007 are\ufeff', 127, splitWords);
    expect(prepared).toEqual({ text: 'the keys are', notice: '3 invisible characters were left out.', ok: true });
    expect(splitWords(prepared.text)).toEqual(['the', 'keys', 'are']);
    expect(prepareSentence('\u200b\u200d', 127, splitWords)).toEqual({
      text: '',
      notice: 'Type a sentence for MiniSeek to read. 2 invisible characters were left out.',
      ok: false,
    });
    expect(prepareSentence('a\tb', 127, splitWords).notice).toBe('');
  });
});

describe('unknownWordsNotice', () => {
  it('shortens a very long unknown word with an ellipsis', () => {
    const word = 'x'.repeat(100_000);
    const notice = unknownWordsNotice([word], 224);
    expect(notice.length).toBeLessThan(80);
    expect(notice).toContain(`“${'x'.repeat(23)}…”`);
  });

  it('lists unknown words, at most eight', () => {
    expect(unknownWordsNotice([], 224)).toBe('');
    expect(unknownWordsNotice(['zebra'], 224)).toBe("Not among MiniSeek's 224 words, so read as <unk>: “zebra”.");
    expect(unknownWordsNotice('abcdefghij'.split(''), 224)).toMatch(/and 2 more\.$/);
  });
});
