import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FILES } from '../../model/checkpoint';
import { DEFAULT_MODEL_DIR } from '../../model/model-dir';
import { DEFAULT_SETTINGS } from './balance-engine';
import { serve, type LabWorkerState } from './lab-protocol';

const read = (name: string) => readFileSync(join(DEFAULT_MODEL_DIR, name));
const files = {
  config: JSON.parse(read(CHECKPOINT_FILES.config).toString('utf8')) as unknown,
  weights: new Uint8Array(read(CHECKPOINT_FILES.weights)),
  tokenizer: JSON.parse(read(CHECKPOINT_FILES.tokenizer).toString('utf8')) as unknown,
};

describe("the lab worker's protocol", { timeout: 30_000 }, () => {
  it('loads, resets to step 0 and steps, each reply carrying the steps just done', () => {
    const state: LabWorkerState = {};
    expect(serve(state, { kind: 'load', id: 1, files })).toEqual({ kind: 'loaded', id: 1 });
    const reset = serve(state, { kind: 'reset', id: 2, start: 'boost-group', settings: DEFAULT_SETTINGS });
    if (reset.kind !== 'snapshot') throw new Error(JSON.stringify(reset));
    expect(reset.snapshot.step).toBe(0);
    expect(reset.snapshot.layers).toEqual([1, 2]);
    expect(reset.snapshot.bias[0]!.slice(0, 3)).toEqual([0.5, 0.5, 0]);
    const steps = serve(state, { kind: 'steps', id: 3, count: 3, settings: DEFAULT_SETTINGS });
    if (steps.kind !== 'snapshot') throw new Error(JSON.stringify(steps));
    expect(steps.snapshot.records.map((r) => r.step)).toEqual([1, 2, 3]);
    expect(steps.snapshot.stepMs).toBeGreaterThan(0);
    // Experts 0 and 1 were overloaded three times: 0.5 − 3γ.
    expect(steps.snapshot.bias[0]![0]).toBeCloseTo(0.5 - 3 * DEFAULT_SETTINGS.gamma, 6);
  });

  it('answers bad requests with an error that names the problem', () => {
    const state: LabWorkerState = {};
    expect(serve(state, { kind: 'steps', id: 1, count: 1, settings: DEFAULT_SETTINGS })).toEqual({ kind: 'error', id: 1, message: 'the lab worker has no model loaded' });
    serve(state, { kind: 'load', id: 2, files });
    expect(serve(state, { kind: 'steps', id: 3, count: 1, settings: DEFAULT_SETTINGS })).toMatchObject({ kind: 'error', message: 'the lab has not been reset yet' });
    expect(serve(state, { kind: 'reset', id: 4, start: 'boost-group', settings: { ...DEFAULT_SETTINGS, gamma: -1 } })).toMatchObject({ kind: 'error', message: 'lab: γ must be a number ≥ 0, got -1' });
    expect(serve(state, { kind: 'reset', id: 5, start: 'nope' as 'zero', settings: DEFAULT_SETTINGS })).toMatchObject({ kind: 'error', message: 'unknown lab start state "nope"' });
  });
});
