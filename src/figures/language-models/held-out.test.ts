import { describe, expect, it } from 'vitest';
import { heldOutScore } from '../../train/held-out';
import { loadModelDir } from '../../model/model-dir';
import { evaluate } from '../../train/evaluate';
import { readTrainingLog, trainingCurve } from './held-out';

describe('the held-out loss', () => {
  const { model, tokenizer } = loadModelDir();

  it('is measured on the same predictions as evaluate()’s next-token accuracy (README’s table)', () => {
    // evaluate() reads the held-out text in windows of 64; the same windows give the same predictions.
    const held = heldOutScore(model, tokenizer, { window: 64 });
    const evaluation = evaluate(model, tokenizer);
    expect(held.tokens).toBe(evaluation.tokens);
    expect(held.accuracy).toBeCloseTo(evaluation.nextTokenAccuracy, 10);
    // The chapter reads it against the uniform guess: the trained model must be far better than ln V.
    expect(held.loss).toBeGreaterThan(0);
    expect(held.loss).toBeLessThan(Math.log(tokenizer.size) / 2);
    expect(held.perplexity).toBeCloseTo(Math.exp(held.loss), 10);
  }, 120_000);
});

describe('the training curve', () => {
  it('averages the log into points and reads the first and last losses', () => {
    const curve = trainingCurve({ loss: [6, 4, 3, 1, 2], options: { batch: 8, seqLen: 48 } }, { every: 2, tail: 2 });
    expect(curve.points).toEqual([5, 2, 2]);
    expect(curve.first).toBe(6);
    expect(curve.last).toBe(1.5);
    expect([curve.steps, curve.batch, curve.seqLen]).toEqual([5, 8, 48]);
  });

  it('of the shipped checkpoint starts near the uniform guess, ln V, and ends well below it', () => {
    // The chapter says the untrained model's loss is close to ln V: guard it against a retrained checkpoint.
    const { tokenizer } = loadModelDir();
    const curve = trainingCurve(readTrainingLog());
    expect(Math.abs(curve.first - Math.log(tokenizer.size))).toBeLessThan(0.5);
    expect(curve.last).toBeLessThan(curve.first / 2);
    expect(curve.points.length).toBe(Math.ceil(curve.steps / curve.every));
  });
});

describe('the held-out loss in training-length windows', () => {
  it('is close to the end of the training curve (the chapter compares the two, and says why that is expected)', () => {
    const { model, tokenizer } = loadModelDir();
    const curve = trainingCurve(readTrainingLog());
    const held = heldOutScore(model, tokenizer, { window: curve.seqLen });
    expect(Math.abs(held.loss - curve.last)).toBeLessThan(0.15);
  }, 60_000);
});
