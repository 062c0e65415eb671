import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../../scripts/lib/model-dir';
import { forward } from '../../model/forward';
import { Tensor } from '../../model/tensor';
import { lookBack, mhaTraceNames, mhaView } from './mha-view';

describe('mhaView', () => {
  const { model, tokenizer } = loadModelDir();
  const c = model.config;
  const ids = tokenizer.encode('the keys to the old cabinet', { bos: true }).ids;
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

  it('lookBack leaves out the weight on <bos>', () => {
    const plane = new Tensor('p', [3, 3], Float32Array.from([1, 0, 0, 0.5, 0.5, 0, 0.5, 0.25, 0.25]));
    expect(lookBack(plane, 0)).toEqual({ head: 0, distance: 0.25, bosShare: 0.5, favourite: 1, favouriteWeight: 0.25 });
  });
});
