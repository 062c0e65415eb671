import { describe, expect, it } from 'vitest';
import { generateSentences } from '../../corpus/corpus';
import { seenInTraining } from '../../train/training-text';
import { heldOutSentences, TrainingIndex } from './held-out';
import { LAB_SEED, STREAM_SENTENCES } from './sentence-stream';

describe('the training-text index', () => {
  const index = new TrainingIndex(['the keys to the old cabinet', 'a cat sat .', 'the key is red']);

  it('finds whole sentences, runs of words inside one, and runs across a sentence boundary', () => {
    expect(index.has('the keys to the old cabinet')).toBe(true);
    expect(index.has('to the old')).toBe(true);
    expect(index.has('cabinet a cat')).toBe(true);
    expect(index.has('  the key   is red ')).toBe(true);
  });

  it('does not match part of a word, a word it never saw, or words out of order', () => {
    expect(index.has('the key to')).toBe(false);
    expect(index.has('the keys to the small cabinet')).toBe(false);
    expect(index.has('old the')).toBe(false);
    expect(index.has('red the keys')).toBe(false);
  });
});

describe("the lab's held-out stream", { timeout: 60_000 }, () => {
  it('keeps the first unseen sentences in order and is the same on every call', () => {
    const a = heldOutSentences(LAB_SEED, 100);
    expect(heldOutSentences(LAB_SEED, 100)).toEqual(a);
    const raw = generateSentences({ seed: LAB_SEED, sentences: 100 + a.skipped });
    expect(raw.filter((s) => !a.sentences.includes(s)).length).toBeGreaterThan(0);
    expect(a.sentences).toEqual(raw.filter((s) => a.sentences.includes(s)));
  });

  it('agrees with seenInTraining on every sentence it keeps or skips: none of the stream is training text', () => {
    const { sentences, skipped } = heldOutSentences(LAB_SEED, STREAM_SENTENCES);
    const raw = generateSentences({ seed: LAB_SEED, sentences: STREAM_SENTENCES + skipped });
    const kept = new Set(sentences);
    const seen = raw.map(seenInTraining);
    console.info(`lab stream: ${skipped} of the first ${raw.length} generated sentences are training text; ${seen.slice(0, STREAM_SENTENCES).filter(Boolean).length} of the first ${STREAM_SENTENCES}`);
    expect(sentences).toHaveLength(STREAM_SENTENCES);
    raw.forEach((s, i) => expect(seen[i], s).toBe(!kept.has(s)));
    expect(skipped).toBeGreaterThan(STREAM_SENTENCES / 5);
  });
});
