/**
 * The text MiniSeek was trained on, regenerated from the recipe's seed, so that a sentence can be checked as unseen
 * before a chapter calls it new or held out.
 */
import { generateSentences } from '../corpus/corpus';
import { TRAINING } from './recipe';

let stream: string | undefined;

/** The training sentences one after another, as the packed training stream reads them, with spaces at both ends. */
export function trainingStream(): string {
  stream ??= ` ${generateSentences({ seed: TRAINING.corpusSeed, sentences: TRAINING.corpusSentences }).join(' ')} `;
  return stream;
}

/**
 * Whether these words occur, in this order, anywhere in the training text (across sentence boundaries too).
 * @example seenInTraining('the keys to the old cabinet') // true; seenInTraining('the keys to the small cabinet') // false
 */
export function seenInTraining(text: string): boolean {
  return trainingStream().includes(` ${text.trim().replace(/\s+/g, ' ')} `);
}
