/** Claims of the language-models chapter's prose that are not computed in its MDX, checked against the checkpoint. */
import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { SPECIAL_TOKENS } from '../../model/tokenizer';
import { corpusVocabulary, generateSentences } from '../../corpus/corpus';
import { WARMUP_STEPS } from '../../lm-lab/settings';
import { EVAL_SEEDS } from '../../train/evaluate';
import { HELD_OUT, heldOutScore } from '../../train/held-out';
import { TRAINING } from '../../train/recipe';
import { learningRate } from '../../train/trainer';
import { seenInTraining } from '../../train/training-text';
import { heldOutDetail, heldOutOverlap, isPunctuation, readTrainingLog, trainingCurve, trainingPasses } from './held-out';
import { vocabularySplit } from './lm-view';
import { embeddingVsHead } from './lm-weights';

describe('the language-models chapter', () => {
  const { tokenizer } = loadModelDir();

  it('suggests “zebra” as a word the vocabulary lacks', () => {
    expect(tokenizer.idOf('zebra')).toBeUndefined();
    expect(tokenizer.encode('the zebra', { bos: true }).unknown).toEqual(['zebra']);
  });

  it('says the vocabulary is the special tokens and then exactly the corpus generator’s words', () => {
    const words = new Set(corpusVocabulary().map((w) => w.toLowerCase()));
    expect(tokenizer.size).toBe(SPECIAL_TOKENS.length + words.size);
    SPECIAL_TOKENS.forEach((s, i) => expect(tokenizer.idOf(s)).toBe(i));
  });
});

describe('the language-models chapter’s claims about training and held-out text', () => {
  const { model, tokenizer } = loadModelDir();
  const log = readTrainingLog();
  const curve = trainingCurve(log);

  it('splits the vocabulary into 220 − 3 words and 3 punctuation marks the way the prose counts them', () => {
    const vocab = Array.from({ length: tokenizer.size }, (_, id) => tokenizer.tokenOf(id));
    const split = vocabularySplit(vocab);
    expect(split.special).toBe(SPECIAL_TOKENS.length);
    expect(split.words + split.marks + split.special).toBe(tokenizer.size);
    expect(vocab.filter((t) => isPunctuation(t)).sort()).toEqual([',', '.', '?']);
    expect(split.marks).toBe(3);
  });

  it('describes the run’s schedule as the trainer computes it: linear warm-up, then a cosine to finalLrRatio × the peak', () => {
    const o = TRAINING.options;
    expect([curve.warmupSteps, curve.finalLrRatio, curve.balanceAlpha]).toEqual([o.warmupSteps, o.finalLrRatio, o.balanceAlpha]);
    expect(learningRate(0, o)).toBeCloseTo(o.lr / o.warmupSteps, 12);
    expect(learningRate(o.warmupSteps - 1, o)).toBeCloseTo(o.lr, 12);
    // Half-way through the decay, a cosine is half-way between the peak and the floor.
    const half = o.warmupSteps + (o.steps - o.warmupSteps) / 2;
    expect(learningRate(half, o)).toBeCloseTo((o.lr * (1 + o.finalLrRatio)) / 2, 6);
    expect(learningRate(o.steps, o)).toBeCloseTo(o.lr * o.finalLrRatio, 9);
    // The lab: WARMUP_STEPS of warm-up, then constant (its options: no planned end, no decay).
    const lab = { lr: 0.01, steps: Infinity, warmupSteps: WARMUP_STEPS, finalLrRatio: 1 };
    expect(learningRate(WARMUP_STEPS - 1, lab)).toBeCloseTo(0.01, 12);
    expect(learningRate(5000, lab)).toBeCloseTo(0.01, 12);
  });

  it('says the run saw less than one pass over its training stream (so most batches were new text)', () => {
    const p = trainingPasses(log, tokenizer);
    expect(p.predictions).toBe(curve.steps * curve.batch * curve.seqLen);
    expect(p.passes).toBeLessThan(1);
  });

  it('counts the held-out sentences found in the training text as seenInTraining does', () => {
    const o = heldOutOverlap();
    const seen = generateSentences({ seed: EVAL_SEEDS.text, sentences: HELD_OUT.sentences }).filter((s) => seenInTraining(s));
    expect(o.sentences).toBe(HELD_OUT.sentences);
    expect(o.seen).toBe(seen.length);
    expect(o.seenTokens).toBe(seen.reduce((n, s) => n + s.split(' ').length, 0));
    // “is not all new”: some held-out sentences are training sentences.
    expect(o.seen).toBeGreaterThan(0);
    expect(o.seen).toBeLessThan(o.sentences);
  }, 60_000);

  it('takes the held-out loss apart into parts that add up to heldOutScore, words costing more, the rest near free', () => {
    const held = heldOutScore(model, tokenizer, { window: curve.seqLen });
    const d = heldOutDetail(model, tokenizer, { window: curve.seqLen });
    expect(d.all.tokens).toBe(held.tokens);
    expect(d.all.loss).toBeCloseTo(held.loss, 10);
    const parts = [d.words, d.punctuation, d.bos, d.eos];
    expect(parts.reduce((n, g) => n + g.tokens, 0)).toBe(held.tokens);
    expect(parts.reduce((s, g) => s + g.loss * g.tokens, 0) / held.tokens).toBeCloseTo(held.loss, 10);
    expect(d.easyShare).toBeCloseTo((d.punctuation.tokens + d.bos.tokens) / held.tokens, 12);
    // “near-free”: punctuation and <bos> cost a small fraction of a word.
    expect(d.punctuation.loss).toBeLessThan(0.25);
    expect(d.bos.loss).toBeLessThan(0.01);
    expect(d.words.loss).toBeGreaterThan(held.loss);
    // The spread e^H̄ and the perplexity are “close” on held-out text (the MDX computes the word; this guards it).
    expect(Math.abs(Math.log(d.spread / held.perplexity))).toBeLessThan(0.15);
  }, 120_000);

  it('finds a word’s embedding and lm_head rows about as unrelated as random directions', () => {
    const w = embeddingVsHead(model);
    expect(w.tied).toBe(false);
    expect(w.rmsCosine).toBeLessThan(1.5 / Math.sqrt(w.D));
    expect(w.meanAbsCosine).toBeLessThan(1.5 * w.randomAbsCosine);
    expect(w.minCosine).toBeLessThan(0);
    expect(w.maxCosine).toBeGreaterThan(0);
  });
});
