/**
 * Which sentences MiniSeek saw in training, answered fast enough for the lab's worker. `seenInTraining`
 * (src/train/training-text.ts) searches the 5 MB training string once per sentence, about 1.5 ms each: 5 s for the
 * lab's stream, too slow for a page. This index gives the same answer (the tests check it sentence by sentence
 * against seenInTraining): the training text as word ids, each word's positions, and a match that scans only the
 * positions of the sentence's rarest word.
 */
import { generateSentences } from '../../corpus/corpus';
import { TRAINING } from '../../train/recipe';

export class TrainingIndex {
  /** Word id of each word of the training stream, in order (sentences joined by single spaces, as seenInTraining reads them). */
  private readonly words: Int32Array;
  private readonly ids = new Map<string, number>();
  /** Positions of word id w: positions[starts[w] .. starts[w + 1]). */
  private readonly starts: Int32Array;
  private readonly positions: Int32Array;

  constructor(sentences: readonly string[]) {
    const tokens = sentences.join(' ').split(' ');
    this.words = new Int32Array(tokens.length);
    tokens.forEach((w, p) => {
      let id = this.ids.get(w);
      if (id === undefined) this.ids.set(w, (id = this.ids.size));
      this.words[p] = id;
    });
    this.starts = new Int32Array(this.ids.size + 1);
    for (const id of this.words) this.starts[id + 1]!++;
    for (let w = 0; w < this.ids.size; w++) this.starts[w + 1]! += this.starts[w]!;
    const fill = this.starts.slice(0, this.ids.size);
    this.positions = new Int32Array(this.words.length);
    this.words.forEach((id, p) => (this.positions[fill[id]!++] = p));
  }

  /**
   * Whether these words occur, in this order, anywhere in the training text (across sentence boundaries too): the
   * same question as seenInTraining.
   * @example index.has('the keys to the old cabinet') // true
   */
  has(text: string): boolean {
    const words = text.trim().split(/\s+/);
    const query = words.map((w) => this.ids.get(w) ?? -1);
    if (query.includes(-1)) return false;
    // Anchor on the query's rarest word: the fewest places to check.
    let anchor = 0;
    const count = (j: number) => this.starts[query[j]! + 1]! - this.starts[query[j]!]!;
    for (let j = 1; j < query.length; j++) if (count(j) < count(anchor)) anchor = j;
    const id = query[anchor]!;
    for (let k = this.starts[id]!; k < this.starts[id + 1]!; k++) {
      const start = this.positions[k]! - anchor;
      if (start < 0 || start + query.length > this.words.length) continue;
      let j = 0;
      while (j < query.length && this.words[start + j] === query[j]) j++;
      if (j === query.length) return true;
    }
    return false;
  }
}

let training: TrainingIndex | undefined;

/** The index of MiniSeek's training text, regenerated from the recipe's seed on first use (about 0.5 s). */
export function trainingIndex(): TrainingIndex {
  training ??= new TrainingIndex(generateSentences({ seed: TRAINING.corpusSeed, sentences: TRAINING.corpusSentences }));
  return training;
}

/**
 * The first `count` sentences of the generator's stream for `seed` that do not occur in the training text, and how
 * many were passed over. Deterministic: the generator is seeded, and its first n sentences do not depend on how many
 * are asked for.
 * @example heldOutSentences(2412, 2048).sentences.length // 2048
 */
export function heldOutSentences(seed: number, count: number, index: TrainingIndex = trainingIndex()): { sentences: string[]; skipped: number } {
  // Generate in rounds (about a third of the stream is training text), each round the whole prefix again.
  for (let generate = Math.ceil(count * 1.5); ; generate *= 2) {
    const all = generateSentences({ seed, sentences: generate });
    const sentences: string[] = [];
    let i = 0;
    for (; i < all.length && sentences.length < count; i++) if (!index.has(all[i]!)) sentences.push(all[i]!);
    if (sentences.length === count) return { sentences, skipped: i - count };
    if (generate > count * 64) throw new Error(`heldOutSentences: fewer than ${count} unseen sentences in ${generate} for seed ${seed}`);
  }
}
