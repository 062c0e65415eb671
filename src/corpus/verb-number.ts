/** Which grammatical number a verb form shows, from the corpus's own verb pairs ("are" plural, "is" singular). */
import { BE, HAVE, INTRANSITIVE, TRANSITIVE, WAS, type VerbPair } from './lexicon';

const PAIRS: readonly VerbPair[] = [BE, WAS, HAVE, ...INTRANSITIVE, ...TRANSITIVE];

/**
 * @example verbNumber('are') // 'plural'; verbNumber('sits') // 'singular'; verbNumber('the') // undefined
 */
export function verbNumber(word: string): 'singular' | 'plural' | undefined {
  for (const pair of PAIRS) {
    if (pair.sg === pair.pl) continue;
    if (word === pair.sg) return 'singular';
    if (word === pair.pl) return 'plural';
  }
  return undefined;
}
