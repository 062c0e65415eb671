import { describe, expect, it } from 'vitest';
import { seededRandom } from '../model/random';
import { WordTokenizer } from '../model/tokenizer';
import {
  agreementCases, arithmeticCases, corpusVocabulary, FAMILY_WEIGHTS, generateLabelledSentences, generateSentences, MAX_INTERVENING,
  type Family,
} from './corpus';
import { agreementSentence } from './grammar';
import { BE, HAVE, INTRANSITIVE, NOUNS, NUMBER_WORDS, RELATIONS, TRANSITIVE, WAS } from './lexicon';

// Parsing aids built from the lexicon, so the checks below read the text back rather than trusting the generator.
const NOUN_PLURAL = new Map(NOUNS.flatMap((n) => [[n.sg, false], [n.pl, true]] as const));
const VERB_PAIRS = [BE, WAS, HAVE, ...INTRANSITIVE, ...TRANSITIVE];
const number = (word: string | undefined) => NUMBER_WORDS.indexOf(word as (typeof NUMBER_WORDS)[number]);

const corpus = generateLabelledSentences({ seed: 7, sentences: 20_000 });
const ofFamily = (family: Family) => corpus.filter((s) => s.family === family).map((s) => s.text);

describe('generateSentences', () => {
  it('is reproducible from the seed and changes with it', () => {
    const a = generateSentences({ seed: 42, sentences: 200 });
    expect(generateSentences({ seed: 42, sentences: 200 })).toEqual(a);
    expect(generateSentences({ seed: 43, sentences: 200 })).not.toEqual(a);
    expect(a).toHaveLength(200);
    expect(generateSentences({ seed: 42, sentences: 0 })).toEqual([]);
  });

  it('refuses bad options', () => {
    expect(() => generateSentences({ seed: 1, sentences: -1 })).toThrow('corpus: sentences must be a whole number ≥ 0, got -1');
    expect(() => generateSentences({ seed: 1, sentences: 2.5 })).toThrow('got 2.5');
    expect(() => generateSentences({ seed: NaN, sentences: 1 })).toThrow('corpus: seed must be a finite number, got NaN');
  });

  it('mixes the four families in roughly the planned proportions', () => {
    for (const [family, weight] of Object.entries(FAMILY_WEIGHTS) as [Family, number][]) {
      expect(ofFamily(family).length / corpus.length, family).toBeCloseTo(weight, 1);
    }
  });

  it('writes lower-case words and punctuation separated by single spaces, ending each entry with a full stop', () => {
    for (const { text } of corpus.slice(0, 2000)) {
      expect(text).toMatch(/^[a-z]+( ([a-z]+|[.,?]))* \.$/);
    }
  });
});

describe('corpusVocabulary', () => {
  const vocabulary = corpusVocabulary();

  it('has between 150 and 400 sorted, distinct entries', () => {
    expect(vocabulary.length).toBeGreaterThanOrEqual(150);
    expect(vocabulary.length).toBeLessThanOrEqual(400);
    expect([...vocabulary].sort()).toEqual(vocabulary);
    expect(new Set(vocabulary).size).toBe(vocabulary.length);
    expect(vocabulary).toEqual(expect.arrayContaining(['.', ',', '?', 'zero', 'twenty', 'mouse', 'mice', 'is', 'are']));
  });

  it('covers every word the generator emits, and the generator uses every word', () => {
    const emitted = new Set(corpus.flatMap((s) => s.text.split(' ')));
    expect([...emitted].filter((w) => !vocabulary.includes(w))).toEqual([]);
    expect(vocabulary.filter((w) => !emitted.has(w))).toEqual([]);
  });

  it('gives a tokenizer that encodes the corpus with one token per word and no <unk>', () => {
    const tok = WordTokenizer.fromWords(vocabulary);
    for (const { text } of corpus.slice(0, 2000)) {
      const e = tok.encode(text);
      expect(e.unknown).toEqual([]);
      expect(e.tokens).toEqual(text.split(' '));
    }
  });
});

describe('agreement', () => {
  it('makes the verb agree with the subject noun, by construction', () => {
    const rand = seededRandom(11);
    for (let i = 0; i < 3000; i++) {
      const s = agreementSentence(rand);
      expect(NOUN_PLURAL.get(s.words[s.subject]!)).toBe(s.plural);
      const verb = s.words[s.verb]!;
      expect(VERB_PAIRS.some((p) => (s.plural ? p.pl : p.sg) === verb), s.words.join(' ')).toBe(true);
      const between = s.words.slice(s.subject + 1, s.verb).filter((w) => NOUN_PLURAL.has(w));
      expect(between.map((w) => NOUN_PLURAL.get(w))).toEqual(s.attractors);
    }
  });

  it('builds cases whose correct verb agrees with the subject noun read from the prompt', () => {
    for (const c of agreementCases({ seed: 3, count: 2000 })) {
      const words = c.prompt.split(' ');
      const subject = words[words.length - c.intervening - 1]!;
      const plural = NOUN_PLURAL.get(subject);
      expect(plural, c.prompt).toBeDefined();
      const pair = VERB_PAIRS.find((p) => p.sg === c.correct || p.pl === c.correct)!;
      expect(c.correct).toBe(plural ? pair.pl : pair.sg);
      expect(c.wrong).toBe(plural ? pair.sg : pair.pl);
    }
  });

  it('puts an attractor of the opposite number in at least 40% of cases with two or more intervening words', () => {
    const cases = agreementCases({ seed: 5, count: 2000, minIntervening: 2 });
    const opposed = cases.filter((c) => {
      const words = c.prompt.split(' ');
      const plural = NOUN_PLURAL.get(words[words.length - c.intervening - 1]!);
      return words.slice(words.length - c.intervening).some((w) => NOUN_PLURAL.has(w) && NOUN_PLURAL.get(w) !== plural);
    });
    expect(opposed.length / cases.length).toBeGreaterThanOrEqual(0.4);
  });

  it('stops each prompt right before the verb, with no verb of its own that agrees', () => {
    const verbs = new Set(VERB_PAIRS.flatMap((p) => [p.sg, p.pl]));
    for (const c of agreementCases({ seed: 1, count: 500 })) {
      expect(c.prompt.split(' ').filter((w) => verbs.has(w) || w === '.'), c.prompt).toEqual([]);
    }
  });

  it('respects minIntervening, up to the longest sentence the grammar makes', () => {
    for (const min of [0, 4, 8, MAX_INTERVENING]) {
      const cases = agreementCases({ seed: 2, count: 50, minIntervening: min });
      expect(cases).toHaveLength(50);
      expect(cases.every((c) => c.intervening >= min)).toBe(true);
    }
    expect(agreementCases({ seed: 2, count: 500 }).some((c) => c.intervening === 0)).toBe(true);
    expect(agreementCases({ seed: 2, count: 50 })).toEqual(agreementCases({ seed: 2, count: 50 }));
    expect(() => agreementCases({ seed: 2, count: 1, minIntervening: MAX_INTERVENING + 1 })).toThrow(`minIntervening must be an integer 0..${MAX_INTERVENING}`);
    expect(() => agreementCases({ seed: 2, count: 1, minIntervening: -1 })).toThrow('got -1');
  });
});

describe('arithmetic', () => {
  const check = (a: string | undefined, op: string | undefined, b: string | undefined, result: string | undefined) => {
    const [x, y, z] = [number(a), number(b), number(result)];
    expect(Math.min(x, y, z), `${a} ${op} ${b} is ${result}`).toBeGreaterThanOrEqual(0);
    expect(op === 'plus' ? x + y : op === 'minus' ? x - y : NaN, `${a} ${op} ${b} is ${result}`).toBe(z);
  };

  it('states only true facts in the corpus, within zero … twenty', () => {
    const facts = ofFamily('arithmetic');
    expect(facts.length).toBeGreaterThan(1000);
    for (const text of facts) {
      const [a, op, b, is, result, stop, ...rest] = text.split(' ');
      expect([is, stop, rest.length]).toEqual(['is', '.', 0]);
      check(a, op, b, result);
    }
  });

  it('builds cases whose answer is the right number word', () => {
    const cases = arithmeticCases({ seed: 8, count: 500 });
    expect(cases).toHaveLength(500);
    for (const c of cases) {
      const [a, op, b, is] = c.prompt.split(' ');
      expect(is).toBe('is');
      check(a, op, b, c.answer);
    }
    expect(new Set(cases.map((c) => c.prompt.split(' ')[1]))).toEqual(new Set(['plus', 'minus']));
    expect(arithmeticCases({ seed: 8, count: 20 })).toEqual(cases.slice(0, 20));
  });
});

describe('word order', () => {
  const sentences = ofFamily('order');

  it('gives the thing to whoever received or took it', () => {
    const transfers = sentences.filter((t) => / (gave|took) /.test(t));
    expect(transfers.length).toBeGreaterThan(500);
    for (const text of transfers) {
      const [fact = '', rest = ''] = text.split(' . ', 2);
      const w = fact.split(' ');
      // "a gave the x to b" | "a gave b the x" | "a took the x from b"
      const owner = w[1] === 'took' ? w[0] : w[2] === 'the' ? w[5] : w[2];
      const claims = [...rest.matchAll(/(\w+) has the/g)].map((m) => m[1]).filter((who) => who !== 'who');
      const answer = rest.match(/^who has the \w+ \? (\w+) \.$/)?.[1];
      const owners = [...claims, answer].filter(Boolean);
      expect(owners, text).not.toHaveLength(0);
      for (const who of owners) expect(who, text).toBe(owner);
      // "does a have the x ? no , …" only ever asks about the one who does not have it.
      const asked = rest.match(/^does (\w+) have/)?.[1];
      if (asked) {
        expect(asked, text).not.toBe(owner);
        expect(w, text).toContain(asked);
      }
    }
  });

  it('swaps the two sides when it states the converse relation', () => {
    const converse = new Map(RELATIONS.map((r) => [r.words.join(' '), r.converse.join(' ')]));
    const sides = /^(the \w+|\w+) is (.+?) (the \w+|\w+) \. so (the \w+|\w+) is (.+?) (the \w+|\w+) \.$/;
    const so = sentences.filter((t) => t.includes(' so '));
    expect(so.length).toBeGreaterThan(300);
    for (const text of so) {
      const [, x, rel, y, y2, conv, x2] = text.match(sides) ?? [];
      expect([y2, x2, conv], text).toEqual([y, x, converse.get(rel!)]);
    }
  });
});
