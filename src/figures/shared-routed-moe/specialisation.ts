/**
 * What MiniSeek's trained routed experts take, measured on held-out text: fresh sentences from the corpus generator
 * with a seed training never used, minus any that occur in the training text. For each MoE layer and expert, how
 * many of the tokens sent to it belong to each word class (<bos> left out: it is not a word).
 */
import { generateLabelledSentences } from '../../corpus/corpus';
import { forward, type MiniSeek } from '../../model/forward';
import type { WordTokenizer } from '../../model/tokenizer';
import { seenInTraining } from '../../train/training-text';
import { moeLayers } from './moe-view';
import { WORD_CLASSES, wordClass, type WordClass } from './word-classes';

/** A seed no other measurement or the training corpus uses (training: 1; evaluation: 9001–9003; subject head: 7001). */
export const SPECIALISATION_SEED = 5301;
export const SPECIALISATION_SENTENCES = 600;

export interface LayerSpecialisation {
  /** Trace index of the MoE layer. */
  readonly layer: number;
  /** counts[e][c]: tokens of class WORD_CLASSES[c] routed to expert e (a token counts for each of its experts). */
  readonly counts: readonly (readonly number[])[];
  /** share[e][c] = counts[e][c] / tokens routed to e. */
  readonly share: readonly (readonly number[])[];
  /** Each class's share of all words: what an expert that ignored word class would get. */
  readonly base: readonly number[];
  /** Tokens routed to each expert. */
  readonly load: readonly number[];
}

export interface Specialisation {
  readonly layers: readonly LayerSpecialisation[];
  /** Sentences generated, sentences kept (not in the training text), and words measured. */
  readonly generated: number;
  readonly sentences: number;
  readonly words: number;
  readonly seed: number;
}

const measured = new WeakMap<MiniSeek, Specialisation>();

/**
 * @example measureSpecialisation(model, tokenizer).layers[0].share[3][WORD_CLASSES.indexOf('noun')] // e.g. 0.62
 */
export function measureSpecialisation(model: MiniSeek, tokenizer: WordTokenizer): Specialisation {
  const cached = measured.get(model);
  if (cached) return cached;
  const c = model.config;
  const E = c.n_routed_experts;
  const C = WORD_CLASSES.length;
  const layers = moeLayers(c);
  const generated = generateLabelledSentences({ seed: SPECIALISATION_SEED, sentences: SPECIALISATION_SENTENCES });
  const kept = generated.filter((s) => !seenInTraining(s.text));
  const counts = layers.map(() => Array.from({ length: E }, () => new Array<number>(C).fill(0)));
  const classTotals = new Array<number>(C).fill(0);
  let words = 0;
  for (const { text } of kept) {
    const { ids, tokens } = tokenizer.encode(text, { bos: true });
    const { trace } = forward(model, ids, { trace: layers.map((l) => `layers.${l}.moe.chosen`) });
    const classes = tokens.map((t) => WORD_CLASSES.indexOf(wordClass(t)));
    for (let t = 1; t < tokens.length; t++) {
      classTotals[classes[t]!]!++;
      words++;
    }
    layers.forEach((l, li) => {
      const chosen = trace.get(`layers.${l}.moe.chosen`)!;
      for (let t = 1; t < tokens.length; t++) for (const e of chosen.row(t)) counts[li]![Math.round(e)]![classes[t]!]!++;
    });
  }
  const result: Specialisation = {
    layers: layers.map((layer, li) => {
      const rows = counts[li]!;
      const load = rows.map((r) => r.reduce((s, x) => s + x, 0));
      return { layer, counts: rows, share: rows.map((r, e) => r.map((x) => x / Math.max(1, load[e]!))), base: classTotals.map((x) => x / words), load };
    }),
    generated: generated.length,
    sentences: kept.length,
    words,
    seed: SPECIALISATION_SEED,
  };
  measured.set(model, result);
  return result;
}

/** An expert's strongest habit: the class it takes most often, and how that compares with the class's base rate. */
export interface ExpertHabit {
  readonly expert: number;
  readonly cls: WordClass;
  readonly share: number;
  readonly base: number;
}

/**
 * Per expert, the class with the largest share of its tokens relative to the class's share of all words.
 * @example expertHabits(spec.layers[0])[3] // { expert: 3, cls: 'noun', share: 0.8, base: 0.25 }
 */
export function expertHabits(layer: LayerSpecialisation): ExpertHabit[] {
  return layer.share.map((row, expert) => {
    let best = 0;
    row.forEach((x, c) => {
      if (x / layer.base[c]! > row[best]! / layer.base[best]!) best = c;
    });
    return { expert, cls: WORD_CLASSES[best]!, share: row[best]!, base: layer.base[best]! };
  });
}
