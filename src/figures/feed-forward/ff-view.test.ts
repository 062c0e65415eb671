import { describe, expect, it } from 'vitest';
import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { forward } from '../../model/forward';
import { loadModelDir } from '../../model/model-dir';
import { feedForwardTraceNames, feedForwardView, gateSummary, productRows, promoted, rowNorm, silu, siluMinimum, strongestTable, strongestUnits, triggerToken, valueWords } from './ff-view';

describe('feedForwardView', () => {
  const { model, tokenizer } = loadModelDir();
  const { ids, tokens } = tokenizer.encode(DEFAULT_SENTENCE, { bos: true });
  const { trace } = forward(model, ids, { trace: feedForwardTraceNames() });
  const view = feedForwardView(trace);
  const T = ids.length;
  const F = model.config.intermediate_size;

  it('rebuilds the traced activations from the traced gate and up projections: h = SiLU(g) ⊙ a', () => {
    expect(view.gate.shape).toEqual([T, F]);
    for (let i = 0; i < view.hidden.size; i++) expect(view.hidden.data[i]).toBeCloseTo(silu(view.gate.data[i]!) * view.up.data[i]!, 5);
    const rows = productRows(view, T - 1);
    expect(Array.from(rows.data.subarray(2 * F))).toEqual(Array.from(view.hidden.row(T - 1)));
  });

  it('adds the output to the stream: x′ = x + y', () => {
    for (let i = 0; i < view.output.size; i++) expect(view.output.data[i]).toBeCloseTo(view.x.data[i]! + view.out.data[i]!, 4);
  });

  it('finds SiLU’s dip at z ≈ −1.28, value ≈ −0.278', () => {
    const dip = siluMinimum();
    expect(dip.at).toBeCloseTo(-1.2785, 3);
    expect(dip.value).toBeCloseTo(-0.27846, 4);
  });

  it('counts the closed gates and ranks units by |h|', () => {
    const g = gateSummary(view, T - 1);
    expect(g.closed).toBe(Array.from(view.gate.row(T - 1)).filter((x) => x < 0).length);
    expect(g.closedShare).toBeGreaterThan(0);
    expect(g.closedShare).toBeLessThan(0.5);
    const closedH = Array.from(view.hidden.row(T - 1)).filter((_, j) => view.gate.at(T - 1, j) < 0).map(Math.abs);
    expect(g.strongestClosed).toBe(Math.max(...closedH));
    // Each closed unit passes at most −min SiLU ≈ 0.278 of its a_j.
    for (let j = 0; j < F; j++) if (view.gate.at(T - 1, j) < 0) expect(Math.abs(view.hidden.at(T - 1, j))).toBeLessThanOrEqual(0.2785 * Math.abs(view.up.at(T - 1, j)) + 1e-6);
    const top = strongestUnits(view.hidden, 2, 3);
    expect(Math.abs(top[0]!.value)).toBeGreaterThanOrEqual(Math.abs(top[1]!.value));
    expect(Math.abs(top[0]!.value)).toBe(Math.max(...Array.from(view.hidden.row(2), Math.abs)));
    const table = strongestTable(view.hidden, 3);
    expect(table.values.shape).toEqual([T, 3]);
    expect(table.units[2]).toEqual(top.map((a) => a.unit));
    expect(Math.abs(view.hidden.at(triggerToken(view.hidden, top[0]!.unit), top[0]!.unit))).toBeGreaterThanOrEqual(Math.abs(top[0]!.value));
  });

  // The why-SwiGLU step says no closed unit stands out on its own, while together they carry a real share.
  it('finds no closed unit among the strongest: each word’s strongest closed unit is under a quarter of its strongest open one', () => {
    for (let t = 1; t < T; t++) {
      const g = gateSummary(view, t);
      expect(g.strongestClosed, tokens[t]).toBeLessThan(g.strongestOpen / 4);
      expect(g.closedShare, tokens[t]).toBeGreaterThan(0.1);
    }
  });

  // The chapter says the first layer's update outweighs the stream it is added to; retraining could change that.
  it('writes an update larger than the stream for every word of the default sentence (the residual step’s claim)', () => {
    for (let t = 1; t < T; t++) expect(rowNorm(view.out, t) / rowNorm(view.x, t), tokens[t]).toBeGreaterThan(2);
  });

  it('reads each value vector as words, added and subtracted, without special tokens', () => {
    const words = valueWords(model, (id) => tokenizer.tokenOf(id), 3);
    expect(words).toHaveLength(F);
    for (const w of words) {
      expect(w.added).toHaveLength(3);
      expect(w.subtracted).toHaveLength(3);
      for (const x of [...w.added, ...w.subtracted]) expect(['<unk>', '<bos>', '<eos>', '<pad>']).not.toContain(x);
    }
    expect(promoted(words[0]!, -1)).toBe(words[0]!.subtracted);
  });

  it('refuses a trace without the dense layer', () => {
    expect(() => feedForwardView(new Map())).toThrow(/the trace lacks layers\.0\./);
  });
});
