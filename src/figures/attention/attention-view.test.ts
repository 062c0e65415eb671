import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { forward } from '../../model/forward';
import { attentionTraceNames, attentionView } from './attention-view';
import { findSubjectHead } from './subject-head';

describe('attentionView', () => {
  const { model, tokenizer } = loadModelDir();
  const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
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

  it('in the head the chapters show (the measured subject head), the default sentence\'s last word looks at "keys"', () => {
    // The attention, self-attention and MLA chapters call this word the subject: retraining must keep it so.
    const subject = findSubjectHead(model, tokenizer);
    const { trace: t } = forward(model, ids, { trace: attentionTraceNames(subject.layer) });
    const shown = attentionView(t, { ...subject, heads: model.config.num_attention_heads });
    expect(tokenizer.tokenOf(ids[shown.col]!)).toBe('keys');
    expect(shown.weights.at(shown.row, shown.col)).toBeGreaterThan(0.5);
  });
});
