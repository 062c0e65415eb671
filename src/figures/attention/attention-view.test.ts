import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../../scripts/lib/model-dir';
import { forward } from '../../model/forward';
import { attentionTraceNames, attentionView } from './attention-view';

describe('attentionView', () => {
  const { model, tokenizer } = loadModelDir();
  const ids = tokenizer.encode('the keys to the old cabinet', { bos: true }).ids;
  const { trace } = forward(model, ids, { trace: attentionTraceNames(2) });
  const view = attentionView(trace, { layer: 2, head: 1, heads: 4 });

  it('cuts one head: d_k = d_nope + d_rope, scores = q·k/√d_k, weights rows sum to 1', () => {
    expect(view.dK).toBe(24);
    const T = ids.length;
    const dot = view.q.row(T - 1).reduce((s, x, i) => s + x * view.k.at(2, i), 0);
    expect(view.dots.at(T - 1, 2)).toBeCloseTo(dot, 4);
    expect(view.scores.at(T - 1, 2)).toBeCloseTo(dot / Math.sqrt(24), 4);
    expect(view.scores.at(0, 1)).toBe(-Infinity);
    expect(view.weights.row(T - 1).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
  });

  it('follows the last token to the word it weighs most: the subject "keys"', () => {
    expect(view.row).toBe(ids.length - 1);
    expect(tokenizer.tokenOf(ids[view.col]!)).toBe('keys');
  });
});
