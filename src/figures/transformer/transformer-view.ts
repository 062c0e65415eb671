/** What the transformer figure draws, cut from a MiniSeek trace: the residual stream from embedding to next token. */
import { isMoeLayer, type MiniSeekConfig } from '../../model/config';
import { Tensor } from '../../model/tensor';

/** How many candidate words the figure lists (chart and logit columns) and prints as text. */
export const TOP_K = 10;
export const TOP_TEXT = 5;

/** The trace tensors the figure needs: the stream at every stage of every layer, the final norm and the logits. */
export function transformerTraceNames(c: MiniSeekConfig): string[] {
  const names = ['embed'];
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const ffn = isMoeLayer(c, l) ? 'moe.out' : 'mlp.out';
    names.push(...['input', 'attn.out', 'after_attn', ffn, 'output'].map((n) => `layers.${l}.${n}`));
  }
  return [...names, 'final_norm', 'logits'];
}

export interface LayerView {
  readonly layer: number;
  /** True for a DeepSeekMoE layer (its feed-forward is a mixture of experts). */
  readonly moe: boolean;
  /** [T, D] each: x_l, Attn(RMSNorm(x_l)), x_{l+½}, FFN(RMSNorm(x_{l+½})), x_{l+1}. */
  readonly input: Tensor;
  readonly attn: Tensor;
  readonly afterAttn: Tensor;
  readonly ffn: Tensor;
  readonly output: Tensor;
}

export interface Candidate {
  readonly id: number;
  readonly logit: number;
  readonly p: number;
}

export interface TransformerView {
  /** [T, D] x_0 = E[t]. */
  readonly embed: Tensor;
  readonly layers: readonly LayerView[];
  /** [2L+1, D] the last token's stream after each stage: x_0, x_½, x_1, …, x_L. */
  readonly stream: Tensor;
  /** Names of the stream's rows, e.g. "x₀ embedding", "x₀½ + attention 0". */
  readonly streamStages: readonly string[];
  /** [T, D] RMSNorm(x_L). */
  readonly finalNorm: Tensor;
  /** [T, V] every position's logits. */
  readonly logits: Tensor;
  /** [T, TOP_K] the logits of the last position's top candidates, for every position. */
  readonly topLogits: Tensor;
  /** The last position's TOP_K most likely tokens, most likely first, with softmax probabilities over all V. */
  readonly top: readonly Candidate[];
  /** The row the figure follows: the last token, whose next word is predicted. */
  readonly row: number;
}

/**
 * @example transformerView(trace, config).top[0] // { id: 17, logit: 6.1, p: 0.51 }
 */
export function transformerView(trace: ReadonlyMap<string, Tensor>, c: MiniSeekConfig): TransformerView {
  const get = (n: string) => {
    const t = trace.get(n);
    if (!t) throw new Error(`transformer figure: the trace lacks ${n}`);
    return t;
  };
  const layers = Array.from({ length: c.num_hidden_layers }, (_, l): LayerView => {
    const moe = isMoeLayer(c, l);
    const at = (n: string) => get(`layers.${l}.${n}`);
    return { layer: l, moe, input: at('input'), attn: at('attn.out'), afterAttn: at('after_attn'), ffn: at(moe ? 'moe.out' : 'mlp.out'), output: at('output') };
  });
  const embed = get('embed');
  const logits = get('logits');
  const [T, D] = embed.shape as [number, number];
  const row = T - 1;

  const stages = [embed, ...layers.flatMap((v) => [v.afterAttn, v.output])];
  const stream = new Tensor('stream', [stages.length, D]);
  stages.forEach((t, i) => stream.data.set(t.row(row), i * D));
  const sub = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
  // Layers counted from 1, as everywhere on the page: layer l reads x_{l−1}, writes x_{l−½} after attention and x_l.
  const streamStages = [
    'x₀ (embedding)',
    ...layers.flatMap((v) => {
      const l = v.layer + 1;
      return [`x${sub[l]}₋½ (+ attention, layer ${l})`, `x${sub[l]} (+ ${v.moe ? 'MoE' : 'FFN'}, layer ${l})`];
    }),
  ];

  const top = topCandidates(logits.row(row), TOP_K);
  const topLogits = new Tensor('top_logits', [T, top.length]);
  for (let t = 0; t < T; t++) top.forEach((cand, j) => (topLogits.data[t * top.length + j] = logits.at(t, cand.id)));

  return { embed, layers, stream, streamStages, finalNorm: get('final_norm'), logits, topLogits, top, row };
}

/**
 * The k largest entries of a logit row with their softmax probabilities (over the whole row), largest first.
 * @example topCandidates(Float32Array.of(0, 2, 1), 2) // [{ id: 1, p: 0.67, … }, { id: 2, p: 0.24, … }]
 */
export function topCandidates(row: ArrayLike<number>, k: number): Candidate[] {
  const values = Array.from(row);
  const max = Math.max(...values);
  const exps = values.map((z) => Math.exp(z - max));
  const total = exps.reduce((s, x) => s + x, 0);
  return values
    .map((logit, id) => ({ id, logit, p: exps[id]! / total }))
    .sort((a, b) => b.p - a.p)
    .slice(0, k);
}

/**
 * The word "Generate one more token" appends: the most likely candidate that is a word, not a special token
 * (<unk>, <bos>, <eos>, <pad>), which typed into the sentence would not read back as itself.
 * @example nextWord(view.top, (id) => vocab[id]!) // 'are'
 */
export function nextWord(top: readonly Candidate[], word: (id: number) => string): string | undefined {
  return top.map((c) => word(c.id)).find((w) => !/^<.*>$/.test(w));
}

/** Root mean square of a vector: how large the stream is, whatever its direction. */
export function rms(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s / v.length);
}

/**
 * Probabilities over the whole vocabulary at temperature τ: softmax(z / τ). τ = 1 is the model's own distribution;
 * τ < 1 sharpens it towards the most likely word (greedy decoding is the limit τ → 0), τ > 1 flattens it.
 * @example temperatureProbs(Float32Array.of(2, 1, 0), 0.5) // [0.87, 0.12, 0.02]
 */
export function temperatureProbs(row: ArrayLike<number>, tau: number): Float64Array {
  if (!(tau > 0)) throw new Error(`temperature must be positive, got ${tau}`);
  const values = Array.from(row, (z) => z / tau);
  const max = Math.max(...values);
  const out = Float64Array.from(values, (z) => Math.exp(z - max));
  const total = out.reduce((s, x) => s + x, 0);
  return out.map((x) => x / total);
}
