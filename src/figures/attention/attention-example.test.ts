import { describe, expect, it } from 'vitest';
import { attentionExample } from './attention-example';

describe('attentionExample', () => {
  const ex = attentionExample();

  it('has the shapes of the equation', () => {
    expect(ex.tokens).toEqual(['the', 'keys', 'to', 'the', 'cabinet', 'are']);
    expect(ex.q.shape).toEqual([6, 4]);
    expect(ex.scores.shape).toEqual([6, 6]);
    expect(ex.output.shape).toEqual([6, 4]);
  });

  it('computes each score as a dot product, scaled by 1/√d_k', () => {
    const dot = ex.q.row(5).reduce((s, qi, i) => s + qi * ex.k.at(1, i), 0);
    expect(ex.scores.at(5, 1)).toBeCloseTo(dot, 5);
    expect(ex.scaled.at(5, 1)).toBeCloseTo(dot / 2, 5);
  });

  it('turns every row into weights that sum to one and mixes values with them', () => {
    for (let t = 0; t < 6; t++) expect(ex.weights.row(t).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 6);
    const mixed = [0, 1, 2, 3].map((j) => ex.tokens.reduce((s, _, i) => s + ex.weights.at(2, i) * ex.v.at(i, j), 0));
    mixed.forEach((m, j) => expect(ex.output.at(2, j)).toBeCloseTo(m, 5));
  });

  it('gives a repeated word the same embedding, and is the same on every run', () => {
    expect(Array.from(ex.x.row(0))).toEqual(Array.from(ex.x.row(3)));
    expect(attentionExample().weights.data).toEqual(ex.weights.data);
  });

  it('has weights that are not uniform (the example shows a preference)', () => {
    const row = Array.from(ex.weights.row(5));
    expect(Math.max(...row) - Math.min(...row)).toBeGreaterThan(0.1);
  });

  it('rejects an empty sentence', () => {
    expect(() => attentionExample('   ')).toThrow(/no words/);
  });
});
