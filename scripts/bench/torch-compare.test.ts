import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forward } from '../../src/model/forward';
import { crossEntropy } from '../../src/model/loss';
import { loadModelDir } from '../../src/model/model-dir';
import { initWeights } from '../../src/model/weights';
import { corpusTokenizer, tokenStream } from '../../src/train/dataset';
import { TRAINING, trainingConfig } from '../../src/train/recipe';
import { train } from '../../src/train/trainer';
import { promptIds } from './node-model';
import { forwardParity, maxAbsDiff, trainingWindows } from './torch-compare';
import { findTorchPython } from './torch-python';

describe('trainingWindows', () => {
  it('draws the very windows train() trains on, step after step', () => {
    const tokenizer = corpusTokenizer();
    const config = trainingConfig(tokenizer);
    const stream = tokenStream(tokenizer, { seed: 3, sentences: 300 });
    // lr 0 and no bias step: the weights stay put, so each step's loss depends only on the windows it drew.
    const options = { ...TRAINING.options, steps: 2, batch: 2, seqLen: 12, lr: 0, biasGamma: 0 };
    const weights = initWeights(config, TRAINING.initSeed);
    const logs = train(config, weights, stream, options);
    const windows = trainingWindows(stream, options, 2);
    expect(windows.map((step) => step.map((w) => w.length))).toEqual([[13, 13], [13, 13]]);
    windows.forEach((step, s) => {
      const losses = step.map((w) => crossEntropy('loss', forward({ config, weights }, w.slice(0, -1)).logits, w.slice(1)).data[0]!);
      expect(losses.reduce((a, b) => a + b, 0) / losses.length).toBeCloseTo(logs[s]!.loss, 6);
    });
  });
});

describe('maxAbsDiff', () => {
  it('is the largest gap, and Infinity for a NaN or a length mismatch', () => {
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(maxAbsDiff([1, NaN], [1, 2])).toBe(Infinity);
    expect(maxAbsDiff([1, 2], [1])).toBe(Infinity);
  });
});

describe('findTorchPython', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-python-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fake = (name: string, script: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  it('says there is no python3 when no candidate runs', () => {
    const found = findTorchPython([join(dir, 'absent-python3')]);
    expect(found).toEqual({ skipped: expect.stringMatching(/^no python3 \(tried .*absent-python3\); on Debian: apt-get install python3-torch/) });
  });

  it('says which python3 lacks torch, with its error line', () => {
    const bare = fake('bare-python3', `echo "ModuleNotFoundError: No module named 'torch'" >&2; exit 1`);
    const found = findTorchPython([join(dir, 'absent'), bare]);
    expect('skipped' in found && found.skipped).toContain(`no torch in python3 (${bare}: ModuleNotFoundError: No module named 'torch')`);
  });

  it('takes the first candidate that imports torch', () => {
    const good = fake('good-python3', 'echo 1.13.1');
    expect(findTorchPython([fake('bare2', 'exit 1'), good])).toEqual({ python: good, torchVersion: '1.13.1' });
  });
});

// The quick self-check of the PyTorch port: logits on the shipped checkpoint, 7 tokens.
const found = findTorchPython();
const why = 'skipped' in found ? ` (skipped: ${found.skipped})` : '';
describe('PyTorch port (scripts/bench/torch_miniseek.py)', () => {
  it.skipIf('skipped' in found)(`gives the TypeScript engine's logits within 1e-4 on the shipped checkpoint${why}`, () => {
    if ('skipped' in found) return;
    const ids = promptIds(loadModelDir().tokenizer, 7);
    const parity = forwardParity(found.python, ids);
    expect(parity.maxAbsLogitDiff).toBeLessThan(1e-4);
  }, 30_000);
});
