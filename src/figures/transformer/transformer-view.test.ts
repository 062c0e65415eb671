import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { forward } from '../../model/forward';
import { verbNumber } from '../../corpus/verb-number';
import { TOP_K, nextWord, rms, topCandidates, transformerTraceNames, transformerView, temperatureProbs } from './transformer-view';

describe('transformerView', () => {
  const { model, tokenizer } = loadModelDir();
  const c = model.config;
  const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
  const { trace, logits } = forward(model, ids, { trace: transformerTraceNames(c) });
  const view = transformerView(trace, c);
  const T = ids.length;
  const D = c.hidden_size;

  it('asks for the stream at every stage, with mlp.out for dense and moe.out for MoE layers', () => {
    const names = transformerTraceNames(c);
    expect(names).toContain('layers.0.mlp.out');
    expect(names).toContain(`layers.${c.num_hidden_layers - 1}.moe.out`);
    expect(names.at(-1)).toBe('logits');
    expect(view.layers.map((l) => l.moe)).toEqual([false, true, true]);
  });

  it('each sub-layer adds to the stream: x½ = x + Attn, x′ = x½ + FFN, and the next layer reads x′', () => {
    for (const l of view.layers) {
      for (let i = 0; i < T * D; i += 37) {
        expect(l.afterAttn.data[i]).toBeCloseTo(l.input.data[i]! + l.attn.data[i]!, 5);
        expect(l.output.data[i]).toBeCloseTo(l.afterAttn.data[i]! + l.ffn.data[i]!, 5);
      }
      if (l.layer > 0) expect(Array.from(l.input.data)).toEqual(Array.from(view.layers[l.layer - 1]!.output.data));
    }
    expect(Array.from(view.layers[0]!.input.data)).toEqual(Array.from(view.embed.data));
  });

  it('stacks the last token at each stage, and the final norm has RMS near its weights', () => {
    expect(view.stream.shape).toEqual([2 * c.num_hidden_layers + 1, D]);
    expect(Array.from(view.stream.row(0))).toEqual(Array.from(view.embed.row(T - 1)));
    expect(Array.from(view.stream.row(view.stream.shape[0]! - 1))).toEqual(Array.from(view.layers.at(-1)!.output.row(T - 1)));
    expect(view.streamStages).toHaveLength(view.stream.shape[0]!);
    // Layers counted from 1, as the layer buttons and the read-outs count them.
    expect(view.streamStages.slice(0, 3)).toEqual(['x₀ (embedding)', 'x₁₋½ (+ attention, layer 1)', 'x₁ (+ FFN, layer 1)']);
    expect(view.streamStages.at(-1)).toBe(`x${'₀₁₂₃₄₅₆₇₈₉'[c.num_hidden_layers]} (+ MoE, layer ${c.num_hidden_layers})`);
    expect(rms(Float32Array.of(3, 4, 0, 0))).toBeCloseTo(2.5, 6);
  });

  it('lists the last position\'s top words with softmax probabilities over the whole vocabulary', () => {
    expect(view.top).toHaveLength(TOP_K);
    const row = Array.from(logits.row(T - 1));
    expect(view.top[0]!.logit).toBe(Math.max(...row));
    const total = row.reduce((s, z) => s + Math.exp(z - view.top[0]!.logit), 0);
    expect(view.top[0]!.p).toBeCloseTo(1 / total, 6);
    for (let t = 0; t < T; t++) view.top.forEach((cand, j) => expect(view.topLogits.at(t, j)).toBe(logits.at(t, cand.id)));
    // MiniSeek agrees the verb with "keys": the most likely next word is the plural "are".
    expect(nextWord(view.top, (id) => tokenizer.tokenOf(id))).toBe('are');
  });

  it('skips special tokens when choosing the word to append', () => {
    const words = ['<eos>', 'are'];
    expect(nextWord(topCandidates(Float32Array.of(5, 1), 2), (id) => words[id]!)).toBe('are');
    expect(nextWord(topCandidates(Float32Array.of(5), 1), () => '<eos>')).toBeUndefined();
  });
});

describe('temperatureProbs', () => {
  it('is the softmax at τ = 1, sharpens below 1 and flattens above', () => {
    const z = Float32Array.of(2, 1, 0, -1);
    const p1 = temperatureProbs(z, 1);
    const e = Array.from(z, Math.exp);
    const total = e.reduce((s, x) => s + x, 0);
    p1.forEach((p, i) => expect(p).toBeCloseTo(e[i]! / total, 6));
    expect(temperatureProbs(z, 0.25)[0]).toBeGreaterThan(p1[0]! + 0.2);
    expect(temperatureProbs(z, 4)[0]).toBeLessThan(p1[0]!);
    for (const tau of [0.25, 1, 4]) expect(temperatureProbs(z, tau).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    expect(() => temperatureProbs(z, 0)).toThrow(/positive/);
  });
});

describe('the transformer chapter\'s claim about the default sentence', () => {
  it('MiniSeek\'s favourite next word is a plural verb, agreeing with "keys" past the singular "cabinet"', () => {
    const { model, tokenizer } = loadModelDir();
    const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
    const { trace } = forward(model, ids, { trace: ['logits'] });
    const logits = trace.get('logits')!;
    const [best] = topCandidates(logits.row(ids.length - 1), 1);
    expect(verbNumber(tokenizer.tokenOf(best!.id))).toBe('plural');
  });
});
