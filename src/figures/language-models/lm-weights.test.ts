import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { Tensor } from '../../model/tensor';
import type { MiniSeek } from '../../model/forward';
import { embeddingVsHead, randomAbsCosine } from './lm-weights';

describe('embeddingVsHead', () => {
  it('gives cosine 1 for one matrix used twice', () => {
    const E = new Tensor('e', [3, 2], Float32Array.of(1, 0, 0, 2, 3, 4));
    const model = { config: { tie_word_embeddings: true }, weights: new Map([['model.embed_tokens.weight', E], ['lm_head.weight', E]]) } as unknown as MiniSeek;
    expect(embeddingVsHead(model).meanCosine).toBeCloseTo(1, 6);
  });

  it('finds MiniSeek untied, with unrelated rows (the chapter says so)', () => {
    const r = embeddingVsHead(loadModelDir().model);
    expect(r.tied).toBe(false);
    expect(r.embedShape).toEqual(r.headShape);
    // The chapter calls the two rows of a word nearly unrelated: guard it against a retrained checkpoint.
    expect(Math.abs(r.meanCosine)).toBeLessThan(0.2);
  });
});

describe('randomAbsCosine', () => {
  it('is 2/π in 2-d, 1/2 in 3-d, and tends to √(2/(πD))', () => {
    expect(randomAbsCosine(2)).toBeCloseTo(2 / Math.PI, 12);
    expect(randomAbsCosine(3)).toBeCloseTo(0.5, 12);
    expect(randomAbsCosine(64) / Math.sqrt(2 / (Math.PI * 64))).toBeCloseTo(1, 2);
  });
});
