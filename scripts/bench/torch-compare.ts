/**
 * The benchmark's yardstick (issue #16): MiniSeek in PyTorch (scripts/bench/torch_miniseek.py) on the same
 * weights, token ids and training batches as the TypeScript engine, one thread each. Before any timing counts,
 * the port is checked against src/model: logits on the shipped checkpoint, and the losses and weights after two
 * training steps of the shipped recipe from the same initial weights.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint } from '../../src/model/checkpoint';
import { forward, type MiniSeek } from '../../src/model/forward';
import { DEFAULT_MODEL_DIR, loadModelDir } from '../../src/model/model-dir';
import { seededRandom } from '../../src/model/random';
import { readSafetensors } from '../../src/model/safetensors';
import type { Tensor } from '../../src/model/tensor';
import type { WordTokenizer } from '../../src/model/tokenizer';
import { initWeights } from '../../src/model/weights';
import { corpusTokenizer, tokenStream } from '../../src/train/dataset';
import { TRAINING, trainingConfig } from '../../src/train/recipe';
import { train, type TrainOptions } from '../../src/train/trainer';
import { promptIds } from './node-model';
import { findTorchPython, runTorchJob } from './torch-python';

export interface TorchComparison {
  readonly python: string;
  readonly torchVersion: string;
  /** The BLAS library torch called (the shared object it mapped), e.g. …/openblas-pthread/libopenblasp-r0.3.21.so. */
  readonly blas: string;
  readonly threads: number;
  /** Median PyTorch forward ms by token count (batch 1, logits only, under torch.no_grad()). */
  readonly forwardMs: Record<number, number>;
  /** Median PyTorch training step ms (batch 8 × 48: forward, CE + balance loss, backward, AdamW, bias update). */
  readonly trainStepMs: number;
  readonly trainSamples: number;
  readonly parity: TrainingParity & {
    /** Tokens of the prompt whose logits were compared (the longest timed length). */
    readonly tokens: number;
    readonly maxAbsLogitDiff: number;
  };
}

export interface TrainingParity {
  /** |PyTorch − Node| of the first step's mean cross-entropy, from the same initial weights and batch. */
  readonly firstLossDiff: number;
  /** The same for the second step, which sees the first AdamW update and bias update. */
  readonly secondLossDiff: number;
  /** |PyTorch − Node| of the first step's sequence-wise balance loss (summed over MoE layers, mean over the batch). */
  readonly firstBalanceDiff: number;
  /** Largest |PyTorch − Node| over every weight after the two steps. */
  readonly maxAbsWeightDiff: number;
}

export type TorchResult = TorchComparison | { readonly skipped: string };

interface TorchAnswer {
  torchVersion: string;
  blas: string;
  threads: number;
  forward?: { logits?: number[][]; ms: Record<string, number> };
  train?: { losses: number[]; balanceLosses: number[]; stepMs: number; samples: number };
}

/** Steps of the training comparison compared for parity (the rest only time). */
const PARITY_STEPS = 2;

/** The windows, each seqLen + 1 ids, that `train` (src/train/trainer.ts) draws for steps 0..steps−1, batch by batch. */
export function trainingWindows(stream: Int32Array, options: TrainOptions, steps: number): number[][][] {
  // The same draws as trainer.ts: one seeded generator, one start per sequence, in step then batch order.
  const rand = seededRandom(options.seed);
  return Array.from({ length: steps }, () =>
    Array.from({ length: options.batch }, () => {
      const start = Math.floor(rand() * (stream.length - options.seqLen - 1));
      return Array.from(stream.subarray(start, start + options.seqLen + 1));
    }),
  );
}

/** Largest |a − b| over two equal-length arrays (Infinity when they differ in length or a value is NaN). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

/** Largest |Node − PyTorch| logit for the same ids. */
function logitDiff(model: MiniSeek, ids: readonly number[], torchLogits: number[][] | undefined): number {
  if (!torchLogits) return Infinity;
  return maxAbsDiff(forward(model, ids).logits.data, torchLogits.flat());
}

/**
 * Parity only: the largest |Node − PyTorch| logit for `ids` on a checkpoint (the quick self-check).
 * @example forwardParity('/usr/bin/python3', [1, 5, 9]) // { maxAbsLogitDiff: 2e-6, … }
 */
export function forwardParity(python: string, ids: readonly number[], modelDir = DEFAULT_MODEL_DIR): { maxAbsLogitDiff: number; torchVersion: string; blas: string } {
  const { model } = loadModelDir(modelDir);
  const answer = runTorchJob<TorchAnswer>(python, { forward: { checkpoint: modelDir, parityIds: ids } });
  return { maxAbsLogitDiff: logitDiff(model, ids, answer.forward?.logits), torchVersion: answer.torchVersion, blas: answer.blas };
}

/** The shipped recipe's training setup, as scripts/bench/node-model.ts nodeTrainStep times it (a 4,000-sentence corpus). */
function recipeSetup(): { tokenizer: WordTokenizer; stream: Int32Array; options: TrainOptions } {
  const tokenizer = corpusTokenizer();
  return { tokenizer, stream: tokenStream(tokenizer, { seed: TRAINING.corpusSeed, sentences: 4000 }), options: TRAINING.options };
}

/**
 * PyTorch's forward at each length and its training step, with the parity checks; `{ skipped }` when no python3
 * with torch is found. `runs` timed forwards per length and training steps.
 * @example const torch = torchCompare([16, 64, 127], 7)
 */
export function torchCompare(lengths: readonly number[], runs: number, modelDir = DEFAULT_MODEL_DIR): TorchResult {
  const found = findTorchPython();
  if ('skipped' in found) return found;
  const { model, tokenizer: shippedTokenizer } = loadModelDir(modelDir);
  const timeIds = Object.fromEntries(lengths.map((n) => [n, promptIds(shippedTokenizer, n)]));
  const parityTokens = Math.max(...lengths);
  const parityIds = timeIds[parityTokens]!;

  // Training: the recipe's initial weights, written as a checkpoint for PyTorch, and two Node steps on them.
  const { tokenizer, stream, options } = recipeSetup();
  const config = trainingConfig(tokenizer);
  const weights = initWeights(config, TRAINING.initSeed);
  const dir = mkdtempSync(join(tmpdir(), 'miniseek-torch-'));
  try {
    const files = saveCheckpoint({ config, weights }, tokenizer, 'F32');
    writeFileSync(join(dir, 'config.json'), files.config);
    writeFileSync(join(dir, 'model.safetensors'), files.weights);
    const nodeLogs = train(config, weights, stream, { ...options, steps: PARITY_STEPS });
    const weightsOut = join(dir, 'after-steps.safetensors');
    const answer = runTorchJob<TorchAnswer>(found.python, {
      forward: { checkpoint: modelDir, parityIds, timeIds, runs, warmup: 2 },
      train: { checkpoint: dir, options, steps: trainingWindows(stream, options, PARITY_STEPS + runs), parityStepCount: PARITY_STEPS, weightsOut, warmup: PARITY_STEPS },
    });
    const fwd = answer.forward;
    const tr = answer.train;
    if (!fwd || !tr) throw new Error('torch_miniseek.py answered without its forward or training part');
    return {
      python: found.python,
      torchVersion: answer.torchVersion,
      blas: answer.blas,
      threads: answer.threads,
      forwardMs: Object.fromEntries(lengths.map((n) => [n, fwd.ms[n] ?? NaN])),
      trainStepMs: tr.stepMs,
      trainSamples: tr.samples,
      parity: {
        tokens: parityTokens,
        maxAbsLogitDiff: logitDiff(model, parityIds, fwd.logits),
        firstLossDiff: Math.abs(tr.losses[0]! - nodeLogs[0]!.loss),
        secondLossDiff: Math.abs(tr.losses[1]! - nodeLogs[1]!.loss),
        firstBalanceDiff: Math.abs(tr.balanceLosses[0]! - nodeLogs[0]!.balanceLoss),
        maxAbsWeightDiff: weightDiff(weights, readSafetensors(new Uint8Array(readFileSync(weightsOut)), weightsOut).tensors),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest |Node − PyTorch| over every tensor of the model (Infinity when PyTorch lacks one). */
function weightDiff(node: ReadonlyMap<string, Tensor>, torch: ReadonlyMap<string, Tensor>): number {
  let max = 0;
  for (const [name, t] of node) max = Math.max(max, maxAbsDiff(t.data, torch.get(name)?.data ?? []));
  return max;
}
