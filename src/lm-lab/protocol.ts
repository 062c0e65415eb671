/**
 * What the language-model lab's page and its worker say to each other. `serve` is the worker's side, pure apart from
 * the state it keeps, so a unit test (and the main thread, where no worker starts) can drive it without a Worker.
 */
import { LmEngine, type LmLabConfig, type LmLabSettings, type LmSnapshot } from './engine';

export type LmRequest =
  | { readonly kind: 'reset'; readonly id: number; readonly config: LmLabConfig; readonly settings: LmLabSettings; readonly sentence: string }
  | { readonly kind: 'train'; readonly id: number; readonly steps: number; readonly settings: LmLabSettings; readonly sentence: string }
  | { readonly kind: 'read'; readonly id: number; readonly sentence: string };

export type LmReply =
  | { readonly kind: 'snapshot'; readonly id: number; readonly snapshot: LmSnapshot; readonly kernels: string }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

export interface LmState {
  engine?: LmEngine;
  /** The kernels the worker's ops run on ('wasm-simd' or 'reference'), and why not the fast ones. */
  kernels?: string;
}

/** Most steps one request may ask for, so no answer keeps the worker (or a main-thread fallback) busy for long. */
export const MAX_STEPS_PER_REQUEST = 50;

/** @example serve(state, { kind: 'train', id: 2, steps: 4, settings: DEFAULT_LM_SETTINGS, sentence: 'the keys to the' }) */
export function serve(state: LmState, request: LmRequest): LmReply {
  try {
    const kernels = state.kernels ?? 'reference';
    if (request.kind === 'reset') {
      state.engine = new LmEngine(request.config, request.settings);
      return { kind: 'snapshot', id: request.id, snapshot: state.engine.snapshot(request.sentence), kernels };
    }
    const engine = state.engine;
    if (!engine) throw new Error('the language-model lab has no model yet');
    if (request.kind === 'read') return { kind: 'snapshot', id: request.id, snapshot: engine.snapshot(request.sentence), kernels };
    if (!Number.isInteger(request.steps) || request.steps < 0 || request.steps > MAX_STEPS_PER_REQUEST) {
      throw new Error(`the lab takes 0 to ${MAX_STEPS_PER_REQUEST} steps per request, not ${request.steps}`);
    }
    engine.settings = request.settings;
    const stepMs = engine.run(request.steps);
    return { kind: 'snapshot', id: request.id, snapshot: engine.snapshot(request.sentence, stepMs), kernels };
  } catch (error) {
    return { kind: 'error', id: request.id, message: (error as Error).message };
  }
}
