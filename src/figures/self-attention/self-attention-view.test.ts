import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { forward } from '../../model/forward';
import { findSubjectHead } from '../attention/subject-head';
import { gathering, selfAttentionTraceNames, selfAttentionView } from './self-attention-view';
import { previousWordReaders } from './self-attention-view';

describe('selfAttentionView', () => {
  const { model, tokenizer } = loadModelDir();
  const { ids, tokens } = tokenizer.encode(DEFAULT_SENTENCE, { bos: true });
  const { trace } = forward(model, ids, { trace: selfAttentionTraceNames(model.config.num_hidden_layers) });
  const heads = model.config.num_attention_heads;
  const subject = findSubjectHead(model, tokenizer);
  const view = selfAttentionView(trace, { ...subject, heads });
  const T = ids.length;

  it('computes every q·k pair, masks j > i to −∞, and agrees with the traced scores after ÷√d_k', () => {
    expect(view.dK).toBe(24);
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) {
        expect(Number.isFinite(view.dots.at(i, j))).toBe(true);
        if (j > i) {
          expect(view.masked.at(i, j)).toBe(-Infinity);
          expect(view.scores.at(i, j)).toBe(-Infinity);
          expect(view.weights.at(i, j)).toBe(0);
        } else {
          expect(view.masked.at(i, j)).toBe(view.dots.at(i, j));
          expect(view.scores.at(i, j)).toBeCloseTo(view.dots.at(i, j) / Math.sqrt(24), 4);
        }
      }
      expect(view.weights.row(i).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    }
  });

  it('takes a token’s output apart into a_ij v_j whose sum is the traced output row', () => {
    for (const i of [0, 3, T - 1]) {
      const g = gathering(view, i);
      expect(g.parts.shape).toEqual([i + 1, 16]);
      g.sum.row(0).forEach((x, m) => expect(x).toBeCloseTo(view.output.at(i, m), 4));
    }
  });

  it('shows the subject head: the last token looks most at "keys"', () => {
    const g = gathering(view, T - 1);
    const best = g.weights.indexOf(Math.max(...g.weights));
    expect(tokens[best]).toBe('keys');
  });

  it('names every layer and refuses a layer the trace lacks', () => {
    expect(selfAttentionTraceNames(3)).toHaveLength(21);
    expect(() => selfAttentionView(new Map(), { layer: 0, head: 0, heads })).toThrow(/lacks layers\.0\.attn\.q/);
  });
});

describe('unmaskedFutureShare', () => {
  it('is 0 for the last token and between 0 and 1 before it', async () => {
    const { model, tokenizer } = loadModelDir();
    const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
    const { trace } = forward(model, ids, { trace: selfAttentionTraceNames(3) });
    const view = selfAttentionView(trace, { layer: 2, head: 1, heads: 4 });
    const { unmaskedFutureShare } = await import('./self-attention-view');
    expect(unmaskedFutureShare(view, ids.length - 1)).toBe(0);
    const share = unmaskedFutureShare(view, 2);
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
  });
});

describe('previousWordReaders', () => {
  const habit = (head: number, previous: number) => ({ layer: 2, head, previous, bos: 0, self: 0 });
  it('names the best head, and any within the tie of it, best first', () => {
    expect(previousWordReaders([habit(0, 0.2), habit(1, 0.37), habit(2, 0.36), habit(3, 0.3)]).map((h) => h.head)).toEqual([1, 2]);
    expect(previousWordReaders([habit(0, 0.9), habit(1, 0.5)]).map((h) => h.head)).toEqual([0]);
    expect(previousWordReaders([])).toEqual([]);
  });
});

