/**
 * Word classes of the corpus's vocabulary, read from the lexicon's own lists, so an expert's tokens can be
 * described as "mostly nouns" with a definition a test can check. First match wins, in CLASS_ORDER's order of
 * precedence below (number words are also determiners: "three boxes" counts "three" as a number).
 */
import {
  ADJECTIVES, BE, HAVE, INTRANSITIVE, MODIFIER_PREPOSITIONS, NAMES, NEUTRAL_DETERMINERS, NOUNS, NUMBER_WORDS,
  PAST_TRANSITIVE, PLURAL_DETERMINERS, PUNCTUATION, RELATIONS, SINGULAR_DETERMINERS, TRANSITIVE, WAS,
} from '../../corpus/lexicon';

export const WORD_CLASSES = ['noun', 'verb', 'adjective', 'determiner', 'preposition', 'number', 'name', 'punctuation', 'other'] as const;
export type WordClass = (typeof WORD_CLASSES)[number];

/** Relation words that read as prepositions ("above the box") or comparatives ("bigger than"). */
const RELATION_PREPOSITIONS = ['above', 'below', 'behind', 'in', 'of'];
const COMPARATIVES = RELATIONS.flatMap((r) => [...r.words, ...r.converse]).filter((w) => w.endsWith('er') && w !== 'under');

const LISTS: readonly [WordClass, readonly string[]][] = [
  ['punctuation', PUNCTUATION],
  ['number', NUMBER_WORDS],
  ['determiner', [...NEUTRAL_DETERMINERS, ...SINGULAR_DETERMINERS, ...PLURAL_DETERMINERS]],
  ['preposition', [...MODIFIER_PREPOSITIONS, ...NOUNS.flatMap((n) => n.at), ...RELATION_PREPOSITIONS]],
  ['verb', [...[BE, WAS, HAVE, ...INTRANSITIVE, ...TRANSITIVE].flatMap((v) => [v.sg, v.pl]), ...PAST_TRANSITIVE.map((v) => v.word), 'gave', 'took']],
  ['noun', NOUNS.flatMap((n) => [n.sg, n.pl])],
  ['adjective', [...ADJECTIVES.map((a) => a.word), ...COMPARATIVES]],
  ['name', NAMES],
];

const CLASS_OF = new Map<string, WordClass>();
for (const [cls, words] of LISTS) for (const w of words) if (!CLASS_OF.has(w)) CLASS_OF.set(w, cls);

/**
 * The class of a corpus word; function words ("that", "and", "there"), operators and the rest are "other".
 * @example wordClass('keys') // 'noun'; wordClass('three') // 'number'; wordClass('and') // 'other'
 */
export function wordClass(word: string): WordClass {
  return CLASS_OF.get(word) ?? 'other';
}

const PLURALS: Readonly<Record<WordClass, string>> = {
  noun: 'nouns', verb: 'verbs', adjective: 'adjectives', determiner: 'determiners', preposition: 'prepositions',
  number: 'number words', name: 'names', punctuation: 'punctuation marks', other: 'other words',
};

/**
 * A class's tokens in words, for "40% of its tokens are …" (not `${cls}s`: "punctuations", "others").
 * @example classPlural('punctuation') // 'punctuation marks'
 */
export function classPlural(cls: WordClass): string {
  return PLURALS[cls];
}
