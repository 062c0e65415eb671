/** The corpus API: seeded training sentences in four families, their vocabulary, and evaluation cases. */
import { seededRandom } from '../model/random';
import {
  agreementSentence, arithmeticFact, arithmeticPrompt, descriptiveSentence, orderSentence, weighted, type AgreementSentence,
} from './grammar';
import {
  ADJECTIVES, BE, FUNCTION_WORDS, HAVE, INTRANSITIVE, MODIFIER_PREPOSITIONS, NAMES, NEUTRAL_DETERMINERS, NOUNS, NUMBER_WORDS,
  OPERATORS, PAST_TRANSITIVE, PLURAL_DETERMINERS, PUNCTUATION, RELATIONS, SINGULAR_DETERMINERS, TRANSITIVE, WAS,
} from './lexicon';

/** What a sentence is there to teach: agreement across words, order, arithmetic facts, or plain description. */
export type Family = 'agreement' | 'order' | 'arithmetic' | 'descriptive';

/** The mix of families; agreement gets the most because it is the mechanism the course probes most. */
export const FAMILY_WEIGHTS: Readonly<Record<Family, number>> = { agreement: 0.4, order: 0.2, arithmetic: 0.2, descriptive: 0.2 };

const FAMILIES = Object.keys(FAMILY_WEIGHTS) as Family[];

/** The most words an agreement sentence can put between subject and verb: a five-word relative clause and two four-word phrases. */
export const MAX_INTERVENING = 13;

export interface CorpusOptions {
  seed: number;
  sentences: number;
}

export interface LabelledSentence {
  family: Family;
  text: string;
}

/**
 * Sentences with their family, reproducible from the seed.
 * @example generateLabelledSentences({ seed: 1, sentences: 2 }) // e.g. [{ family: 'arithmetic', text: 'three plus four is seven .' }, …]
 */
export function generateLabelledSentences(options: CorpusOptions): LabelledSentence[] {
  const count = checkCount('sentences', options.sentences);
  const rand = seededRandom(checkSeed(options.seed));
  const weights = FAMILIES.map((f) => FAMILY_WEIGHTS[f]);
  const out: LabelledSentence[] = [];
  for (let i = 0; i < count; i++) {
    const family = FAMILIES[weighted(rand, weights)]!;
    const words =
      family === 'agreement' ? agreementSentence(rand).words
      : family === 'order' ? orderSentence(rand)
      : family === 'arithmetic' ? arithmeticSentence(rand)
      : descriptiveSentence(rand);
    out.push({ family, text: words.join(' ') });
  }
  return out;
}

/**
 * Training text: one sentence (or short exchange) per entry, words and punctuation separated by spaces.
 * @example generateSentences({ seed: 1, sentences: 1000 }).length // 1000, identical on every run
 */
export function generateSentences(options: CorpusOptions): string[] {
  return generateLabelledSentences(options).map((s) => s.text);
}

let vocabulary: string[] | undefined;

/**
 * Every word and punctuation mark the generator can emit, sorted, for building the tokenizer.
 * @example WordTokenizer.fromWords(corpusVocabulary())
 */
export function corpusVocabulary(): string[] {
  vocabulary ??= [
    ...new Set([
      ...NOUNS.flatMap((n) => [n.sg, n.pl, ...n.at]),
      ...ADJECTIVES.map((a) => a.word),
      ...[BE, WAS, HAVE, ...INTRANSITIVE, ...TRANSITIVE].flatMap((v) => [v.sg, v.pl]),
      ...PAST_TRANSITIVE.map((v) => v.word),
      ...NEUTRAL_DETERMINERS, ...SINGULAR_DETERMINERS, ...PLURAL_DETERMINERS, ...MODIFIER_PREPOSITIONS,
      ...NUMBER_WORDS, ...NAMES, ...OPERATORS, ...FUNCTION_WORDS, ...PUNCTUATION,
      ...RELATIONS.flatMap((r) => [...r.words, ...r.converse]),
    ]),
  ].sort();
  return [...vocabulary];
}

/** A subject-verb agreement probe: the model should rank `correct` above `wrong` after `prompt`. */
export interface AgreementCase {
  prompt: string;
  correct: string;
  wrong: string;
  /** Words between the subject noun and the verb. */
  intervening: number;
}

/**
 * Agreement probes whose prompts stop right before the verb.
 * @example agreementCases({ seed: 9, count: 1, minIntervening: 4 }) // e.g. [{ prompt: 'the keys to the old cabinet', correct: 'are', wrong: 'is', intervening: 4 }]
 */
export function agreementCases(options: { seed: number; count: number; minIntervening?: number }): AgreementCase[] {
  const count = checkCount('count', options.count);
  const min = options.minIntervening ?? 0;
  if (!Number.isInteger(min) || min < 0 || min > MAX_INTERVENING) {
    throw new Error(`agreementCases: minIntervening must be an integer 0..${MAX_INTERVENING}, got ${min}`);
  }
  const rand = seededRandom(checkSeed(options.seed));
  const cases: AgreementCase[] = [];
  // Rejection sampling keeps the distribution of sentence shapes the same as in training, only longer.
  for (let tries = 0; cases.length < count; tries++) {
    if (tries > 10_000 + count * 50_000) throw new Error(`agreementCases: too few sentences reach ${min} intervening words`);
    const s = agreementSentence(rand);
    if (s.verb - s.subject - 1 >= min) cases.push(toCase(s));
  }
  return cases;
}

function toCase(s: AgreementSentence): AgreementCase {
  const verb = s.words[s.verb]!;
  const pair = [BE, WAS, HAVE, ...INTRANSITIVE, ...TRANSITIVE].find((v) => v.sg === verb || v.pl === verb);
  if (!pair) throw new Error(`agreementCases: "${verb}" is not an agreeing verb`);
  return {
    prompt: s.words.slice(0, s.verb).join(' '),
    correct: s.plural ? pair.pl : pair.sg,
    wrong: s.plural ? pair.sg : pair.pl,
    intervening: s.verb - s.subject - 1,
  };
}

/** An arithmetic probe: the model should continue `prompt` with `answer`. */
export interface ArithmeticCase {
  prompt: string;
  answer: string;
}

/**
 * Arithmetic probes: "three plus four is" → "seven".
 * @example arithmeticCases({ seed: 5, count: 1 }) // e.g. [{ prompt: 'nine minus two is', answer: 'seven' }]
 */
export function arithmeticCases(options: { seed: number; count: number }): ArithmeticCase[] {
  const count = checkCount('count', options.count);
  const rand = seededRandom(checkSeed(options.seed));
  return Array.from({ length: count }, () => {
    const fact = arithmeticFact(rand);
    return { prompt: arithmeticPrompt(fact).join(' '), answer: NUMBER_WORDS[fact.result]! };
  });
}

function arithmeticSentence(rand: () => number): string[] {
  const fact = arithmeticFact(rand);
  return [...arithmeticPrompt(fact), NUMBER_WORDS[fact.result]!, '.'];
}

function checkCount(name: string, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`corpus: ${name} must be a whole number ≥ 0, got ${n}`);
  return n;
}

function checkSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new Error(`corpus: seed must be a finite number, got ${seed}`);
  return seed;
}
