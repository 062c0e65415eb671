import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { forward } from '../../model/forward';
import { Tensor } from '../../model/tensor';
import { PREVIOUS_WORD_HABIT, headHabits, previousWordReaders } from '../self-attention/self-attention-view';
import { bosContribution, headRoles, lookBack, mhaTraceNames, mhaView, similarHead } from './mha-view';

describe('mhaView', () => {
  const { model, tokenizer } = loadModelDir();
  const c = model.config;
  const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
  const T = ids.length;
  const { trace } = forward(model, ids, { trace: mhaTraceNames(c.num_hidden_layers) });

  it('splits every layer into four heads of d_k = 24 and d_v = 16', () => {
    for (let layer = 0; layer < c.num_hidden_layers; layer++) {
      const view = mhaView(trace, { layer, heads: c.num_attention_heads });
      expect(view.q).toHaveLength(4);
      expect(view.dK).toBe(c.qk_nope_head_dim + c.qk_rope_head_dim);
      expect(view.dV).toBe(c.v_head_dim);
      // Head 3's first query entry is column 3·24 of the full Q.
      expect(view.q[3]!.at(T - 1, 0)).toBe(trace.get(`layers.${layer}.attn.q`)!.at(T - 1, 3 * 24));
      for (const p of view.probs) expect(p.row(T - 1).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    }
  });

  it('the concatenation is each head’s weighted sum of its values, side by side', () => {
    const view = mhaView(trace, { layer: 1, heads: 4 });
    for (let h = 0; h < 4; h++) {
      for (let d = 0; d < view.dV; d++) {
        let o = 0;
        for (let j = 0; j < T; j++) o += view.probs[h]!.at(T - 1, j) * view.v[h]!.at(j, d);
        expect(view.concat.at(T - 1, h * view.dV + d)).toBeCloseTo(o, 4);
      }
    }
    expect(view.out.shape).toEqual([T, c.hidden_size]);
  });

  it('the cache keeps 2·n_h·d_h numbers per token and layer', () => {
    const view = mhaView(trace, { layer: 0, heads: 4 });
    expect(view.cacheKeys.shape[1]! + view.cacheValues.shape[1]!).toBe(2 * 4 * c.qk_nope_head_dim);
  });

  it('in the last layer the subject head looks furthest back, at "keys"', () => {
    const view = mhaView(trace, { layer: 2, heads: 4 });
    expect(view.furthest).toBe(1);
    expect(tokenizer.tokenOf(ids[view.looks[1]!.favourite]!)).toBe('keys');
  });

  it('on the default sentence another head also rests on "keys", as the prose says beside the furthest head', () => {
    const view = mhaView(trace, { layer: 2, heads: 4 });
    const twin = similarHead(view.looks, view.furthest);
    expect(twin).toBeDefined();
    expect(twin!.head).not.toBe(view.furthest);
    expect(tokenizer.tokenOf(ids[twin!.favourite]!)).toBe('keys');
  });

  it('on the default sentence the closest head rests on <bos>, so it has no twin and the layer is not said to work in pairs; at the last token none reads the previous word, and no head reads mainly the previous word (the prose says so)', () => {
    const view = mhaView(trace, { layer: 2, heads: 4 });
    const roles = headRoles(view.looks);
    const near = view.looks[roles.closest]!;
    expect(near.bosShare).toBeGreaterThanOrEqual(0.5);
    expect(similarHead(view.looks, roles.closest)).toBeUndefined();
    // At the last token no head of the layer reads the word just before.
    expect(Math.max(...view.probs.map((p) => p.at(T - 1, T - 2)))).toBeLessThan(0.05);
    // Over the sentence's rows the best previous-word reader stays under the habit line, in a near tie.
    const readers = previousWordReaders(headHabits(trace, c.num_hidden_layers, c.num_attention_heads));
    expect(readers[0]!.previous).toBeLessThan(PREVIOUS_WORD_HABIT);
    expect(readers.length).toBeGreaterThan(1);
  });

  it('similarHead wants the same favourite word with enough weight on it', () => {
    const look = (head: number, favourite: number, favouriteWeight: number) => ({ head, favourite, favouriteWeight }) as Parameters<typeof similarHead>[0][number];
    const looks = [look(0, 2, 0.9), look(1, 2, 0.6), look(2, 2, 0.4), look(3, 1, 0.95)];
    expect(similarHead(looks, 1)?.head).toBe(0);
    expect(similarHead(looks, 0)?.head).toBe(1);
    expect(similarHead(looks, 3)).toBeUndefined();
    expect(similarHead([look(0, 2, 0.9), look(1, 2, 0.3)], 0)).toBeUndefined();
  });

  it('lookBack measures distance over the real words only, weights renormalised without <bos>', () => {
    // Last row: 0.5 on <bos>, 0.25 on the word two back, 0.25 on itself.
    const plane = new Tensor('p', [3, 3], Float32Array.from([1, 0, 0, 0.5, 0.5, 0, 0.5, 0.25, 0.25]));
    const values = new Tensor('v', [3, 2], Float32Array.from([3, 4, 1, 0, 0, 0]));
    const look = lookBack(plane, values, 0);
    // (0.25·1 + 0.25·0) / 0.5: a head resting on <bos> is not counted as looking close.
    expect(look.distance).toBeCloseTo(0.5, 6);
    expect(look.bosShare).toBe(0.5);
    expect(look.favourite).toBe(1);
    expect(look.favouriteWeight).toBe(0.25);
    expect(look.favouriteAmongWords).toBeCloseTo(0.5, 6);
    expect(look.bosValueNorm).toBeCloseTo(5, 6);
    expect(look.maxWordValueNorm).toBeCloseTo(1, 6);
    expect(look.bosTermNorm).toBeCloseTo(2.5, 6);
    expect(look.wordTermsNorm).toBeCloseTo(0.25, 6);
    expect(bosContribution(look)).toMatch(/^This is not a way of adding nothing: <bos>’s value vector is the longest/);
  });

  it('on the default sentence the head resting most on <bos> gets a large term from it (the prose says so)', () => {
    const view = mhaView(trace, { layer: c.num_hidden_layers - 1, heads: c.num_attention_heads });
    const resting = view.looks[headRoles(view.looks).resting]!;
    expect(resting.bosShare).toBeGreaterThan(0.2);
    expect(resting.bosTermNorm).toBeGreaterThan(0.5 * resting.wordTermsNorm);
  });

  it('splits u into each head\'s share: head_i W^O_i summed over heads is the layer\'s output', () => {
    const view = mhaView(trace, { layer: 1, heads: 4 });
    for (let i = 0; i < view.out.size; i++) {
      const total = view.shares.reduce((s, share) => s + share.data[i]!, 0);
      expect(total).toBeCloseTo(view.out.data[i]!, 4);
    }
  });
});
