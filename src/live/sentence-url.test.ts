import { describe, expect, it } from 'vitest';
import { splitWords } from '../model/tokenizer';
import { prepareSentence } from './sentence';
import { sentenceForLink, sentenceFromSearch, urlWithSentence } from './sentence-url';

describe('sentenceFromSearch', () => {
  it('reads s, with + and %20 as spaces and UTF-8 escapes decoded', () => {
    expect(sentenceFromSearch('?s=the+keys%20to%20the%20caf%C3%A9')).toEqual({ text: 'the keys to the café', notice: '' });
    expect(sentenceFromSearch('backend=cpu&s=the+boxes&present')).toEqual({ text: 'the boxes', notice: '' });
  });
  it('says undefined when there is no s, and empty text for an empty one', () => {
    expect(sentenceFromSearch('')).toBeUndefined();
    expect(sentenceFromSearch('?backend=cpu&sentence=x&ss=y')).toBeUndefined();
    expect(sentenceFromSearch('?s=')).toEqual({ text: '', notice: '' });
    expect(sentenceFromSearch('?s')).toEqual({ text: '', notice: '' });
  });
  it('takes the first s when there are several, and an encoded key too', () => {
    expect(sentenceFromSearch('?s=one&s=two')?.text).toBe('one');
    expect(sentenceFromSearch('?%73=encoded')?.text).toBe('encoded');
  });
  it('keeps an encoded & or = inside the sentence', () => {
    expect(sentenceFromSearch('?s=a%26b%3Dc')?.text).toBe('a&b=c');
  });
  it('never throws on malformed percent-encoding: decodes leniently and says so', () => {
    for (const bad of ['?s=the%', '?s=%zz+keys', '?s=%E2%82', '?s=%FF%FE', '?s=%D8%00']) {
      const linked = sentenceFromSearch(bad);
      expect(linked, bad).toBeDefined();
      expect(linked!.notice, bad).toMatch(/not valid percent-encoding/);
    }
    expect(sentenceFromSearch('?s=the%+keys')?.text).toBe('the% keys');
    expect(sentenceFromSearch('?s=%zz+keys')?.text).toBe('%zz keys');
    // A broken UTF-8 sequence becomes the replacement character, which MiniSeek then reads as an unknown word.
    expect(sentenceFromSearch('?s=keys+%E2%82')?.text).toBe('keys \uFFFD');
  });
  it('hands control and zero-width characters to the sentence checks, which leave them out and say so', () => {
    const linked = sentenceFromSearch('?s=the%E2%80%8B+keys%07')!;
    expect(linked.text).toBe('the\u200b keys\u0007');
    expect(prepareSentence(linked.text, 127, splitWords)).toEqual({ text: 'the keys', notice: '2 invisible characters were left out.', ok: true });
  });
});

describe('sentenceForLink', () => {
  it('carries a sentence that differs from the default, tidied', () => {
    expect(sentenceForLink('  the   boxes ', 'the keys')).toBe('the boxes');
  });
  it('leaves out the default (whitespace aside) and an empty sentence', () => {
    expect(sentenceForLink('the keys', 'the keys')).toBeUndefined();
    expect(sentenceForLink(' the  keys\n', 'the keys')).toBeUndefined();
    expect(sentenceForLink('   ', 'the keys')).toBeUndefined();
  });
});

describe('urlWithSentence', () => {
  it('adds s before the fragment, writing spaces as +', () => {
    expect(urlWithSentence('https://x.org/chapters/attention/#softmax', 'the boxes')).toBe('https://x.org/chapters/attention/?s=the+boxes#softmax');
    expect(urlWithSentence('https://x.org/chapters/attention/', 'a&b=c #d')).toBe('https://x.org/chapters/attention/?s=a%26b%3Dc+%23d');
  });
  it('replaces an existing s, keeps every other parameter as written, and removes s for undefined', () => {
    expect(urlWithSentence('https://x.org/c/?present&s=old+one&backend=cpu#keys', 'new')).toBe('https://x.org/c/?present&backend=cpu&s=new#keys');
    expect(urlWithSentence('https://x.org/c/?s=old#keys', undefined)).toBe('https://x.org/c/#keys');
    expect(urlWithSentence('https://x.org/c/?backend=cpu&s=old', undefined)).toBe('https://x.org/c/?backend=cpu');
  });
  it('works on file:// URLs of the offline copy', () => {
    const href = 'file:///home/me/inside-deepseek/chapters/attention/index.html#softmax';
    expect(urlWithSentence(href, 'the boxes')).toBe('file:///home/me/inside-deepseek/chapters/attention/index.html?s=the+boxes#softmax');
  });
  it('round-trips any sentence through sentenceFromSearch, even one with a lone surrogate', () => {
    for (const sentence of ['the keys + the boxes', '100% sure & done', 'naïve 東京 🙂', '?s=x#y']) {
      const url = new URL(urlWithSentence('https://x.org/c/#softmax', sentence));
      expect(sentenceFromSearch(url.search)).toEqual({ text: sentence, notice: '' });
      expect(url.hash).toBe('#softmax');
    }
    expect(sentenceFromSearch(new URL(urlWithSentence('https://x.org/c/', 'a \ud83d b')).search)?.text).toBe('a \uFFFD b');
  });
});
