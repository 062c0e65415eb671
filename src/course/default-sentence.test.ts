import { describe, expect, it } from 'vitest';
import { generateSentences } from '../corpus/corpus';
import { TRAINING } from '../train/recipe';
import { DEFAULT_SENTENCE } from './default-sentence';

describe('the default sentence', () => {
  it('never occurs in MiniSeek\'s training text, so the chapters can call it unseen', () => {
    // The packed training stream is the corpus sentences one after another; look across sentence boundaries too.
    const stream = ` ${generateSentences({ seed: TRAINING.corpusSeed, sentences: TRAINING.corpusSentences }).join(' ')} `;
    expect(stream.length).toBeGreaterThan(1_000_000);
    expect(stream.includes(` ${DEFAULT_SENTENCE} `)).toBe(false);
    // The check can fail: the sentence it replaced opens many training sentences.
    expect(stream.includes(' the keys to the old cabinet ')).toBe(true);
  });
});
