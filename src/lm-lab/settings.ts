/**
 * The language-model lab's settings and their choices, in a module of their own that imports no model code: the
 * island reads these on the page's first view, and the engine (with MiniSeek) loads only when the lab is near.
 */

/** Model sizes the lab offers: MiniSeek's own shape, and a reduced one (fewer, narrower layers) for slow machines. */
export const SIZES = ['miniseek', 'small'] as const;
export type LabSize = (typeof SIZES)[number];

export const SIZE_LABELS: Record<LabSize, string> = {
  miniseek: 'MiniSeek (3 layers, width 64)',
  small: 'Reduced (2 layers, width 32)',
};

export interface LmLabConfig {
  readonly size: LabSize;
  /** Seeds the initial weights; the windows' order comes from seed + 1. */
  readonly seed: number;
  /** 'cpu' keeps the lab on the CPU; otherwise (absent or 'gpu') it trains on WebGPU where the browser offers it. */
  readonly device?: LabDevice;
}

export const DEVICES = ['gpu', 'cpu'] as const;
export type LabDevice = (typeof DEVICES)[number];

export interface LmLabSettings {
  /** AdamW's learning rate (after a short warm-up). */
  readonly lr: number;
  /** Windows of SEQ_LEN tokens per step. */
  readonly batch: number;
}

export const DEFAULT_LM_CONFIG: LmLabConfig = { size: 'miniseek', seed: 1 };
export const DEFAULT_LM_SETTINGS: LmLabSettings = { lr: 0.01, batch: 8 };
export const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03] as const;
export const BATCHES = [1, 2, 4, 8, 16] as const;
/** Tokens per window: the recipe's seqLen (a unit test checks they agree). */
export const SEQ_LEN = 48;
/** The learning rate ramps up over this many steps, then stays (a lab has no planned end to decay towards). */
export const WARMUP_STEPS = 10;
/** The model's held-out loss is measured every this many steps (and at step 0). */
export const HELD_OUT_EVERY = 100;
/** Words of the sentence the lab reads (the model's context holds 128 tokens, <bos> included). */
export const MAX_SENTENCE_WORDS = 40;
/** How many next-word guesses the lab shows. */
export const GUESSES = 5;

/** Settings checked at the boundary, so a bad control value is named. */
export function checkSettings(s: LmLabSettings): void {
  if (!(Number.isFinite(s.lr) && s.lr > 0 && s.lr <= 0.1)) throw new Error(`the learning rate must be a number in (0, 0.1], got ${s.lr}`);
  if (!(Number.isInteger(s.batch) && s.batch >= 1 && s.batch <= 64)) throw new Error(`the batch must be 1 to 64 windows, got ${s.batch}`);
}
