/**
 * What the training lab's page and its worker say to each other. `serve` is the worker's side, pure apart from the
 * state it keeps, so a unit test (and the main thread, where no worker starts) can drive it without a Worker.
 */
import { LabEngine, type LabConfig, type LabSnapshot } from './lab-engine';
import type { SgdSettings } from './sgd';

export type LabRequest =
  | { readonly kind: 'reset'; readonly id: number; readonly config: LabConfig; readonly settings: SgdSettings }
  | { readonly kind: 'train'; readonly id: number; readonly steps: number; readonly settings: SgdSettings };

export type LabReply =
  | { readonly kind: 'snapshot'; readonly id: number; readonly snapshot: LabSnapshot }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

export interface LabState {
  engine?: LabEngine;
}

/** Most steps one request may ask for, so no answer keeps the worker (or a main-thread fallback) busy for long. */
export const MAX_STEPS_PER_REQUEST = 200;

/** @example serve(state, { kind: 'train', id: 2, steps: 20, settings: DEFAULT_SGD }) */
export function serve(state: LabState, request: LabRequest): LabReply {
  try {
    if (request.kind === 'reset') {
      state.engine = new LabEngine(request.config, request.settings);
      return { kind: 'snapshot', id: request.id, snapshot: state.engine.snapshot(true) };
    }
    if (!state.engine) throw new Error('the training lab has no network yet');
    if (!Number.isInteger(request.steps) || request.steps < 0 || request.steps > MAX_STEPS_PER_REQUEST) {
      throw new Error(`the training lab takes 0 to ${MAX_STEPS_PER_REQUEST} steps per request, not ${request.steps}`);
    }
    state.engine.settings = request.settings;
    state.engine.run(request.steps);
    return { kind: 'snapshot', id: request.id, snapshot: state.engine.snapshot() };
  } catch (error) {
    return { kind: 'error', id: request.id, message: (error as Error).message };
  }
}
