/** Sentence generators, one per family; each takes a seeded PRNG and returns words. */
import {
  ADJECTIVES, BE, HAVE, INTRANSITIVE, NAMES, NEUTRAL_DETERMINERS, NOUNS, NUMBER_WORDS, PAST_TRANSITIVE,
  PLURAL_DETERMINERS, RELATIONS, SINGULAR_DETERMINERS, TRANSITIVE, WAS,
  type Noun, type NounKind, type ObjectKind, type VerbPair,
} from './lexicon';

export type Rand = () => number;

/** A uniformly chosen item. */
export function pick<T>(rand: Rand, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('grammar: pick from an empty list');
  return item;
}

/** An index drawn with the given (unnormalised) weights. */
export function weighted(rand: Rand, weights: readonly number[]): number {
  let r = rand() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
  return weights.length - 1;
}

const chance = (rand: Rand, p: number) => rand() < p;
const nounsOf = (...kinds: NounKind[]) => NOUNS.filter((n) => kinds.includes(n.kind));
const ANIMATE = nounsOf('animate');
const THINGS = nounsOf('thing');
const PLACES = nounsOf('place');
const LOCKABLE = NOUNS.filter((n) => ['box', 'cabinet', 'door', 'house', 'garden'].includes(n.sg));
const form = (word: { sg: string; pl: string }, plural: boolean) => (plural ? word.pl : word.sg);

function objectsFor(kind: ObjectKind): readonly Noun[] {
  if (kind === 'any') return NOUNS;
  return kind === 'thing' ? THINGS : NOUNS.filter((n) => n.opens);
}

/** Whether a verb taking `objects` can have this noun as its object. */
const takes = (objects: ObjectKind, n: Noun) => objectsFor(objects).includes(n);

/**
 * "the old keys", "three boxes", "a cat": determiner, sometimes an adjective, the noun. With `neutral`
 * the determiner (the/my/our) gives no hint of number, so only the noun does.
 */
export function nounPhrase(rand: Rand, n: Noun, plural: boolean, neutral = false, adjective = 0.35): string[] {
  let det: string;
  if (neutral || chance(rand, 0.6)) det = chance(rand, 0.7) ? 'the' : pick(rand, NEUTRAL_DETERMINERS);
  else if (plural) det = chance(rand, 0.5) ? pick(rand, PLURAL_DETERMINERS) : pick(rand, NUMBER_WORDS.slice(2, 11));
  else det = pick(rand, SINGULAR_DETERMINERS);
  const words = [det];
  if (chance(rand, adjective)) words.push(pick(rand, ADJECTIVES.filter((a) => a.suits.includes(n.kind))).word);
  words.push(form(n, plural));
  return words;
}

/** "under the green table": a location, mostly at a place. */
export function location(rand: Rand): string[] {
  const where = pick(rand, chance(rand, 0.7) ? PLACES : NOUNS);
  return [pick(rand, where.at), ...nounPhrase(rand, where, chance(rand, 0.5))];
}

/** A sentence whose verb must agree with a subject noun that may be far back. */
export interface AgreementSentence {
  words: string[];
  /** Index of the subject noun and of the verb that agrees with it. */
  subject: number;
  verb: number;
  plural: boolean;
  /** Number (true = plural) of each noun between subject and verb, in order. */
  attractors: boolean[];
}

/**
 * "the keys to the old cabinet are on the table .": subject, 0–3 modifiers holding attractor nouns (60% of
 * them of the opposite number), then a verb agreeing with the subject.
 * @example agreementSentence(seededRandom(1)).words.join(' ') // e.g. 'the key near the red boxes is old .'
 */
export function agreementSentence(rand: Rand): AgreementSentence {
  const subjectNoun = pick(rand, NOUNS);
  const plural = chance(rand, 0.5);
  const words = nounPhrase(rand, subjectNoun, plural, true, 0.25);
  const subject = words.length - 1;
  const attractors: boolean[] = [];
  const modifiers = weighted(rand, [0.15, 0.4, 0.3, 0.15]);
  let relative = false;
  for (let m = 0; m < modifiers; m++) {
    const attractorPlural = chance(rand, 0.6) ? !plural : plural;
    // One relative clause at most: "that a girl liked that ten men liked" stops reading as English.
    // The annotation breaks a circular inference: `relative` both feeds and is fed by this value across iterations.
    const clause: boolean = !relative && chance(rand, 0.25);
    relative ||= clause;
    words.push(...(clause ? relativeClause : modifier)(rand, subjectNoun, attractorPlural));
    attractors.push(attractorPlural);
  }
  const verb = words.length;
  words.push(...predicate(rand, subjectNoun, plural), '.');
  return { words, subject, verb, plural, attractors };
}

/** "that the girl saw": up to five words whose noun is an attractor; the verb is past, so it shows no number. */
function relativeClause(rand: Rand, subject: Noun, plural: boolean): string[] {
  const verbs = PAST_TRANSITIVE.filter((v) => takes(v.objects, subject));
  return ['that', ...nounPhrase(rand, pick(rand, ANIMATE), plural), pick(rand, verbs).word];
}

/** A prepositional phrase of up to four words with exactly one noun: "near the red boxes". */
function modifier(rand: Rand, subject: Noun, plural: boolean): string[] {
  // A few prepositions only read well with particular subjects: the keys TO the cabinet, pictures OF a dog.
  if (subject.sg === 'key' && chance(rand, 0.5)) return ['to', ...nounPhrase(rand, pick(rand, LOCKABLE), plural)];
  if (subject.sg === 'picture' && chance(rand, 0.5)) return ['of', ...nounPhrase(rand, pick(rand, NOUNS), plural)];
  if (subject.kind === 'thing' && chance(rand, 0.15)) return ['from', ...nounPhrase(rand, pick(rand, ANIMATE), plural)];
  if (subject.kind !== 'place' && chance(rand, 0.2)) return ['with', ...nounPhrase(rand, pick(rand, THINGS), plural)];
  const where = pick(rand, NOUNS.filter((n) => n !== subject));
  return [pick(rand, where.at), ...nounPhrase(rand, where, plural)];
}

/** The agreeing verb and what follows it, suited to the subject's kind. */
function predicate(rand: Rand, subject: Noun, plural: boolean): string[] {
  const adjectives = ADJECTIVES.filter((a) => a.suits.includes(subject.kind));
  const be = (pair: VerbPair) => [form(pair, plural), ...(chance(rand, 0.5) ? location(rand) : [pick(rand, adjectives).word])];
  const choice = subject.kind === 'animate' ? weighted(rand, [0.35, 0.15, 0.15, 0.2, 0.15]) : weighted(rand, [0.7, 0.3]);
  if (choice === 0) return be(BE);
  if (choice === 1) return be(WAS);
  if (choice === 2) return [form(HAVE, plural), ...nounPhrase(rand, pick(rand, THINGS), chance(rand, 0.5))];
  if (choice === 3) return [form(pick(rand, INTRANSITIVE), plural), ...(chance(rand, 0.6) ? location(rand) : [])];
  const verb = pick(rand, TRANSITIVE);
  return [form(verb, plural), ...nounPhrase(rand, pick(rand, objectsFor(verb.objects)), chance(rand, 0.5))];
}

/** Two different items from a list. */
function twoOf<T>(rand: Rand, items: readonly T[]): [T, T] {
  const a = pick(rand, items);
  return [a, pick(rand, items.filter((x) => x !== a))];
}

/**
 * Sentences whose second half depends on which name came first: relations and their converses, giving and taking.
 * @example orderSentence(seededRandom(2)).join(' ') // e.g. 'anna gave the book to ben . who has the book ? ben .'
 */
export function orderSentence(rand: Rand): string[] {
  return chance(rand, 0.5) ? relationSentence(rand) : transferSentence(rand);
}

function relationSentence(rand: Rand): string[] {
  const rel = pick(rand, RELATIONS);
  let x: string[];
  let y: string[];
  if (rel.people || chance(rand, 0.4)) [x, y] = twoOf(rand, NAMES).map((n) => [n]) as [string[], string[]];
  else [x, y] = twoOf(rand, nounsOf('animate', 'thing')).map((n) => ['the', n.sg]) as [string[], string[]];
  const fact = [...x, 'is', ...rel.words, ...y, '.'];
  const variant = weighted(rand, [0.4, 0.3, 0.3]);
  if (variant === 0) return [...fact, 'so', ...y, 'is', ...rel.converse, ...x, '.'];
  if (variant === 1) return [...fact, 'is', ...y, ...rel.words, ...x, '?', 'no', ',', ...y, 'is', ...rel.converse, ...x, '.'];
  return [...fact, 'is', ...y, ...rel.converse, ...x, '?', 'yes', '.'];
}

function transferSentence(rand: Rand): string[] {
  const [a, b] = twoOf(rand, NAMES);
  const thing = ['the', pick(rand, THINGS).sg];
  const shape = weighted(rand, [0.4, 0.3, 0.3]);
  // Giving moves the thing to the second name, taking to the first.
  const fact =
    shape === 0 ? [a, 'gave', ...thing, 'to', b] : shape === 1 ? [a, 'gave', b, ...thing] : [a, 'took', ...thing, 'from', b];
  const [owner, other] = shape === 2 ? [a, b] : [b, a];
  const ask = weighted(rand, [0.4, 0.3, 0.3]);
  if (ask === 0) return [...fact, '.', owner, 'has', ...thing, '.'];
  if (ask === 1) return [...fact, '.', 'who', 'has', ...thing, '?', owner, '.'];
  return [...fact, '.', 'does', other, 'have', ...thing, '?', 'no', ',', owner, 'has', ...thing, '.'];
}

/** A sum or difference of number words with its result in zero … twenty. */
export interface ArithmeticFact {
  a: number;
  op: 'plus' | 'minus';
  b: number;
  result: number;
}

/**
 * Uniform over all valid facts: a + b ≤ 20 for plus, b ≤ a for minus, so no result is negative.
 * @example arithmeticFact(seededRandom(3)) // e.g. { a: 3, op: 'plus', b: 4, result: 7 }
 */
export function arithmeticFact(rand: Rand): ArithmeticFact {
  const op = chance(rand, 0.5) ? 'plus' : 'minus';
  for (;;) {
    const a = Math.floor(rand() * 21);
    const b = Math.floor(rand() * 21);
    if (op === 'plus' && a + b <= 20) return { a, op, b, result: a + b };
    if (op === 'minus' && b <= a) return { a, op, b, result: a - b };
  }
}

/** "three plus four is" as words, without the answer. */
export const arithmeticPrompt = (f: ArithmeticFact) => [NUMBER_WORDS[f.a]!, f.op, NUMBER_WORDS[f.b]!, 'is'];

/**
 * Plain sentences that mix every word class: "the small dog sleeps under the green table ."
 * @example descriptiveSentence(seededRandom(4)).join(' ') // e.g. 'there are three cats in the garden .'
 */
export function descriptiveSentence(rand: Rand): string[] {
  const plural = chance(rand, 0.5);
  const shape = weighted(rand, [0.3, 0.25, 0.2, 0.1, 0.15]);
  if (shape === 0) {
    const who = pick(rand, ANIMATE);
    return [...nounPhrase(rand, who, plural, false, 0.5), form(pick(rand, INTRANSITIVE), plural), ...location(rand), '.'];
  }
  if (shape === 1) {
    const verb = pick(rand, TRANSITIVE);
    return [pick(rand, NAMES), verb.sg, ...nounPhrase(rand, pick(rand, objectsFor(verb.objects)), plural, false, 0.5), '.'];
  }
  if (shape === 2) {
    const what = pick(rand, nounsOf('animate', 'thing'));
    const det = plural ? pick(rand, NUMBER_WORDS.slice(2, 13)) : pick(rand, ['a', 'one']);
    return ['there', form(BE, plural), det, form(what, plural), ...location(rand), '.'];
  }
  if (shape === 3) {
    const [a, b] = twoOf(rand, NAMES);
    return [a, 'and', b, pick(rand, INTRANSITIVE).pl, ...location(rand), '.'];
  }
  const what = pick(rand, NOUNS);
  const adjective = pick(rand, ADJECTIVES.filter((a) => a.suits.includes(what.kind))).word;
  return [...nounPhrase(rand, what, plural, false, 0), form(BE, plural), adjective, '.'];
}
