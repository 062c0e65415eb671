import { describe, expect, it } from 'vitest';
import { generateLabelledSentences } from '../../corpus/corpus';
import { loadModelDir } from '../../model/model-dir';
import { TRAINING } from '../../train/recipe';
import { SPECIALISATION_SEED, expertHabits, measureSpecialisation } from './specialisation';
import { WORD_CLASSES, classPlural, wordClass } from './word-classes';

describe('word classes', () => {
  it('names each class’s tokens in the plural without building words that do not exist', () => {
    expect(WORD_CLASSES.map(classPlural)).toEqual(['nouns', 'verbs', 'adjectives', 'determiners', 'prepositions', 'number words', 'names', 'punctuation marks', 'other words']);
  });

  it('classes the corpus words by the lexicon’s lists', () => {
    expect(wordClass('keys')).toBe('noun');
    expect(wordClass('cabinet')).toBe('noun');
    expect(wordClass('are')).toBe('verb');
    expect(wordClass('small')).toBe('adjective');
    expect(wordClass('bigger')).toBe('adjective');
    expect(wordClass('the')).toBe('determiner');
    expect(wordClass('three')).toBe('number');
    expect(wordClass('to')).toBe('preposition');
    expect(wordClass('under')).toBe('preposition');
    expect(wordClass('anna')).toBe('name');
    expect(wordClass('.')).toBe('punctuation');
    expect(wordClass('and')).toBe('other');
  });
});

describe('measureSpecialisation', () => {
  const { model, tokenizer } = loadModelDir();
  const spec = measureSpecialisation(model, tokenizer);

  it('measures on held-out text: a seed that is not the training corpus’s, sentences not in the training text', () => {
    expect(SPECIALISATION_SEED).not.toBe(TRAINING.corpusSeed);
    expect(generateLabelledSentences({ seed: SPECIALISATION_SEED, sentences: 3 })).not.toEqual(
      generateLabelledSentences({ seed: TRAINING.corpusSeed, sentences: 3 }),
    );
    expect(spec.sentences).toBeGreaterThan(300);
    expect(spec.sentences).toBeLessThan(spec.generated);
    expect(spec.words).toBeGreaterThan(3000);
  });

  it('counts every word twice per layer (two experts each) and gives shares that sum to 1', () => {
    for (const layer of spec.layers) {
      expect(layer.load.reduce((s, x) => s + x, 0)).toBe(spec.words * model.config.num_experts_per_tok);
      for (const row of layer.share) expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
      expect(layer.base.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    }
  });

  it('finds trained experts that specialise: in each MoE layer some expert takes nouns at over 1.5 times their base rate (the prose lists those)', () => {
    const noun = WORD_CLASSES.indexOf('noun');
    for (const layer of spec.layers) {
      const best = Math.max(...layer.share.map((r) => r[noun]!));
      expect(best).toBeGreaterThan(1.5 * layer.base[noun]!);
      // Each expert's strongest habit is well above what a class-blind router would give it.
      for (const h of expertHabits(layer)) expect(h.share).toBeGreaterThanOrEqual(h.base);
    }
  });
});
