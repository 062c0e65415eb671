/**
 * Trains MiniSeek from scratch on the generated corpus and writes the shipped checkpoint and training log:
 *   npm run train [-- --steps N --out DIR --workers N --seed N]
 * Each step's batch is split across worker threads (two by default, one per core of the project's machine).
 * Deterministic: the same command reproduces the same files, and the worker count does not change them
 * (see src/train/parallel-trainer.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { saveCheckpoint } from '../src/model/checkpoint';
import { initWeights } from '../src/model/weights';
import { corpusTokenizer, tokenStream } from '../src/train/dataset';
import { evaluate } from '../src/train/evaluate';
import { trainingLog } from '../src/train/training-log';
import { useFastKernels } from '../src/model/kernels/active';
import { trainParallel } from '../src/train/parallel-trainer';
import { DEFAULT_MODEL_DIR } from '../src/model/model-dir';
import { TRAINING, trainingConfig } from '../src/train/recipe';

const { values } = parseArgs({
  options: {
    steps: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string', default: DEFAULT_MODEL_DIR },
    dtype: { type: 'string', default: 'F16' },
    workers: { type: 'string', default: '2' },
  },
});
const steps = values.steps ? Number(values.steps) : TRAINING.options.steps;
// The data-order seed (which windows each step draws); the recipe's by default.
const seed = values.seed ? Number(values.seed) : TRAINING.options.seed;
const out = values.out as string;
const dtype = values.dtype as 'F32' | 'F16' | 'BF16';
const workers = Number(values.workers);
// The main thread only sums gradients and runs AdamW; it loads the fast kernels for the evaluation at the end.
const kernelStatus = await useFastKernels();

const tokenizer = corpusTokenizer();
const config = trainingConfig(tokenizer);
const stream = tokenStream(tokenizer, { seed: TRAINING.corpusSeed, sentences: TRAINING.corpusSentences });
const weights = initWeights(config, TRAINING.initSeed);
console.log(`MiniSeek: ${tokenizer.size} tokens, ${[...weights.values()].reduce((s, t) => s + t.size, 0)} parameters; corpus of ${stream.length} tokens; ${steps} steps`);

const started = performance.now();
const { logs, kernel } = await trainParallel(config, weights, stream, { ...TRAINING.options, steps, seed }, {
  workers,
  onStep: (log) => {
    if (log.step % 50 === 0 || log.step === steps - 1) {
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      const balance = log.load.map((l) => (Math.max(...l) * l.length).toFixed(2)).join('/');
      console.log(`step ${String(log.step).padStart(5)}  loss ${log.loss.toFixed(3)}  lr ${log.lr.toExponential(2)}  max/mean load ${balance}  ${seconds}s`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;

const model = { config, weights };
const files = saveCheckpoint(model, tokenizer, dtype);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'config.json'), files.config);
writeFileSync(join(out, 'model.safetensors'), files.weights);
writeFileSync(join(out, 'tokenizer.json'), files.tokenizer);
const moeLayers = logs[0]?.load.map((_, i) => config.first_k_dense_replace + i) ?? [];
const meta = { ...TRAINING.options, steps, seed, corpusSeed: TRAINING.corpusSeed, corpusSentences: TRAINING.corpusSentences, initSeed: TRAINING.initSeed };
writeFileSync(join(out, 'training-log.json'), `${JSON.stringify(trainingLog(logs, moeLayers, meta))}\n`);
console.log(`trained in ${seconds.toFixed(0)} s on ${Math.min(workers, TRAINING.options.batch)} worker thread(s) (${kernel} kernels${kernelStatus.reason ? `: ${kernelStatus.reason}` : ''}); wrote ${out}`);
console.log('held-out evaluation:', evaluate(model, tokenizer));
