/** Reads a MiniSeek checkpoint directory from disk (Node only: the build, tests and scripts, never the page) with one-line errors for missing or corrupt files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_FILES, loadCheckpoint, type LoadedModel } from './checkpoint';

export const DEFAULT_MODEL_DIR = 'public/models/miniseek';

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing or unreadable`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * @example const { model, tokenizer } = loadModelDir('public/models/miniseek')
 */
export function loadModelDir(dir: string = DEFAULT_MODEL_DIR): LoadedModel {
  const config = readJson(join(dir, CHECKPOINT_FILES.config));
  const tokenizer = readJson(join(dir, CHECKPOINT_FILES.tokenizer));
  let weights: Uint8Array;
  try {
    weights = new Uint8Array(readFileSync(join(dir, CHECKPOINT_FILES.weights)));
  } catch {
    throw new Error(`${join(dir, CHECKPOINT_FILES.weights)} is missing or unreadable`);
  }
  return loadCheckpoint({ config, weights, tokenizer }, dir);
}
