import { describe, expect, it } from 'vitest';
import { loadModelDir } from '../../model/model-dir';
import { paramBreakdown } from '../../model/param-count';
import { layerCost, modelParams } from './bp-cost';

describe('layerCost', () => {
  it('counts the 2 → 3 → 1 network by hand', () => {
    expect(layerCost([2, 3, 1])).toEqual({ params: 13, forward: 9, backward: 12, firstLayer: 6, fdPasses: 26, fdWork: 234, bpWork: 21 });
  });

  it('has a backward of about twice the forward once the first layer is a small share', () => {
    const c = layerCost([2, 64, 64, 64, 1]);
    expect(c.backward / c.forward).toBeGreaterThan(1.9);
    expect(c.backward).toBeLessThanOrEqual(2 * c.forward);
  });

  it('has a backward of only 12/9 forwards for 2 → 3 → 1, whose first layer holds most of the work', () => {
    const c = layerCost([2, 3, 1]);
    expect(c.backward).toBe(2 * c.forward - c.firstLayer);
    expect(c.firstLayer / c.forward).toBeGreaterThan(0.5);
    // So backpropagation costs less than three forwards here, and beats finite differences by more than 2P/3.
    expect(c.fdWork / c.bpWork).toBeGreaterThan((2 * c.params) / 3);
  });
});

describe('modelParams', () => {
  const { model } = loadModelDir();
  it('counts the checkpoint’s tensors, and what the trainer moves', () => {
    const p = modelParams(model.config);
    const sum = (ts: { size: number }[]) => ts.reduce((s, t) => s + t.size, 0);
    expect(p.all).toBe(sum([...model.weights.values()]));
    // The loaded checkpoint is for inference (nothing requires a gradient): the trainer's buffers are the routing biases.
    expect(p.trainable).toBe(sum([...model.weights.entries()].filter(([name]) => !name.endsWith('e_score_correction_bias')).map(([, t]) => t)));
    expect(p.all).toBe(paramBreakdown(model.config).total);
    expect(p.buffers).toBe((model.config.num_hidden_layers - model.config.first_k_dense_replace) * model.config.n_routed_experts);
  });
});
