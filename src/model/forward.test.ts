import { describe, expect, it } from 'vitest';
import { ropeTables, rope } from './attention-ops';
import { MINISEEK_DEFAULTS, parseConfig, type MiniSeekConfig } from './config';
import { forward, type MiniSeek } from './forward';
import { absorbedAttention } from './mla-absorbed';
import { chooseExperts, gateValues } from './moe-ops';
import { seededNormal } from './random';
import { Tensor } from './tensor';
import { initWeights } from './weights';

const config: MiniSeekConfig = parseConfig({ ...MINISEEK_DEFAULTS, vocab_size: 20, bos_token_id: 1, eos_token_id: 2, pad_token_id: 0, initializer_range: 0.2 });
const model: MiniSeek = { config, weights: initWeights(config, 7) };

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
}

describe('forward', () => {
  const ids = [1, 5, 9, 3, 5, 11, 2];

  it('gives one row of logits per position and the traced tensors with documented shapes', () => {
    const { logits, trace } = forward(model, ids, { trace: 'all' });
    expect(logits.shape).toEqual([7, 20]);
    expect(trace.get('layers.0.attn.c_kv')?.shape).toEqual([7, 16]);
    expect(trace.get('layers.0.attn.k_rope')?.shape).toEqual([7, 8]);
    expect(trace.get('layers.0.attn.probs')?.shape).toEqual([4, 7, 7]);
    expect(trace.get('layers.1.moe.chosen')?.shape).toEqual([7, 2]);
    expect(trace.has('layers.0.moe.chosen')).toBe(false); // layer 0 is dense (first_k_dense_replace = 1)
    expect(trace.get('layers.0.mlp.out')?.shape).toEqual([7, 64]);
  });

  it('splits u_t into each head\'s share: the heads\' outputs through their own columns of W^O sum to attn.out', () => {
    const { trace } = forward(model, ids, { trace: ['layers.1.attn.head_out', 'layers.1.attn.out'] });
    const parts = trace.get('layers.1.attn.head_out')!;
    const out = trace.get('layers.1.attn.out')!;
    expect(parts.shape).toEqual([4, 7, 64]);
    const total = new Float32Array(out.size);
    for (let h = 0; h < 4; h++) for (let i = 0; i < out.size; i++) total[i]! += parts.data[h * out.size + i]!;
    expect(maxAbsDiff(total, out.data)).toBeLessThan(1e-5);
    // Every head contributes something of its own.
    for (let h = 0; h < 4; h++) expect(Math.max(...parts.data.subarray(h * out.size, (h + 1) * out.size).map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('appending tokens leaves every earlier position\'s keys, values and logits bit for bit the same (what a KV cache relies on)', () => {
    const names = [0, 1, 2].flatMap((l) => [`layers.${l}.attn.k`, `layers.${l}.attn.v`, `layers.${l}.attn.c_kv`, `layers.${l}.attn.k_rope`]);
    const short = forward(model, ids.slice(0, 4), { trace: names });
    const long = forward(model, [...ids.slice(0, 4), 17, 18, 19], { trace: names });
    for (const name of names) {
      const a = short.trace.get(name)!;
      const b = long.trace.get(name)!;
      expect(Array.from(b.data.subarray(0, a.size)), name).toEqual(Array.from(a.data));
    }
    expect(Array.from(long.logits.data.subarray(0, 4 * 20))).toEqual(Array.from(short.logits.data));
  });

  it('is causal: a later token cannot change an earlier position', () => {
    const a = forward(model, ids).logits;
    const b = forward(model, [...ids.slice(0, 4), 17, 18, 19]).logits;
    expect(maxAbsDiff(a.data.subarray(0, 4 * 20), b.data.subarray(0, 4 * 20))).toBe(0);
    expect(maxAbsDiff(a.data.subarray(4 * 20), b.data.subarray(4 * 20))).toBeGreaterThan(0);
  });

  it('keeps attention probabilities causal rows that sum to one', () => {
    const probs = forward(model, ids, { trace: ['layers.2.attn.probs'] }).trace.get('layers.2.attn.probs')!;
    for (let h = 0; h < 4; h++)
      for (let t = 0; t < 7; t++) {
        const row = probs.data.subarray((h * 7 + t) * 7, (h * 7 + t + 1) * 7);
        expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
        for (let j = t + 1; j < 7; j++) expect(row[j]).toBe(0);
      }
  });

  it('routes every MoE token to k experts from topk_group groups, gates summing to routed_scaling_factor', () => {
    const { trace } = forward(model, ids, { trace: ['layers.1.moe.chosen', 'layers.1.moe.gates'] });
    const chosen = trace.get('layers.1.moe.chosen')!;
    const gates = trace.get('layers.1.moe.gates')!;
    for (let t = 0; t < 7; t++) {
      const [a, b] = chosen.row(t);
      expect(a).not.toBe(b);
      expect(Math.floor(a! / 4)).toBe(Math.floor(b! / 4)); // topk_group = 1: both from one group of 4
      expect(gates.row(t).reduce((s, g) => s + g, 0)).toBeCloseTo(2.5, 5);
    }
  });

  it('rejects empty and over-long inputs with a clear message', () => {
    expect(() => forward(model, [])).toThrow(/no tokens/);
    expect(() => forward(model, Array(129).fill(3))).toThrow(/exceed max_position_embeddings/);
    expect(() => forward(model, [99])).toThrow(/token id 99 is outside 0..19/);
  });
});

describe('MLA', () => {
  it('absorbed form (W^UK into the query, W^UV into the output) equals the explicit form to 1e-5', () => {
    const ids = [1, 4, 8, 15, 16, 8, 3, 2, 10];
    const { trace } = forward(model, ids, { trace: ['layers.1.attn_norm', 'layers.1.attn.probs', 'layers.1.attn.output', 'layers.1.attn.out'] });
    const absorbed = absorbedAttention(config, model.weights, 1, trace.get('layers.1.attn_norm')!);
    expect(maxAbsDiff(absorbed.probs.data, trace.get('layers.1.attn.probs')!.data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(absorbed.output.data, trace.get('layers.1.attn.output')!.data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(absorbed.out.data, trace.get('layers.1.attn.out')!.data)).toBeLessThan(1e-5);
  });
});

describe('RoPE', () => {
  it('makes q_m · k_n depend only on m − n', () => {
    const d = 8;
    const normal = seededNormal(3);
    const q = Float32Array.from({ length: d }, normal);
    const k = Float32Array.from({ length: d }, normal);
    const tables = ropeTables(40, d, 10000);
    const dotAt = (m: number, n: number, interleave: boolean) => {
      const place = (v: Float32Array, pos: number) => {
        const x = new Tensor('x', [40, d]);
        x.data.set(v, pos * d);
        return rope('r', x, 1, d, tables, interleave).row(pos);
      };
      const a = place(q, m);
      const b = place(k, n);
      return a.reduce((s, x, i) => s + x * b[i]!, 0);
    };
    for (const interleave of [true, false]) {
      const base = dotAt(5, 2, interleave);
      expect(dotAt(12, 9, interleave)).toBeCloseTo(base, 4);
      expect(dotAt(33, 30, interleave)).toBeCloseTo(base, 4);
      expect(Math.abs(dotAt(12, 2, interleave) - base)).toBeGreaterThan(1e-3);
    }
  });
});

describe('auxiliary-loss-free routing', () => {
  it('lets the bias change which experts are chosen but never the gate values', () => {
    const T = 1;
    const affinity = Float32Array.of(0.9, 0.8, 0.1, 0.2, 0.3, 0.35, 0.6, 0.7);
    const none = chooseExperts(affinity, new Float32Array(8), T, 8, 2, 1, 2);
    expect(Array.from(none.chosen)).toEqual([0, 1]);
    // A large bias on experts 6 and 7 moves the choice to the other group...
    const bias = Float32Array.of(0, 0, 0, 0, 0, 0, 0.5, 0.5);
    const biased = chooseExperts(affinity, bias, T, 8, 2, 1, 2);
    expect(Array.from(biased.chosen)).toEqual([7, 6]);
    // ...but the gates come from the unbiased affinities of the chosen experts: 0.7/(0.7+0.6) and 0.6/(0.7+0.6).
    const gates = gateValues('g', new Tensor('s', [1, 8], affinity), biased.chosen, 2, true, 1);
    expect(gates.data[0]).toBeCloseTo(0.7 / 1.3, 6);
    expect(gates.data[1]).toBeCloseTo(0.6 / 1.3, 6);
  });

  it('masks experts of dropped groups to 0.0 as the reference does', () => {
    // Group 1's experts have negative biased scores; group 0 wins, so they are never chosen.
    const affinity = Float32Array.of(0.2, 0.1, 0.05, 0.3, 0.01, 0.01, 0.01, 0.01);
    const r = chooseExperts(affinity, Float32Array.of(0, 0, 0, 0, -1, -1, -1, -1), 1, 8, 2, 1, 2);
    expect(Array.from(r.chosen)).toEqual([3, 0]);
  });
});

describe('trace catalog', () => {
  it('documents exactly the tensors forward can trace, with their shapes', async () => {
    const { traceCatalog } = await import('./trace-catalog');
    const ids = [1, 5, 9, 3, 5];
    const { trace } = forward(model, ids, { trace: 'all' });
    const catalog = traceCatalog(config, ids.length);
    // Every expert is listed; an expert no token chose is simply absent from this trace.
    const traced = [...trace.keys()].sort();
    const listed = catalog.map((e) => e.name).filter((n) => trace.has(n) || !/\.expert\.\d+$/.test(n)).sort();
    expect(traced).toEqual(listed);
    for (const entry of catalog) if (trace.has(entry.name)) expect(trace.get(entry.name)!.shape, entry.name).toEqual(entry.shape);
  });
});
