/**
 * Runs MiniSeek at build time (Node, CPU reference) so each figure's first state is in the HTML: readable
 * without JavaScript, in print, and before the live model has loaded.
 */
import { loadModelDir } from '../model/model-dir';
import type { LoadedModel } from '../model/checkpoint';
import { forward } from '../model/forward';
import { toSerial, type SerialRun } from './trace-io';

let loaded: LoadedModel | undefined;

/** The shipped checkpoint, read once per build. */
export function buildModel(): LoadedModel {
  loaded ??= loadModelDir();
  return loaded;
}

/**
 * @example buildRun('the keys to the small cabinet', ['layers.0.attn.probs'])
 */
export function buildRun(sentence: string, names: readonly string[]): SerialRun {
  const { model, tokenizer } = buildModel();
  const encoding = tokenizer.encode(sentence, { bos: true });
  const { trace } = forward(model, encoding.ids, { trace: names });
  return {
    tokens: encoding.tokens,
    ids: encoding.ids,
    unknown: encoding.unknown,
    trace: Object.fromEntries([...trace].map(([name, t]) => [name, toSerial(t)])),
  };
}
