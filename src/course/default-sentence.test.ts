import { describe, expect, it } from 'vitest';
import { seenInTraining, trainingStream } from '../train/training-text';
import { DEFAULT_SENTENCE } from './default-sentence';

describe('the default sentence', () => {
  it('never occurs in MiniSeek\'s training text, so the chapters can call it unseen', () => {
    expect(trainingStream().length).toBeGreaterThan(1_000_000);
    expect(seenInTraining(DEFAULT_SENTENCE)).toBe(false);
    // The check can fail: the sentence it replaced opens many training sentences.
    expect(seenInTraining('the keys to the old cabinet')).toBe(true);
  });
});
