import { describe, expect, it } from 'vitest';
import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { forward } from '../../model/forward';
import { loadModelDir } from '../../model/model-dir';
import { Tensor } from '../../model/tensor';
import { silu } from './neuron-math';
import { siluMinimum } from '../feed-forward/ff-view';
import { activationTable, biasTensors, chooseUnit, extremes, GATE_WEIGHT, negativeSilu, neuronTraceNames, neuronView, onCount, productRows, unitWeights } from './neuron-view';

const { model, tokenizer } = loadModelDir();
const run = (sentence: string) => forward(model, tokenizer.encode(sentence, { bos: true }).ids, { trace: neuronTraceNames() }).trace;

describe('a neuron of MiniSeek', () => {
  const trace = run(DEFAULT_SENTENCE);
  const gate = trace.get('layers.0.mlp.gate')!;
  const unit = chooseUnit(gate);
  const w = unitWeights(model, unit);
  const view = neuronView(trace, w);

  it('is one row of the gate projection, stored output by input', () => {
    const W = model.weights.get(GATE_WEIGHT)!;
    expect(W.shape).toEqual([model.config.intermediate_size, model.config.hidden_size]);
    expect(w.length).toBe(model.config.hidden_size);
    expect(Array.from(w)).toEqual(Array.from(W.row(unit)));
    expect(() => unitWeights(model, model.config.intermediate_size)).toThrow('is not a row of');
  });

  it('gives, for every token, the weighted sum MiniSeek computed itself (no bias)', () => {
    const T = gate.shape[0]!;
    for (let t = 0; t < T; t++) expect(view.sums[t]!).toBeCloseTo(gate.at(t, unit), 4);
    const products = productRows(view, w, T - 1);
    const sum = Array.from(products.row(2)).reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(gate.at(T - 1, unit), 4);
  });

  it('is chosen as the unit whose weighted sum spreads most over the sentence, on for some words and off for others', () => {
    const spread = (j: number) => {
      const col = Array.from({ length: gate.shape[0]! - 1 }, (_, t) => gate.at(t + 1, j));
      return Math.max(...col) - Math.min(...col);
    };
    for (let j = 0; j < gate.shape[1]!; j++) expect(spread(j)).toBeLessThanOrEqual(spread(unit));
    const { high, low } = extremes(view.sums);
    expect(view.sums[high]!).toBeGreaterThan(0);
    expect(view.sums[low]!).toBeLessThan(0);
    expect(onCount(view.sums)).toBeGreaterThan(0);
    expect(onCount(view.sums)).toBeLessThan(gate.shape[0]! - 1);
  });

  it('tabulates z and its three activations', () => {
    const table = activationTable(view.sums);
    expect(table.shape).toEqual([view.sums.length, 4]);
    expect(table.at(1, 1)).toBeCloseTo(silu(view.sums[1]!), 6);
    expect(table.at(1, 2)).toBe(Math.fround(Math.max(0, view.sums[1]!)));
  });

  it('says where SiLU puts the negative sums: not at 0 (the prose\u2019s range holds)', () => {
    const neg = negativeSilu(view.sums);
    const negatives = Array.from(view.sums.slice(1)).filter((z) => z < 0);
    expect(neg.count).toBe(negatives.length);
    expect(neg.lo).toBe(Math.min(...negatives.map(silu)));
    expect(neg.hi).toBe(Math.max(...negatives.map(silu)));
    expect(silu(view.sums[neg.at!]!)).toBe(neg.lo);
    // SiLU never goes below its dip; even at −5, where the prose says it is almost 0, it is not exactly 0.
    expect(neg.lo!).toBeGreaterThanOrEqual(siluMinimum().value - 1e-9);
    expect(Math.abs(silu(-5))).toBeGreaterThan(0.03);
    expect(negativeSilu([0, 1, 2])).toEqual({ count: 0, lo: undefined, hi: undefined, at: undefined });
    expect(negativeSilu([0, -1, 2]).at).toBe(1);
  });

  it('has no linear-layer bias in the checkpoint: the only biases are the routers\u2019', () => {
    const names = biasTensors(model);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/\.mlp\.gate\.e_score_correction_bias$/);
    expect([...model.weights.keys()].some((n) => n.endsWith('proj.weight'))).toBe(true);
    expect([...model.weights.keys()].some((n) => n.endsWith('proj.bias'))).toBe(false);
  });

  it('rejects a trace without the layer and weights of the wrong size', () => {
    expect(() => neuronView(new Map(), w)).toThrow('the trace lacks layers.0.ffn_norm');
    expect(() => neuronView(trace, [1, 2])).toThrow('has 2 weights');
    expect(() => chooseUnit(new Tensor('g', [1, 4]))).toThrow('at least one word');
  });
});
