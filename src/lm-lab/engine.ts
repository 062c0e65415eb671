/**
 * The language-model lab's state, free of the page: a freshly initialised MiniSeek, the course's corpus as a token
 * stream, AdamW, and the loss history. Each step is the recipe's step (src/train/trainer.ts: windowPass + applyStep:
 * next-token cross-entropy plus V3's balance loss, AdamW with clipping, the routing-bias update), at the reader's
 * learning rate and batch size. The lab's worker owns one engine; the page sends settings and draws snapshots.
 *
 * Where the arithmetic runs is a `TrainBackend`: the CPU one here (the WebAssembly kernels where they load), or the
 * WebGPU one (gpu-backend.ts: the linear layers' products and AdamW on the GPU, the rest on the CPU beside them).
 */
import { parseConfig, type MiniSeekConfig } from '../model/config';
import { forward, type MiniSeek } from '../model/forward';
import { seededRandom } from '../model/random';
import type { Tensor } from '../model/tensor';
import { Region } from '../model/tensor-memory';
import type { WordTokenizer } from '../model/tokenizer';
import { initWeights } from '../model/weights';
import { AdamW } from '../train/adamw';
import { corpusTokenizer, tokenStream } from '../train/dataset';
import { TRAINING, trainingConfig } from '../train/recipe';
import { applyStep, checkStream, drawWindows, StepTotals, trainableParams, windowPass, type TrainOptions } from '../train/trainer';
import { heldOutScore } from '../train/held-out';
import { GpuBackend, type LmDevice } from './gpu-backend';
import { checkSettings, GUESSES, HELD_OUT_EVERY, MAX_SENTENCE_WORDS, SEQ_LEN, WARMUP_STEPS, type LabSize, type LmLabConfig, type LmLabSettings } from './settings';

export * from './settings';

/** The course's corpus for the lab: the first sentences of the recipe's own training text (same generator, same seed). */
export const LAB_SENTENCES = 20_000;
/** At most this many points of the loss history travel in a snapshot (evenly thinned beyond it). */
const HISTORY_POINTS = 400;

/** MiniSeek's configuration for a lab size, sized to the corpus tokenizer. */
export function labModelConfig(size: LabSize, tokenizer: WordTokenizer): MiniSeekConfig {
  const full = trainingConfig(tokenizer);
  if (size === 'miniseek') return full;
  return parseConfig({
    ...full,
    hidden_size: 32,
    intermediate_size: 64,
    moe_intermediate_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    num_key_value_heads: 2,
    q_lora_rank: 16,
    kv_lora_rank: 8,
  });
}

/** What a step's arithmetic runs on. The engine draws the windows and keeps the history; a backend does the rest. */
export interface TrainBackend {
  readonly name: 'cpu' | 'webgpu';
  /**
   * One optimiser step over the windows starting at `starts`, at the step's options; returns the mean loss. A step
   * that fails leaves the model as the step before left it.
   */
  step(step: number, starts: readonly number[], options: TrainOptions): number | Promise<number>;
  /** The model as it is now, for guesses and the held-out loss. */
  readonly model: MiniSeek;
  /** Frees what the backend holds outside this thread's memory (the GPU's buffers). */
  destroy?(): void;
}

/** The CPU backend: the trainer's own window pass and step (src/train/trainer.ts), in this thread. */
export class CpuBackend implements TrainBackend {
  readonly name = 'cpu' as const;
  private readonly params: Tensor[];
  private readonly optimiser: AdamW;
  private readonly region = new Region(true);

  constructor(
    readonly model: { config: MiniSeekConfig; weights: Map<string, Tensor> },
    private readonly stream: Int32Array,
  ) {
    this.params = trainableParams(model.weights);
    this.optimiser = new AdamW(this.params);
  }

  step(step: number, starts: readonly number[], options: TrainOptions): number {
    const totals = new StepTotals();
    for (const start of starts) totals.add(windowPass(this.model, this.stream, start, options, this.region));
    return applyStep(step, this.model.weights, this.params, this.optimiser, totals, options).loss;
  }
}

export interface Guess {
  readonly word: string;
  readonly p: number;
}

export interface Guesses {
  /** The tokens read after <bos> (an unknown word as <unk>). */
  readonly words: readonly string[];
  readonly unknown: readonly string[];
  /** The GUESSES most likely next words, most likely first. */
  readonly top: readonly Guess[];
}

export interface LmSnapshot {
  readonly step: number;
  /** The last step's training loss (mean cross-entropy of its batch; at step 0 the untrained model's on one batch). */
  readonly loss: number;
  /** [step, training loss], thinned to at most HISTORY_POINTS, always with the first and the last. */
  readonly history: readonly (readonly [number, number])[];
  /** [step, held-out loss], every HELD_OUT_EVERY steps. */
  readonly heldOut: readonly (readonly [number, number])[];
  readonly guesses: Guesses;
  /** Tokens trained on so far. */
  readonly tokens: number;
  /** Mean ms per step of the last request (null after a reset). */
  readonly stepMs: number | null;
  readonly backend: 'cpu' | 'webgpu';
  /** Trained parameters (what AdamW updates). */
  readonly parameters: number;
  /** Numbers of the model that are not trained by gradient: the MoE layers' routing biases (e_score_correction_bias). */
  readonly routingBiases: number;
}

let sharedTokenizer: WordTokenizer | undefined;
const streams = new Map<number, Int32Array>();

/** The corpus tokenizer, built once per thread. */
export function labTokenizer(): WordTokenizer {
  sharedTokenizer ??= corpusTokenizer();
  return sharedTokenizer;
}

/** The lab's training stream: the first LAB_SENTENCES of the recipe's corpus, packed as the recipe packs them. */
export function labStream(sentences = LAB_SENTENCES): Int32Array {
  let s = streams.get(sentences);
  if (!s) streams.set(sentences, (s = tokenStream(labTokenizer(), { seed: TRAINING.corpusSeed, sentences })));
  return s;
}

export class LmEngine {
  readonly tokenizer = labTokenizer();
  readonly stream: Int32Array;
  readonly modelConfig: MiniSeekConfig;
  private trainer: TrainBackend;
  private readonly model: { config: MiniSeekConfig; weights: Map<string, Tensor> };
  /** The windows of a step that failed on the GPU, retaken first by the next run (on the CPU). */
  private pending: number[] | undefined;
  private current: LmLabSettings;
  private readonly rand: () => number;
  private readonly history: [number, number][] = [];
  private readonly heldOut: [number, number][] = [];
  private steps = 0;
  private tokens = 0;
  private readonly parameters: number;
  private readonly routingBiases: number;

  constructor(
    readonly config: LmLabConfig,
    settings: LmLabSettings,
    stream: Int32Array = labStream(),
    gpu?: LmDevice<unknown>,
  ) {
    checkSettings(settings);
    this.current = settings;
    this.stream = stream;
    checkStream(stream, SEQ_LEN);
    this.modelConfig = labModelConfig(config.size, this.tokenizer);
    const weights = initWeights(this.modelConfig, config.seed);
    this.parameters = [...weights.values()].reduce((s, t) => s + (t.requiresGrad ? t.size : 0), 0);
    this.routingBiases = [...weights.values()].reduce((s, t) => s + (t.requiresGrad ? 0 : t.size), 0);
    const model = (this.model = { config: this.modelConfig, weights });
    this.trainer = gpu ? new GpuBackend(model, stream, gpu) : new CpuBackend(model, stream);
    this.rand = seededRandom(config.seed + 1);
    // Step 0's point: the untrained model's loss on one fixed window, the stream's first SEQ_LEN + 1 tokens (a
    // training window like any other: drawWindows may draw it later; the model has not trained on anything yet).
    this.history.push([0, this.probeLoss()]);
    this.heldOut.push([0, heldOutScore(this.backend.model, this.tokenizer).loss]);
  }

  /** Where the steps run now. */
  get backend(): TrainBackend {
    return this.trainer;
  }

  /**
   * Goes on on the CPU from the weights of the last finished step (after the GPU failed). AdamW's moments, which
   * were on the GPU, start again from zero, with a fresh bias correction.
   */
  useCpu(): void {
    if (this.trainer.name === 'cpu') return;
    this.trainer.destroy?.();
    this.trainer = new CpuBackend(this.model, this.stream);
  }

  /** Frees the backend's GPU buffers. */
  destroy(): void {
    this.trainer.destroy?.();
  }

  get settings(): LmLabSettings {
    return this.current;
  }

  /** New settings apply from the next step on (checked first). */
  set settings(s: LmLabSettings) {
    checkSettings(s);
    this.current = s;
  }

  /** The trainer's options for the current settings: a short warm-up, then a constant rate. */
  private options(): TrainOptions {
    return {
      ...TRAINING.options,
      steps: Infinity,
      batch: this.current.batch,
      lr: this.current.lr,
      warmupSteps: WARMUP_STEPS,
      finalLrRatio: 1,
    };
  }

  /** The untrained model's mean loss over SEQ_LEN tokens at the stream's start (forward only). */
  private probeLoss(): number {
    const ids = Array.from(this.stream.subarray(0, SEQ_LEN + 1));
    const { logits } = forward(this.backend.model, ids.slice(0, SEQ_LEN));
    let total = 0;
    for (let t = 0; t < SEQ_LEN; t++) {
      const row = logits.row(t);
      let max = -Infinity;
      for (const x of row) if (x > max) max = x;
      let sum = 0;
      for (const x of row) sum += Math.exp(x - max);
      total += Math.log(sum) + max - row[ids[t + 1]!]!;
    }
    return total / SEQ_LEN;
  }

  get step(): number {
    return this.steps;
  }

  /** Runs `n` steps; resolves to the mean ms of one. A failed step throws and is retaken first by the next run. */
  async run(n: number): Promise<number> {
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const starts = this.pending ?? drawWindows(this.rand, this.stream.length, this.options());
      // A retaken step keeps its windows (the batch setting may have changed since).
      const options = { ...this.options(), batch: starts.length };
      this.pending = starts;
      const loss = await this.trainer.step(this.steps, starts, options);
      this.pending = undefined;
      this.steps++;
      this.tokens += options.batch * SEQ_LEN;
      this.history.push([this.steps, loss]);
      if (this.steps % HELD_OUT_EVERY === 0) this.heldOut.push([this.steps, heldOutScore(this.backend.model, this.tokenizer).loss]);
    }
    return n ? (performance.now() - started) / n : 0;
  }

  /**
   * The model's most likely next words after `sentence` (read after <bos>, as the corpus documents start).
   * @example engine.guesses('the keys to the old').top[0] // { word: 'cabinet', p: 0.4 } once trained
   */
  guesses(sentence: string): Guesses {
    const encoding = this.tokenizer.encode(sentence, { bos: true });
    const ids = encoding.ids.slice(0, MAX_SENTENCE_WORDS + 1);
    const { logits } = forward(this.backend.model, ids);
    const row = logits.row(ids.length - 1);
    let max = -Infinity;
    for (const x of row) if (x > max) max = x;
    const p = Array.from(row, (x) => Math.exp(x - max));
    const sum = p.reduce((s, x) => s + x, 0);
    const order = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
    return {
      words: encoding.tokens.slice(1, ids.length),
      unknown: encoding.unknown,
      top: order.slice(0, GUESSES).map((i) => ({ word: this.tokenizer.tokenOf(i), p: p[i]! / sum })),
    };
  }

  /** @example engine.run(10); engine.snapshot('the keys to the').loss */
  snapshot(sentence: string, stepMs: number | null = null): LmSnapshot {
    return {
      step: this.steps,
      loss: this.history.at(-1)![1],
      history: thin(this.history, HISTORY_POINTS),
      heldOut: [...this.heldOut],
      guesses: this.guesses(sentence),
      tokens: this.tokens,
      stepMs,
      backend: this.backend.name,
      parameters: this.parameters,
      routingBiases: this.routingBiases,
    };
  }
}

/** At most `max` entries, evenly spaced, always keeping the first and the last. */
export function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  return Array.from({ length: max }, (_, i) => xs[Math.round((i * (xs.length - 1)) / (max - 1))]!);
}
