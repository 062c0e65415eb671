import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../../scripts/lib/model-dir';
import { forward } from '../../model/forward';
import { absorbedAttention } from '../../model/mla-absorbed';
import { absorbedView, maxAbsDiff, mlaTraceNames, mlaView } from './mla-view';

describe('mlaView', () => {
  const { model, tokenizer } = loadModelDir();
  const c = model.config;
  const ids = tokenizer.encode('the keys to the old cabinet', { bos: true }).ids;
  const T = ids.length;
  const at = { layer: 2, head: 1, heads: c.num_attention_heads };
  const { trace } = forward(model, ids, { trace: mlaTraceNames(2) });
  const view = mlaView(trace, at);

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

  it('maxAbsDiff names the tensors when shapes differ', () => {
    expect(maxAbsDiff(view.v, view.v)).toBe(0);
    expect(() => maxAbsDiff(view.v, view.kRope)).toThrow(/has/);
  });
});
