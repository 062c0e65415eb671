import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_CONFIG, DEFAULT_SGD, GRID, thin } from './lab-engine';
import { MAX_STEPS_PER_REQUEST, serve, type LabState } from './lab-protocol';

describe('the training lab protocol', () => {
  it('resets to a fresh network with the data, then trains on request and the loss falls', () => {
    const state: LabState = {};
    const first = serve(state, { kind: 'reset', id: 1, config: DEFAULT_LAB_CONFIG, settings: DEFAULT_SGD });
    if (first.kind !== 'snapshot') throw new Error(first.message);
    expect(first.snapshot.step).toBe(0);
    expect(first.snapshot.points).toHaveLength(DEFAULT_LAB_CONFIG.points);
    expect(first.snapshot.grid).toHaveLength(GRID * GRID);
    let last: ReturnType<typeof serve> = first;
    for (let i = 0; i < 3; i++) last = serve(state, { kind: 'train', id: 2 + i, steps: MAX_STEPS_PER_REQUEST, settings: DEFAULT_SGD });
    if (last.kind !== 'snapshot') throw new Error(last.message);
    expect(last.snapshot.step).toBe(3 * MAX_STEPS_PER_REQUEST);
    expect(last.snapshot.loss).toBeLessThan(0.5 * first.snapshot.loss);
    expect(last.snapshot.accuracy).toBeGreaterThan(0.9);
    expect(last.snapshot.points).toEqual([]); // the data travels once, with the reset
    expect(last.snapshot.history[0]).toEqual([0, first.snapshot.loss]);
    expect(last.snapshot.history.at(-1)).toEqual([last.snapshot.step, last.snapshot.loss]);
  });

  it('answers a bad request with a message, not a throw', () => {
    const state: LabState = {};
    expect(serve(state, { kind: 'train', id: 1, steps: 1, settings: DEFAULT_SGD })).toMatchObject({ kind: 'error', message: /no network/ });
    serve(state, { kind: 'reset', id: 2, config: DEFAULT_LAB_CONFIG, settings: DEFAULT_SGD });
    expect(serve(state, { kind: 'train', id: 3, steps: MAX_STEPS_PER_REQUEST + 1, settings: DEFAULT_SGD })).toMatchObject({ kind: 'error' });
    expect(serve(state, { kind: 'train', id: 4, steps: 1, settings: { lr: -1, batch: 4 } })).toMatchObject({ kind: 'error', message: /learning rate/ });
  });

  it('thins a long history evenly, keeping both ends', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i);
    const t = thin(xs, 11);
    expect(t).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(thin([1, 2], 5)).toEqual([1, 2]);
  });
});
