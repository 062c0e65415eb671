import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelDir } from '../model/model-dir';
import { useFastKernels } from '../model/kernels/active';
import { TRAINING } from '../train/recipe';
import { DEFAULT_LM_CONFIG, DEFAULT_LM_SETTINGS, HELD_OUT_EVERY, LmEngine, SEQ_LEN, labTokenizer, thin } from './engine';
import { heldOutScore, heldOutStream, logSoftmaxAt } from '../train/held-out';
import { LmServer } from './protocol';

beforeAll(async () => {
  expect((await useFastKernels()).name).toBe('wasm-simd');
});

const losses = (e: LmEngine) => e.snapshot('the keys to the').history.map(([, l]) => l);

describe('the language-model lab engine', () => {
  it('is seeded: the same settings give the same losses bit for bit; another seed, others', async () => {
    const a = new LmEngine({ size: 'small', seed: 1 }, DEFAULT_LM_SETTINGS);
    const b = new LmEngine({ size: 'small', seed: 1 }, DEFAULT_LM_SETTINGS);
    await a.run(6);
    await b.run(3);
    await b.run(3); // split across requests: the same curve
    expect(losses(b)).toEqual(losses(a));
    expect(b.snapshot('the keys to the').guesses).toEqual(a.snapshot('the keys to the').guesses);
    const c = new LmEngine({ size: 'small', seed: 2 }, DEFAULT_LM_SETTINGS);
    await c.run(6);
    expect(losses(c)).not.toEqual(losses(a));
  });

  it('learns: after 40 steps of MiniSeek the training loss is well below the first', async () => {
    const e = new LmEngine(DEFAULT_LM_CONFIG, DEFAULT_LM_SETTINGS);
    await e.run(40);
    const h = losses(e);
    expect(h).toHaveLength(41);
    expect(h[0]).toBeGreaterThan(5); // about ln 224 = 5.41 untrained
    expect(h.at(-1)!).toBeLessThan(h[0]! - 1.5);
    expect(e.snapshot('x').tokens).toBe(40 * DEFAULT_LM_SETTINGS.batch * SEQ_LEN);
  }, 60_000);

  it('measures its held-out loss at step 0 and every HELD_OUT_EVERY steps, with the function the reference uses', async () => {
    const e = new LmEngine({ size: 'small', seed: 3 }, { lr: 0.01, batch: 1 });
    await e.run(HELD_OUT_EVERY);
    const held = e.snapshot('the').heldOut;
    expect(held.map(([s]) => s)).toEqual([0, HELD_OUT_EVERY]);
    expect(held[1]![1]).toBeCloseTo(heldOutScore(e.backend.model, e.tokenizer).loss, 12);
    expect(held[1]![1]).toBeLessThan(held[0]![1]);
  }, 60_000);

  it('guesses the next word: five words with probabilities that fall, and names unknown words', () => {
    const e = new LmEngine({ size: 'small', seed: 1 }, DEFAULT_LM_SETTINGS);
    const g = e.guesses('the keys to the zorblax');
    expect(g.top).toHaveLength(5);
    for (let i = 1; i < 5; i++) expect(g.top[i]!.p).toBeLessThanOrEqual(g.top[i - 1]!.p);
    expect(g.unknown).toEqual(['zorblax']);
    expect(g.words).toEqual(['the', 'keys', 'to', 'the', '<unk>']);
  });

  it('refuses bad settings by name', () => {
    const e = new LmEngine({ size: 'small', seed: 1 }, DEFAULT_LM_SETTINGS);
    expect(() => (e.settings = { lr: 0, batch: 8 })).toThrow(/learning rate/);
    expect(() => (e.settings = { lr: 0.01, batch: 2.5 })).toThrow(/batch/);
  });
});

describe('the reference line', () => {
  it("is the shipped checkpoint's held-out loss by the same function, on a tokenizer identical to the corpus one", () => {
    const { model, tokenizer } = loadModelDir();
    const corpus = labTokenizer();
    expect(tokenizer.size).toBe(corpus.size);
    for (let i = 0; i < corpus.size; i++) expect(tokenizer.tokenOf(i)).toBe(corpus.tokenOf(i));
    const reference = heldOutScore(model, tokenizer).loss;
    // A trained model: far below the untrained ln V, above zero.
    expect(reference).toBeGreaterThan(1);
    expect(reference).toBeLessThan(3);
    expect(heldOutStream(tokenizer).length).toBeGreaterThan(1000);
  });

  it('log-softmax is stable for large logits', () => {
    expect(logSoftmaxAt([1000, 1000], 0)).toBeCloseTo(-Math.log(2), 12);
  });

  it('the lab reads windows of the recipe length', () => {
    expect(SEQ_LEN).toBe(TRAINING.options.seqLen);
  });
});

describe('the protocol', () => {
  it('resets, trains and reads; refuses work before a reset and too many steps', async () => {
    const server = new LmServer();
    expect(await server.handle({ kind: 'read', id: 1, sentence: 'the' })).toMatchObject({ kind: 'error', message: /no model/ });
    const first = await server.handle({ kind: 'reset', id: 2, config: { size: 'small', seed: 1 }, settings: DEFAULT_LM_SETTINGS, sentence: 'the keys' });
    expect(first).toMatchObject({ kind: 'snapshot', id: 2, snapshot: { step: 0, backend: 'cpu' } });
    const trained = await server.handle({ kind: 'train', id: 3, steps: 2, settings: DEFAULT_LM_SETTINGS, sentence: 'the keys' });
    expect(trained).toMatchObject({ kind: 'snapshot', id: 3, snapshot: { step: 2 } });
    expect(await server.handle({ kind: 'train', id: 4, steps: 500, settings: DEFAULT_LM_SETTINGS, sentence: '' })).toMatchObject({ kind: 'error' });
    expect(await server.handle({ kind: 'train', id: 5, steps: 1, settings: { lr: -1, batch: 8 }, sentence: '' })).toMatchObject({ kind: 'error', message: /learning rate/ });
  });

  it('thins a long history to its cap, keeping both ends', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    const t = thin(xs, 400);
    expect(t).toHaveLength(400);
    expect(t[0]).toBe(0);
    expect(t.at(-1)).toBe(999);
  });
});

describe('the lab’s parameter count', () => {
  it('is the trained tensors, with the routing biases apart, and together the chapter’s MiniSeek total', async () => {
    const { paramBreakdown } = await import('../model/param-count');
    const e = new LmEngine(DEFAULT_LM_CONFIG, DEFAULT_LM_SETTINGS);
    const snap = e.snapshot('the');
    const c = e.modelConfig;
    const moeLayers = c.num_hidden_layers - c.first_k_dense_replace;
    expect(snap.routingBiases).toBe(moeLayers * c.n_routed_experts);
    expect(snap.parameters + snap.routingBiases).toBe(paramBreakdown(c).total);
  });
});
