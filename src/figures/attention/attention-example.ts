/**
 * A small scaled dot-product attention example computed by code (seeded), standing in for MiniSeek's trace
 * until the model lands: T tokens, D = 8 model dimensions, d_k = d_v = 4.
 */
import { matmul, scale, softmaxRows, transpose } from '../../model/ops';
import { seededNormal } from '../../model/random';
import { Tensor } from '../../model/tensor';

export const EXAMPLE_SENTENCE = 'the keys to the cabinet are';

export interface AttentionExample {
  readonly tokens: readonly string[];
  readonly dModel: number;
  readonly dK: number;
  readonly seed: number;
  /** [T, D] token embeddings. */
  readonly x: Tensor;
  /** [T, d_k] queries, keys and [T, d_v] values. */
  readonly q: Tensor;
  readonly k: Tensor;
  readonly v: Tensor;
  /** [T, T] raw scores Q·Kᵀ, scaled scores, and softmax weights (each row sums to 1). */
  readonly scores: Tensor;
  readonly scaled: Tensor;
  readonly weights: Tensor;
  /** [T, d_v] the weighted sums of values. */
  readonly output: Tensor;
}

/** A word's embedding depends only on the word, so both "the"s share one vector, as a real embedding table would. */
function wordSeed(word: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (const ch of word) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

function randomMatrix(name: string, rows: number, cols: number, std: number, seed: number): Tensor {
  const normal = seededNormal(seed);
  return new Tensor(name, [rows, cols], Float32Array.from({ length: rows * cols }, () => normal() * std));
}

/**
 * @example attentionExample().weights.row(5) // how strongly "are" attends to each of the six tokens
 */
export function attentionExample(sentence = EXAMPLE_SENTENCE, { dModel = 8, dK = 4, seed = 7 } = {}): AttentionExample {
  const tokens = sentence.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) throw new Error('attention example: the sentence has no words');
  const x = new Tensor('x', [tokens.length, dModel]);
  tokens.forEach((word, t) => x.data.set(randomMatrix(word, 1, dModel, 1, wordSeed(word, seed)).data, t * dModel));
  // Weights with standard deviation 1/√D keep q, k and v at unit scale, like a trained model's.
  const std = 1 / Math.sqrt(dModel);
  const wQ = randomMatrix('w_q', dModel, dK, std, seed + 1);
  const wK = randomMatrix('w_k', dModel, dK, std, seed + 2);
  const wV = randomMatrix('w_v', dModel, dK, std, seed + 3);
  const q = matmul('q', x, wQ);
  const k = matmul('k', x, wK);
  const v = matmul('v', x, wV);
  const scores = matmul('scores', q, transpose('k_t', k));
  const scaled = scale('scaled', scores, 1 / Math.sqrt(dK));
  const weights = softmaxRows('weights', scaled);
  const output = matmul('output', weights, v);
  return { tokens, dModel, dK, seed, x, q, k, v, scores, scaled, weights, output };
}
