import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { forward } from '../../model/forward';
import { absorbedAttention } from '../../model/mla-absorbed';
import { Tensor } from '../../model/tensor';
import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { absorbedView, contentScores, maxAbsDiff, mlaTraceNames, mlaView, scoreParts } from './mla-view';
import { ropeInTheWay } from './rope-in-the-way';

describe('mlaView', () => {
  const { model, tokenizer } = loadModelDir();
  const c = model.config;
  const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
  const T = ids.length;
  const at = { layer: 2, head: 1, heads: c.num_attention_heads };
  const { trace } = forward(model, ids, { trace: mlaTraceNames(2) });
  const view = mlaView(trace, at);

  it('splits each score into content and rotary matches that, scaled, give the traced weights; for the subject head the rotary part carries most of it (the prose says so)', () => {
    const T = view.probs.shape[0]!;
    const dK = c.qk_nope_head_dim + c.qk_rope_head_dim;
    const row = view.row;
    const scores = Array.from({ length: row + 1 }, (_, j) => {
      const p = scoreParts(view, row, j);
      return (p.content + p.rotary) / Math.sqrt(dK);
    });
    const top = Math.max(...scores);
    const total = scores.reduce((s, x) => s + Math.exp(x - top), 0);
    scores.forEach((x, j) => expect(Math.exp(x - top) / total).toBeCloseTo(view.probs.at(row, j), 5));
    expect(T).toBe(ids.length);
    const favourite = scores.indexOf(top);
    expect(tokenizer.tokenOf(ids[favourite]!)).toBe('keys');
    const parts = scoreParts(view, row, favourite);
    expect(parts.rotary).toBeGreaterThan(parts.content);
  });

  it('cuts the latent, the shared RoPE key and one head with the shapes of the config', () => {
    expect(view.cKv.shape).toEqual([T, c.kv_lora_rank]);
    expect(view.kRope.shape).toEqual([T, c.qk_rope_head_dim]);
    expect(view.cQ.shape).toEqual([T, c.q_lora_rank]);
    expect(view.kNope.shape).toEqual([T, c.qk_nope_head_dim]);
    expect(view.v.shape).toEqual([T, c.v_head_dim]);
    expect(view.qRope.shape).toEqual([T, c.qk_rope_head_dim]);
    expect(view.row).toBe(T - 1);
  });

  it('builds the head key from its own k^C and the one k^R every head shares (eq. 4)', () => {
    for (let t = 0; t < T; t++) {
      expect(Array.from(view.k.row(t).subarray(0, c.qk_nope_head_dim))).toEqual(Array.from(view.kNope.row(t)));
      expect(Array.from(view.k.row(t).subarray(c.qk_nope_head_dim))).toEqual(Array.from(view.kRope.row(t)));
    }
  });

  it('finds k^C = W^UK c^KV from the latent alone (eq. 2)', () => {
    const kvB = model.weights.get('model.layers.2.self_attn.kv_b_proj.weight')!;
    const dc = c.kv_lora_rank;
    const rowOf = (i: number) => (at.head * (c.qk_nope_head_dim + c.v_head_dim) + i) * dc;
    const t = view.row;
    for (let i = 0; i < c.qk_nope_head_dim; i++) {
      let s = 0;
      for (let j = 0; j < dc; j++) s += kvB.data[rowOf(i) + j]! * view.cKv.at(t, j);
      expect(view.kNope.at(t, i)).toBeCloseTo(s, 5);
    }
  });

  it('agrees with the absorbed form to 1e-5: weights, head output and u_t', () => {
    const absorbed = absorbedView(absorbedAttention(c, model.weights, 2, view.h), view, at);
    expect(absorbed.maxDiffOutput).toBeLessThan(1e-5);
    expect(absorbed.maxDiffOut).toBeLessThan(1e-5);
    expect(absorbed.maxDiffProbs).toBeLessThan(1e-5);
    expect(absorbed.queryLatent.shape).toEqual([T, c.kv_lora_rank]);
  });

  it('scores the content part both ways alike: keys built from the latent, or the query moved into it', () => {
    const absorbed = absorbedView(absorbedAttention(c, model.weights, 2, view.h), view, at);
    const scores = contentScores(view, absorbed.queryLatent);
    expect(scores.explicit).toHaveLength(T);
    expect(scores.maxDiff).toBeLessThan(1e-5);
    expect(Math.max(...scores.explicit.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('shows why RoPE cannot rotate k^C: rotated scores equal one absorbed matrix\'s only at distance 0', () => {
    const w = ropeInTheWay(view.qNope, view.kNope, view.row, c.rope_theta, c.rope_interleave);
    expect(w.distance).toEqual(Array.from({ length: T }, (_, j) => T - 1 - j));
    expect(Math.abs(w.rotated[T - 1]! - w.absorbed[T - 1]!)).toBeLessThan(1e-5);
    // Elsewhere the rotation in the middle changes the score: no single matrix can stand for it.
    expect(w.maxDiff).toBeGreaterThan(0.05);
    // The rotated scores depend on the distance only: the same vectors two positions later give the same scores.
    const shift = (t: typeof view.qNope, p: number) => {
      const out = new Tensor('shifted', [T + p, t.shape[1]!]);
      out.data.set(t.data, p * t.shape[1]!);
      return out;
    };
    const later = ropeInTheWay(shift(view.qNope, 2), shift(view.kNope, 2), view.row + 2, c.rope_theta, c.rope_interleave);
    for (let j = 0; j < T; j++) expect(later.rotated[j + 2]).toBeCloseTo(w.rotated[j]!, 4);
  });

  it('maxAbsDiff names the tensors when shapes differ', () => {
    expect(maxAbsDiff(view.v, view.v)).toBe(0);
    expect(() => maxAbsDiff(view.v, view.kRope)).toThrow(/has/);
  });
});
