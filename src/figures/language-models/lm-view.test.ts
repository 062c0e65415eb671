import { describe, expect, it } from 'vitest';
import { crossEntropy } from '../../model/loss';
import { forward } from '../../model/forward';
import { loadModelDir } from '../../model/model-dir';
import { Tensor } from '../../model/tensor';
import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { contextText, perplexityOf, pickColumns, scoreSentence, softmax, topWithTarget, vocabularySplit } from './lm-view';
import { entropyOf } from './held-out';

const logitsOf = (rows: number[][]) => new Tensor('logits', [rows.length, rows[0]!.length], Float32Array.from(rows.flat()));

describe('softmax', () => {
  it('sums to 1, keeps the order, and survives large logits', () => {
    const p = softmax(Float32Array.of(1000, 1001, 999));
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(p[1]).toBeGreaterThan(p[0]!);
    expect(softmax(Float32Array.of(0, Math.log(3)))[1]).toBeCloseTo(0.75, 7);
  });
});

describe('scoreSentence', () => {
  it('turns T tokens into T − 1 examples, each scored by the row before its word', () => {
    // Three tokens, vocabulary of 4: row 0 scores token 1's id (2), row 1 scores token 2's (3); row 2 has no target.
    const logits = logitsOf([[0, 0, Math.log(3), 0], [0, 0, 0, 0], [5, 0, 0, 0]]);
    const s = scoreSentence(logits, [1, 2, 3], 0);
    expect(s.examples.map((e) => [e.position, e.target])).toEqual([[0, 2], [1, 3]]);
    expect(s.examples[0]!.p).toBeCloseTo(3 / 6, 7); // float32 logits: ln 3 to 7 digits
    expect(s.examples[1]!.p).toBeCloseTo(1 / 4, 12);
    expect(s.examples[0]!.rank).toBe(1);
    expect(s.loss).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 7);
    expect(s.perplexity).toBeCloseTo(Math.sqrt(8), 6);
  });

  it('a uniform model has loss ln V and perplexity V, and spreads its bets over V words', () => {
    const V = 224;
    const s = scoreSentence(logitsOf(Array.from({ length: 5 }, () => new Array<number>(V).fill(0.3))), [1, 10, 11, 12, 13], 0);
    expect(s.loss).toBeCloseTo(Math.log(V), 10);
    expect(s.perplexity).toBeCloseTo(V, 8);
    expect(s.spread).toBeCloseTo(V, 8);
    expect(perplexityOf(Math.log(V))).toBeCloseTo(V, 10);
  });

  it('leaves unknown next words out of the mean and says when nothing is left', () => {
    const logits = logitsOf([[0, 1, 2], [2, 1, 0], [0, 0, 0]]);
    const s = scoreSentence(logits, [1, 0, 2], 0);
    expect(s.examples.map((e) => e.counted)).toEqual([false, true]);
    expect(s.counted).toBe(1);
    expect(s.loss).toBeCloseTo(s.examples[1]!.nll, 12);
    const none = scoreSentence(logitsOf([[0, 1, 2], [0, 0, 0]]), [1, 0], 0);
    expect(none.counted).toBe(0);
    expect(Number.isNaN(none.loss)).toBe(true);
    expect(scoreSentence(logitsOf([[0, 1, 2]]), [1], 0).examples).toEqual([]);
  });

  it('agrees with the training loss, crossEntropy, on MiniSeek’s logits for the default sentence', () => {
    const { model, tokenizer } = loadModelDir();
    const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
    const { logits } = forward(model, ids);
    const ce = crossEntropy('loss', logits, [...ids.slice(1), -1]).data[0]!;
    expect(scoreSentence(logits, ids, tokenizer.unkId).loss).toBeCloseTo(ce, 5);
  });
});

describe('topWithTarget and contextText', () => {
  it('lists the favourites and adds the true word when it is not among them', () => {
    expect(topWithTarget(Float64Array.of(0.1, 0.6, 0.3), 2)).toEqual([{ id: 1, p: 0.6 }, { id: 2, p: 0.3 }]);
    expect(topWithTarget(Float64Array.of(0.1, 0.6, 0.3), 1, 0).map((c) => c.id)).toEqual([1, 0]);
    expect(topWithTarget(Float64Array.of(0.1, 0.6, 0.3), 2, 1).map((c) => c.id)).toEqual([1, 2]);
  });

  it('shortens long contexts from the left', () => {
    expect(contextText(['<bos>', 'the', 'keys'], 1)).toBe('<bos> the');
    expect(contextText(['<bos>', 'the', 'keys', 'to'], 3, 2)).toBe('… keys to');
  });
});

describe('pickColumns', () => {
  it('copies the chosen columns in order and rejects one outside', () => {
    const m = logitsOf([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(pickColumns(m, [2, 0]).data)).toEqual([3, 1, 6, 4]);
    expect(() => pickColumns(m, [3])).toThrow(/outside/);
  });
});

describe('the spread e^(mean entropy) beside the perplexity', () => {
  it('differs from the perplexity when the truth is not where the model bets: sure and wrong, unsure and right', () => {
    // Row 0 bets almost everything on id 1, the truth is id 2: low entropy, high loss.
    const sureWrong = scoreSentence(logitsOf([[0, 10, 0, 0], [0, 0, 0, 0]]), [1, 2], 0);
    expect(sureWrong.spread).toBeLessThan(1.01);
    expect(sureWrong.perplexity).toBeGreaterThan(1000);
    const e = sureWrong.examples[0]!;
    expect(e.entropy).toBeCloseTo(entropyOf(Float32Array.of(0, 10, 0, 0)), 6);
  });

  it('entropyOf gives ln n for n equal logits and survives large ones', () => {
    expect(entropyOf([3, 3, 3, 3])).toBeCloseTo(Math.log(4), 12);
    expect(entropyOf([1000, 1000])).toBeCloseTo(Math.log(2), 12);
  });

  it('on the default sentence, the figure’s and the chapter’s numbers come from the same examples', () => {
    const { model, tokenizer } = loadModelDir();
    const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
    const s = scoreSentence(forward(model, ids).logits, ids, tokenizer.unkId);
    expect(s.spread).toBeCloseTo(Math.exp(s.examples.reduce((a, e) => a + e.entropy, 0) / s.counted), 10);
  });
});

describe('vocabularySplit', () => {
  it('counts special tokens, words and punctuation marks', () => {
    expect(vocabularySplit(['<unk>', '<bos>', 'the', 'keys', '.', '?'])).toEqual({ special: 2, words: 2, marks: 2 });
  });
});
