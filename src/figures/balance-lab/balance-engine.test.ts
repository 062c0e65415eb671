import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { forward } from '../../model/forward';
import { Tensor } from '../../model/tensor';
import { imbalance } from '../../train/load-balance';
import { BalanceLab, DEFAULT_RUN, DEFAULT_SETTINGS, LOAD_WINDOW, routerShape, type LabSettings } from './balance-engine';
import { startLab, trainedBiases } from './lab-protocol';
import { LAB_SEED, SentenceStream } from './sentence-stream';
import { DEFAULT_START, startBias } from './start-states';

const loaded = loadModelDir();
// One stream for every test: its forward passes are cached, and each lab reads it from sentence 0.
const stream = new SentenceStream(loaded);
const worst = (lab: BalanceLab) => Math.max(...lab.ratios());

function run(start: Parameters<typeof startLab>[2], settings: LabSettings, steps: number): { start: number[]; lab: BalanceLab } {
  const lab = startLab(loaded, stream, start, settings);
  const first = lab.ratios();
  for (let i = 0; i < steps; i++) lab.step(settings);
  return { start: first, lab };
}

describe('the bias update on synthetic routers (checkable by hand)', () => {
  // Four experts in one group, top-1: expert 0 always has the highest affinity.
  const shape = { experts: 4, groups: 1, topkGroup: 1, k: 1 };
  const affinity = Float32Array.of(0.9, 0.5, 0.4, 0.3);
  const sentence = { text: 'x', tokens: 1, affinity: [affinity] };

  it('lowers the overloaded expert and raises the others by γ per step, and the bias alone moves the choice', () => {
    const lab = new BalanceLab(shape, [new Float32Array(4)], () => sentence);
    const settings = { gamma: 0.1, batch: 1, biasOn: true };
    lab.step(settings); // expert 0 took the only token: load [1, 0, 0, 0], mean 0.25
    expect(Array.from(lab.biases()[0]!)).toEqual([-0.1, 0.1, 0.1, 0.1].map(Math.fround));
    lab.step(settings); // 0.9 − 0.1 = 0.8 > 0.5 + 0.1: still expert 0
    lab.step(settings); // 0.7 vs 0.7: a tie goes to the lower id, expert 0
    lab.step(settings); // 0.6 < 0.8: expert 1 now wins
    expect(lab.windowLoads()[0]).toEqual(Float32Array.of(3, 1, 0, 0));
  });

  it('with the bias off, routes on affinity alone and leaves the bias where it was', () => {
    const lab = new BalanceLab(shape, [Float32Array.of(-1, 0, 0, 0)], () => sentence);
    lab.step({ gamma: 0.1, batch: 2, biasOn: false });
    expect(lab.windowLoads()[0]).toEqual(Float32Array.of(2, 0, 0, 0));
    expect(Array.from(lab.biases()[0]!)).toEqual([-1, 0, 0, 0]);
  });

  it('reports the load over the last LOAD_WINDOW batches only', () => {
    const lab = new BalanceLab(shape, [new Float32Array(4)], () => sentence);
    for (let i = 0; i < LOAD_WINDOW + 5; i++) lab.step({ gamma: 0, batch: 1, biasOn: true });
    expect(lab.windowLoads()[0]).toEqual(Float32Array.of(LOAD_WINDOW, 0, 0, 0));
  });

  it('refuses a start bias of the wrong length, naming it', () => {
    expect(() => new BalanceLab(shape, [new Float32Array(3)], () => sentence)).toThrow(/3 entries, expected 4 experts/);
  });
});

// The first pass over the stream runs 2,048 forward passes (about 3 s alone, longer on a busy machine).
describe("the lab on MiniSeek's real routers", { timeout: 60_000 }, () => {
  it('starts unbalanced: +0.5 on experts 0 and 1 puts max/mean load above 3.3 in both MoE layers, zero biases between 1.3 and 1.9, the trained ones below 1.5', () => {
    const boosted = startLab(loaded, stream, DEFAULT_START, DEFAULT_SETTINGS).ratios();
    const zero = startLab(loaded, stream, 'zero', DEFAULT_SETTINGS).ratios();
    const trained = startLab(loaded, stream, 'trained', DEFAULT_SETTINGS).ratios();
    console.info(`lab start max/mean (layers 2, 3): +0.5 on 0,1 ${boosted.map((r) => r.toFixed(2))}; zero ${zero.map((r) => r.toFixed(2))}; trained ${trained.map((r) => r.toFixed(2))}`);
    for (const r of boosted) expect(r).toBeGreaterThan(3.3);
    for (const r of zero) expect(r).toBeGreaterThan(1.3), expect(r).toBeLessThan(1.9);
    for (const r of trained) expect(r).toBeLessThan(1.5);
  });

  it('one default run (200 steps) of the default γ and batch brings max/mean below 1.3 in both MoE layers', () => {
    expect(DEFAULT_RUN).toBe(200);
    const { start, lab } = run(DEFAULT_START, DEFAULT_SETTINGS, DEFAULT_RUN);
    console.info(`after 200 steps: ${lab.ratios().map((r) => r.toFixed(3))} (from ${start.map((r) => r.toFixed(3))})`);
    for (const r of lab.ratios()) expect(r).toBeLessThan(1.3);
  });

  it('γ = 0 leaves the load within ±0.1 of where it started', () => {
    const { start, lab } = run(DEFAULT_START, { ...DEFAULT_SETTINGS, gamma: 0 }, 200);
    lab.ratios().forEach((r, l) => expect(Math.abs(r - start[l]!)).toBeLessThan(0.1));
    expect(lab.biases()).toEqual(startBias(DEFAULT_START, trainedBiases(loaded, stream.moeLayers)));
  });

  it('switching the bias off brings back the imbalance of zero biases, whatever the bias had learned', () => {
    const { lab } = run(DEFAULT_START, DEFAULT_SETTINGS, 100);
    const off = { ...DEFAULT_SETTINGS, biasOn: false };
    for (let i = 0; i < LOAD_WINDOW; i++) lab.step(off);
    const zero = run('zero', { ...DEFAULT_SETTINGS, gamma: 0 }, 100 + LOAD_WINDOW).lab;
    expect(lab.ratios()).toEqual(zero.ratios()); // same batches, same (unbiased) routing
    expect(worst(lab)).toBeGreaterThan(1.3);
  });

  it('is deterministic: the same seed gives the same sentences, loads and biases; another seed other sentences', () => {
    const fresh = new SentenceStream(loaded, LAB_SEED, 256);
    const a = startLab(loaded, fresh, DEFAULT_START, DEFAULT_SETTINGS);
    const b = startLab(loaded, new SentenceStream(loaded, LAB_SEED, 256), DEFAULT_START, DEFAULT_SETTINGS);
    for (let i = 0; i < 20; i++) [a, b].forEach((lab) => lab.step(DEFAULT_SETTINGS));
    expect(b.biases()).toEqual(a.biases());
    expect(b.windowLoads()).toEqual(a.windowLoads());
    expect(new SentenceStream(loaded, LAB_SEED + 1, 256).at(0).text).not.toBe(fresh.at(0).text);
  });

  it('holding each sentence\'s router inputs fixed changes the loads little: a full forward with the lab\'s biases agrees within 0.1', () => {
    const moe = stream.moeLayers;
    // The loads a full forward pass gives when the checkpoint's biases are replaced by the lab's (layer 3 then reads
    // what layer 2's lab-biased routing really produced), over the LOAD_WINDOW batches the lab last routed.
    const exactRatios = (bias: Float32Array[], first: number, batches: number): number[] => {
      const weights = new Map(loaded.model.weights);
      moe.forEach((l, i) => {
        const name = `model.layers.${l}.mlp.gate.e_score_correction_bias`;
        weights.set(name, new Tensor(name, [bias[i]!.length], bias[i]!));
      });
      const model = { config: loaded.model.config, weights };
      const loads = moe.map(() => new Float32Array(routerShape(model.config).experts));
      for (let s = first; s < first + batches * DEFAULT_SETTINGS.batch; s++) {
        const ids = loaded.tokenizer.encode(stream.at(s).text, { bos: true }).ids;
        forward(model, ids).routing.forEach((r, i) => r.chosen.forEach((e) => (loads[i]![e]! += 1)));
      }
      return loads.map(imbalance);
    };
    const startBiases = startBias(DEFAULT_START, trainedBiases(loaded, moe));
    const atStart = startLab(loaded, stream, DEFAULT_START, DEFAULT_SETTINGS);
    const exactStart = exactRatios(startBiases, 0, LOAD_WINDOW);
    // After 190 steps the bias of step 190 routes batch 200; compare the window of the last 10 at frozen bias.
    const later = run(DEFAULT_START, DEFAULT_SETTINGS, 190).lab;
    const bias190 = later.biases();
    for (let i = 0; i < LOAD_WINDOW; i++) later.step({ ...DEFAULT_SETTINGS, gamma: 0 });
    const exactLater = exactRatios(bias190, (LOAD_WINDOW + 190) * DEFAULT_SETTINGS.batch, LOAD_WINDOW);
    console.info(`fixed inputs vs full forward: start ${atStart.ratios().map((r) => r.toFixed(3))} vs ${exactStart.map((r) => r.toFixed(3))}; after 190 steps ${later.ratios().map((r) => r.toFixed(3))} vs ${exactLater.map((r) => r.toFixed(3))}`);
    atStart.ratios().forEach((r, i) => expect(Math.abs(r - exactStart[i]!)).toBeLessThan(0.1));
    later.ratios().forEach((r, i) => expect(Math.abs(r - exactLater[i]!)).toBeLessThan(0.1));
    // Layer 2 reads the same u_t either way: its loads must agree exactly.
    expect(atStart.ratios()[0]).toBeCloseTo(exactStart[0]!, 6);
  });
});
