import { describe, expect, it } from 'vitest';
import { MINISEEK_DEFAULTS, parseConfig } from '../model/config';
import { seededRandom } from '../model/random';
import { initWeights } from '../model/weights';
import { learningRate, train, type TrainOptions } from './trainer';

const config = parseConfig({ ...MINISEEK_DEFAULTS, vocab_size: 12, bos_token_id: 1, eos_token_id: 2, pad_token_id: 0, hidden_size: 32, initializer_range: 0.1 });
// A stream with structure to learn: a repeating pattern with a little noise.
const rand = seededRandom(5);
const stream = Int32Array.from({ length: 2000 }, (_, i) => (rand() < 0.1 ? 3 + Math.floor(rand() * 9) : 3 + (i % 5)));
const options: TrainOptions = { steps: 12, batch: 2, seqLen: 16, lr: 1e-2, warmupSteps: 2, finalLrRatio: 0.1, biasGamma: 0.01, balanceAlpha: 1e-4, seed: 9 };

describe('train', () => {
  it('lowers the loss from the seed, and two runs give identical weights', () => {
    const a = initWeights(config, 1);
    const b = initWeights(config, 1);
    const logsA = train(config, a, stream, options);
    const logsB = train(config, b, stream, options);
    const first = (logsA[0]!.loss + logsA[1]!.loss) / 2;
    const last = (logsA[10]!.loss + logsA[11]!.loss) / 2;
    expect(last).toBeLessThan(first * 0.8);
    expect(logsB.map((l) => l.loss)).toEqual(logsA.map((l) => l.loss));
    for (const [name, t] of a) expect(b.get(name)!.data, name).toEqual(t.data);
  });

  it('moves the routing bias and logs each MoE layer\'s expert load', () => {
    const w = initWeights(config, 2);
    const logs = train(config, w, stream, { ...options, steps: 3 });
    expect(logs[0]!.load).toHaveLength(2); // layers 1 and 2 are MoE
    expect(logs[0]!.load[0]!.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    expect(Array.from(w.get('model.layers.1.mlp.gate.e_score_correction_bias')!.data).some((x) => x !== 0)).toBe(true);
  });
});

describe('learningRate', () => {
  it('warms up linearly, then decays by a cosine to the final ratio', () => {
    const o = { steps: 100, lr: 1, warmupSteps: 10, finalLrRatio: 0.1 };
    expect(learningRate(0, o)).toBeCloseTo(0.1);
    expect(learningRate(9, o)).toBeCloseTo(1);
    expect(learningRate(55, o)).toBeCloseTo(0.55);
    expect(learningRate(100, o)).toBeCloseTo(0.1);
  });
});
