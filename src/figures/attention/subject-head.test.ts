import { describe, expect, it } from 'vitest';
import { agreementCases } from '../../corpus/corpus';
import { loadModelDir } from '../../model/model-dir';
import { seenInTraining } from '../../train/training-text';
import { findSubjectHead } from './subject-head';

describe('findSubjectHead', () => {
  it('measures on 100 prompts none of which occurs in the training text', () => {
    const { model, tokenizer } = loadModelDir();
    const subject = findSubjectHead(model, tokenizer);
    expect(subject.prompts).toBe(100);
    // The raw generator does repeat training sentences now and then, which is why they are filtered out.
    const raw = agreementCases({ seed: 7001, count: 200, minIntervening: 2 });
    expect(raw.filter((c) => seenInTraining(c.prompt)).length).toBeGreaterThan(0);
    expect(subject.meanWeight).toBeGreaterThan(0.5);
  });
});
