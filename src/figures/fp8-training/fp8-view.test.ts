import { describe, expect, it } from 'vitest';
import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { loadModelDir } from '../../model/model-dir';
import { accumulationView, DEFAULT_BLOCK, DEFAULT_LINEAR, effectView, linearChoices, policyView, readModel, scalingView, syntheticProducts } from './fp8-view';

const { model, tokenizer } = loadModelDir();
const ids = tokenizer.encode(DEFAULT_SENTENCE, { bos: true }).ids;
const reading = readModel(model, ids);
const down = reading.calls.find((c) => c.name === DEFAULT_LINEAR)!;

describe('the FP8 figure’s numbers', () => {
  it('offers the attention, dense and shared-expert linears, not the router, lm_head or routed experts', () => {
    const names = linearChoices(reading);
    expect(names).toContain(DEFAULT_LINEAR);
    expect(names).toContain('layers.2.attn.kv_b');
    expect(names.some((n) => /router|expert\.|^logits$/.test(n))).toBe(false);
  });

  // The chapter's claims about the trained checkpoint on its default sentence: retraining that changes them fails here.
  it('finds a real outlier in the down projection’s input that underflows values under one scale but not in tiles', () => {
    const v = scalingView(down, DEFAULT_BLOCK, 1);
    expect(v.amax / v.median).toBeGreaterThan(100);
    expect(v.perTensor.underflows).toBeGreaterThan(0);
    expect(v.perTile.underflows).toBe(0);
    expect(v.perTile.error).toBeLessThan(v.perTensor.error);
    expect(v.tileErrors.shape).toEqual([ids.length, 128 / DEFAULT_BLOCK]);
    expect(v.weightErrors.shape).toEqual([64 / DEFAULT_BLOCK, 128 / DEFAULT_BLOCK]);
    // A larger outlier underflows more values.
    expect(scalingView(down, DEFAULT_BLOCK, 1000).perTensor.underflows).toBeGreaterThan(v.perTensor.underflows);
    // "almost the same": MiniSeek's weights have no outliers.
    expect(Math.abs(v.weightError - v.weightPerTensorError)).toBeLessThan(0.2 * v.weightPerTensorError);
  });

  it('simulates the accumulator: error grows with K without promotion, stays small with it', () => {
    const rows = accumulationView(14, 128);
    const at = (K: number) => rows.find((r) => r.K === K)!;
    expect(at(4096).limited).toBeGreaterThan(0.005);
    expect(at(4096).promoted).toBeLessThan(at(4096).limited / 10);
    expect(at(16384).limited).toBeGreaterThan(at(4096).limited);
    expect(syntheticProducts(8)).toEqual(syntheticProducts(8));
  });

  it('compares MiniSeek’s next words with and without FP8 linears, as the CLI computes them', () => {
    const e = effectView(model, ids, DEFAULT_BLOCK, reading.logits, (id) => tokenizer.tokenOf(id));
    expect(e.rows).toHaveLength(ids.length);
    expect(e.agree).toBe(ids.length); // the chapter's "same next word at every position" on its default sentence
    expect(e.maxGap).toBeGreaterThan(0);
    const exact = effectView(model, ids, 1, reading.logits, (id) => tokenizer.tokenOf(id));
    expect(exact.maxGap).toBeLessThan(1e-3);
  });

  it('counts the parameters by what the recipe does with them', () => {
    const rows = policyView(model);
    const total = rows.reduce((s, r) => s + r.params, 0);
    let all = 0;
    for (const t of model.weights.values()) all += t.size;
    expect(total).toBe(all);
    expect(rows.find((r) => r.kind === 'output head (lm_head)')!.precision).toBe('full');
    expect(rows.find((r) => r.kind === 'routed expert')!.linears).toBe(3 * model.config.n_routed_experts * (model.config.num_hidden_layers - model.config.first_k_dense_replace));
  });
});
