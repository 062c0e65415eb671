/**
 * Trains MiniSeek from scratch on the generated corpus and writes the shipped checkpoint and training log:
 *   npm run train [-- --steps N --out DIR]
 * Deterministic: the same command reproduces the same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { saveCheckpoint } from '../src/model/checkpoint';
import { initWeights } from '../src/model/weights';
import { corpusTokenizer, tokenStream } from '../src/train/dataset';
import { evaluate } from '../src/train/evaluate';
import { trainingLog } from '../src/train/training-log';
import { train, type StepLog } from '../src/train/trainer';
import { DEFAULT_MODEL_DIR } from '../src/model/model-dir';
import { TRAINING, trainingConfig } from '../src/train/recipe';

const { values } = parseArgs({
  options: { steps: { type: 'string' }, out: { type: 'string', default: DEFAULT_MODEL_DIR }, dtype: { type: 'string', default: 'F16' } },
});
const steps = values.steps ? Number(values.steps) : TRAINING.options.steps;
const out = values.out as string;
const dtype = values.dtype as 'F32' | 'F16' | 'BF16';

const tokenizer = corpusTokenizer();
const config = trainingConfig(tokenizer);
const stream = tokenStream(tokenizer, { seed: TRAINING.corpusSeed, sentences: TRAINING.corpusSentences });
const weights = initWeights(config, TRAINING.initSeed);
console.log(`MiniSeek: ${tokenizer.size} tokens, ${[...weights.values()].reduce((s, t) => s + t.size, 0)} parameters; corpus of ${stream.length} tokens; ${steps} steps`);

const started = performance.now();
const logs: StepLog[] = train(config, weights, stream, { ...TRAINING.options, steps }, (log) => {
  if (log.step % 50 === 0 || log.step === steps - 1) {
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const balance = log.load.map((l) => (Math.max(...l) * l.length).toFixed(2)).join('/');
    console.log(`step ${String(log.step).padStart(5)}  loss ${log.loss.toFixed(3)}  lr ${log.lr.toExponential(2)}  max/mean load ${balance}  ${seconds}s`);
  }
});
const seconds = (performance.now() - started) / 1000;

const model = { config, weights };
const files = saveCheckpoint(model, tokenizer, dtype);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'config.json'), files.config);
writeFileSync(join(out, 'model.safetensors'), files.weights);
writeFileSync(join(out, 'tokenizer.json'), files.tokenizer);
const moeLayers = logs[0]?.load.map((_, i) => config.first_k_dense_replace + i) ?? [];
const meta = { ...TRAINING.options, steps, corpusSeed: TRAINING.corpusSeed, corpusSentences: TRAINING.corpusSentences, initSeed: TRAINING.initSeed };
writeFileSync(join(out, 'training-log.json'), `${JSON.stringify(trainingLog(logs, moeLayers, meta))}\n`);
console.log(`trained in ${seconds.toFixed(0)} s; wrote ${out}`);
console.log('held-out evaluation:', evaluate(model, tokenizer));
