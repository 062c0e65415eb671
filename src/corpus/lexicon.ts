/** The corpus's words, grouped by class so a mixture-of-experts router has clear classes to specialise on. */

/** Animate nouns act; things are held and moved; places are where things are. */
export type NounKind = 'animate' | 'thing' | 'place';

export interface Noun {
  sg: string;
  pl: string;
  kind: NounKind;
  /** Prepositions that read naturally with this noun as a location: "on the table", "in the garden". */
  at: readonly string[];
  /** Can be opened: "opens the box". */
  opens?: boolean;
}

const NEAR = ['near', 'behind', 'beside', 'by'];
const SURFACE = ['on', 'under', ...NEAR];
const INSIDE = ['in', ...NEAR];

const noun = (sg: string, pl: string, kind: NounKind, at: readonly string[], opens = false): Noun => ({ sg, pl, kind, at, opens });

// Irregular plurals (mice, children, men, women, shelves) make number a property of each word, not of a final "s".
export const NOUNS: readonly Noun[] = [
  noun('dog', 'dogs', 'animate', NEAR),
  noun('cat', 'cats', 'animate', NEAR),
  noun('bird', 'birds', 'animate', NEAR),
  noun('mouse', 'mice', 'animate', NEAR),
  noun('girl', 'girls', 'animate', NEAR),
  noun('boy', 'boys', 'animate', NEAR),
  noun('child', 'children', 'animate', NEAR),
  noun('man', 'men', 'animate', NEAR),
  noun('woman', 'women', 'animate', NEAR),
  noun('teacher', 'teachers', 'animate', NEAR),
  noun('friend', 'friends', 'animate', NEAR),
  noun('farmer', 'farmers', 'animate', NEAR),
  noun('key', 'keys', 'thing', NEAR),
  noun('box', 'boxes', 'thing', [...SURFACE, 'in'], true),
  noun('book', 'books', 'thing', SURFACE, true),
  noun('cup', 'cups', 'thing', NEAR),
  noun('lamp', 'lamps', 'thing', NEAR),
  noun('ball', 'balls', 'thing', NEAR),
  noun('bag', 'bags', 'thing', INSIDE, true),
  noun('coat', 'coats', 'thing', ['under', ...NEAR]),
  noun('letter', 'letters', 'thing', NEAR, true),
  noun('apple', 'apples', 'thing', NEAR),
  noun('bottle', 'bottles', 'thing', NEAR, true),
  noun('clock', 'clocks', 'thing', ['under', ...NEAR]),
  noun('picture', 'pictures', 'thing', ['under', ...NEAR]),
  noun('pen', 'pens', 'thing', NEAR),
  noun('plate', 'plates', 'thing', ['on', ...NEAR]),
  noun('hat', 'hats', 'thing', ['under', ...NEAR]),
  noun('table', 'tables', 'place', SURFACE),
  noun('chair', 'chairs', 'place', SURFACE),
  noun('shelf', 'shelves', 'place', SURFACE),
  noun('bed', 'beds', 'place', SURFACE),
  noun('bench', 'benches', 'place', SURFACE),
  noun('cabinet', 'cabinets', 'place', [...SURFACE, 'in'], true),
  noun('door', 'doors', 'place', NEAR, true),
  noun('window', 'windows', 'place', ['under', ...NEAR], true),
  noun('house', 'houses', 'place', INSIDE),
  noun('tree', 'trees', 'place', ['under', ...INSIDE]),
  noun('garden', 'gardens', 'place', INSIDE),
  noun('wall', 'walls', 'place', ['on', ...NEAR]),
];

/** Adjectives, each marked with the kinds of noun it suits ("the hungry dog", not "the hungry table"). */
export const ADJECTIVES: readonly { word: string; suits: readonly NounKind[] }[] = [
  ...['old', 'small', 'big', 'little', 'quiet', 'dark', 'cold'].map((word) => ({ word, suits: ['animate', 'thing', 'place'] as const })),
  ...['happy', 'hungry', 'sleepy', 'young', 'clever'].map((word) => ({ word, suits: ['animate'] as const })),
  ...['new', 'red', 'green', 'blue', 'yellow', 'heavy', 'empty', 'broken', 'round'].map((word) => ({ word, suits: ['thing', 'place'] as const })),
];

/** A verb's third-person singular and plural present forms: the agreement pair. */
export interface VerbPair {
  sg: string;
  pl: string;
}

export const BE: VerbPair = { sg: 'is', pl: 'are' };
export const WAS: VerbPair = { sg: 'was', pl: 'were' };
export const HAVE: VerbPair = { sg: 'has', pl: 'have' };

/** Things animate subjects do, without an object. */
export const INTRANSITIVE: readonly VerbPair[] = [
  { sg: 'sits', pl: 'sit' },
  { sg: 'sleeps', pl: 'sleep' },
  { sg: 'waits', pl: 'wait' },
  { sg: 'runs', pl: 'run' },
  { sg: 'plays', pl: 'play' },
];

/** Which nouns a verb takes as its object. */
export type ObjectKind = 'any' | 'thing' | 'opens';

export const TRANSITIVE: readonly (VerbPair & { objects: ObjectKind })[] = [
  { sg: 'sees', pl: 'see', objects: 'any' },
  { sg: 'likes', pl: 'like', objects: 'any' },
  { sg: 'wants', pl: 'want', objects: 'thing' },
  { sg: 'holds', pl: 'hold', objects: 'thing' },
  { sg: 'finds', pl: 'find', objects: 'thing' },
  { sg: 'carries', pl: 'carry', objects: 'thing' },
  { sg: 'opens', pl: 'open', objects: 'opens' },
];

/** Past tense has one form for both numbers, so relative clauses add an attractor noun but no second agreement. */
export const PAST_TRANSITIVE: readonly { word: string; objects: ObjectKind }[] = [
  { word: 'saw', objects: 'any' },
  { word: 'liked', objects: 'any' },
  { word: 'found', objects: 'thing' },
  { word: 'wanted', objects: 'thing' },
  { word: 'dropped', objects: 'thing' },
  { word: 'carried', objects: 'thing' },
  { word: 'opened', objects: 'opens' },
];

/** Determiners that say nothing about number, so the noun alone carries it. */
export const NEUTRAL_DETERMINERS = ['the', 'my', 'our'] as const;
export const SINGULAR_DETERMINERS = ['a', 'this'] as const;
export const PLURAL_DETERMINERS = ['these', 'some'] as const;

/** Prepositions used only to attach a noun to another ("the keys to the cabinet"), not as locations. */
export const MODIFIER_PREPOSITIONS = ['with', 'from', 'to', 'of'] as const;

/** zero … twenty, so that NUMBER_WORDS[n] spells n. */
export const NUMBER_WORDS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
] as const;

export const NAMES = [
  'anna', 'ben', 'clara', 'david', 'emma', 'felix', 'grace', 'henry', 'iris', 'jack', 'lucy', 'max', 'nina', 'oscar', 'paul', 'rosa',
] as const;

/** A relation and its converse: "a is left of b" exactly when "b is right of a". */
export const RELATIONS: readonly { words: readonly string[]; converse: readonly string[]; people: boolean }[] = [
  { words: ['left', 'of'], converse: ['right', 'of'], people: false },
  { words: ['above'], converse: ['below'], people: false },
  { words: ['in', 'front', 'of'], converse: ['behind'], people: false },
  { words: ['bigger', 'than'], converse: ['smaller', 'than'], people: false },
  { words: ['older', 'than'], converse: ['younger', 'than'], people: true },
  { words: ['taller', 'than'], converse: ['shorter', 'than'], people: true },
];

export const OPERATORS = ['plus', 'minus'] as const;
export const FUNCTION_WORDS = ['that', 'so', 'who', 'does', 'yes', 'no', 'and', 'there', 'gave', 'took'] as const;
export const PUNCTUATION = ['.', ',', '?'] as const;
