/**
 * MiniSeek's checkpoint in the Hugging Face DeepSeek-V3 layout (config.json, model.safetensors, tokenizer.json):
 * checked and turned into a model, or written from one. Bytes in, bytes out: Node and the browser share this.
 */
import { parseConfig } from './config';
import type { MiniSeek } from './forward';
import { expectTensor, readSafetensors, writeSafetensors, type DType } from './safetensors';
import type { Tensor } from './tensor';
import { WordTokenizer } from './tokenizer';
import { parameterSpecs } from './weights';

export const CHECKPOINT_FILES = { config: 'config.json', weights: 'model.safetensors', tokenizer: 'tokenizer.json' } as const;

export interface CheckpointFiles {
  /** Parsed config.json. */
  readonly config: unknown;
  /** The bytes of model.safetensors. */
  readonly weights: Uint8Array;
  /** Parsed tokenizer.json. */
  readonly tokenizer: unknown;
}

export interface LoadedModel {
  readonly model: MiniSeek;
  readonly tokenizer: WordTokenizer;
}

/**
 * Builds a model from checkpoint files, checking every tensor's presence and shape and that the tokenizer and
 * the config agree on the vocabulary. Errors name the file and what is wrong.
 * @example const { model, tokenizer } = loadCheckpoint({ config, weights, tokenizer }, 'public/models/miniseek')
 */
export function loadCheckpoint(files: CheckpointFiles, source = 'MiniSeek'): LoadedModel {
  const config = withSource(`${source}/${CHECKPOINT_FILES.config}`, () => parseConfig(files.config));
  const tokenizer = WordTokenizer.fromJSON(files.tokenizer, `${source}/${CHECKPOINT_FILES.tokenizer}`);
  if (tokenizer.size !== config.vocab_size) {
    throw new Error(`${source}: tokenizer.json has ${tokenizer.size} tokens but config.json says vocab_size ${config.vocab_size}`);
  }
  const path = `${source}/${CHECKPOINT_FILES.weights}`;
  const file = readSafetensors(files.weights, path);
  const weights = new Map<string, Tensor>();
  for (const spec of parameterSpecs(config)) {
    const t = expectTensor(file, spec.name, spec.shape, path);
    // A NaN or infinite weight would turn every number downstream into NaN; refuse it here, naming the tensor.
    const bad = t.data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`${path}: tensor "${spec.name}" holds ${t.data[bad]} at index ${bad}; every weight must be a finite number`);
    weights.set(spec.name, t);
  }
  return { model: { config, weights }, tokenizer };
}

/**
 * The three files of a checkpoint, ready to write; weights as F32, F16 or BF16.
 * @example const files = saveCheckpoint(model, tokenizer, 'F16')
 */
export function saveCheckpoint(
  model: MiniSeek,
  tokenizer: WordTokenizer,
  dtype: DType = 'F32',
): { config: string; weights: Uint8Array; tokenizer: string } {
  const tensors = parameterSpecs(model.config).map((spec) => {
    const t = model.weights.get(spec.name);
    if (!t) throw new Error(`saveCheckpoint: the model has no tensor "${spec.name}"`);
    return t;
  });
  const torchDtype = ({ F32: 'float32', F16: 'float16', BF16: 'bfloat16' } as const)[dtype];
  return {
    config: `${JSON.stringify({ ...model.config, torch_dtype: torchDtype }, null, 2)}\n`,
    weights: writeSafetensors(tensors, { dtype, metadata: { format: 'pt' } }),
    tokenizer: `${JSON.stringify(tokenizer.toJSON())}\n`,
  };
}

function withSource<T>(source: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message.replace(/^config\.json: /, '')}`);
  }
}
