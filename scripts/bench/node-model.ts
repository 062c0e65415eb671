/** MiniSeek in Node: the CPU reference's forward pass and one training step. */
import { forward } from '../../src/model/forward';
import { initWeights } from '../../src/model/weights';
import type { WordTokenizer } from '../../src/model/tokenizer';
import { corpusTokenizer, tokenStream } from '../../src/train/dataset';
import { train, type TrainOptions } from '../../src/train/trainer';
import { loadModelDir } from '../../src/model/model-dir';
import { TRAINING, trainingConfig } from '../../src/train/recipe';
import { useFastKernels, useReferenceKernels } from '../../src/model/kernels/active';
import { median, timeRuns } from './stats';

/**
 * Switches this process to the WebAssembly SIMD kernels ('fast', what the app and `npm run train` use) or to the
 * plain JavaScript reference; returns the name of the kernels now in use.
 */
export async function useKernels(which: 'fast' | 'reference'): Promise<string> {
  if (which === 'reference') {
    useReferenceKernels();
    return 'reference';
  }
  const status = await useFastKernels();
  if (status.reason) throw new Error(`the fast kernels did not load: ${status.reason}`);
  return status.name;
}

/** A fixed word stream; prompts of any length are cut from it (the same in Node and in the browser). */
export const WORDS =
  'the keys to the old cabinet are on the table . anna gave the book to ben . three plus four is seven . the small dog sleeps under the green table near the door .'.split(' ');

/** <bos> then words from WORDS, cycling, until `length` ids. */
export function promptIds(tokenizer: WordTokenizer, length: number): number[] {
  const words = Array.from({ length: length - 1 }, (_, i) => WORDS[i % WORDS.length]);
  return tokenizer.encode(words.join(' '), { bos: true }).ids.slice(0, length);
}

/**
 * Median ms of the CPU forward pass (with the kernels now in use), logits only. Every length runs 20 times first:
 * V8 compiles a function with its optimising tier only after many calls, and the comparison with PyTorch (also
 * warmed up) is about the steady state a page reaches after its first few sentences.
 */
export async function nodeForward(lengths: readonly number[], runs: number): Promise<Record<number, number>> {
  const { model, tokenizer } = loadModelDir();
  for (let i = 0; i < 20; i++) for (const length of lengths) forward(model, promptIds(tokenizer, length));
  const out: Record<number, number> = {};
  for (const length of lengths) {
    const ids = promptIds(tokenizer, length);
    out[length] = median(await timeRuns(runs, 2, () => forward(model, ids)));
  }
  return out;
}

/** The shipped recipe's options, three steps at a time. */
const OPTIONS: TrainOptions = { ...TRAINING.options, steps: 3 };

/** Median ms per training step over `runs` runs of `train` (3 steps each), and tokens per second. */
export function nodeTrainStep(runs: number): { ms: number; tokensPerSecond: number; samples: number } {
  const tokenizer = corpusTokenizer();
  const config = trainingConfig(tokenizer);
  // Step cost does not depend on the corpus size, so a small corpus saves generating 120,000 sentences.
  const stream = tokenStream(tokenizer, { seed: TRAINING.corpusSeed, sentences: 4000 });
  const steps: number[] = [];
  for (let r = 0; r < runs; r++) {
    const weights = initWeights(config, TRAINING.initSeed);
    let last = performance.now();
    train(config, weights, stream, OPTIONS, () => {
      const now = performance.now();
      steps.push(now - last);
      last = now;
    });
  }
  const ms = median(steps.slice(1)); // the very first step includes JIT warm-up
  return { ms, tokensPerSecond: (OPTIONS.batch * OPTIONS.seqLen) / (ms / 1000), samples: steps.length - 1 };
}
