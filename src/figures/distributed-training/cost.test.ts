import { describe, expect, it } from 'vitest';
import { PUBLISHED } from '../../model/published-configs';
import { V3_STATED, v3Cost } from './cost';

describe('DeepSeek-V3’s cost, from its parts', () => {
  const c = v3Cost(PUBLISHED['deepseek-v3'].n_routed_experts!);
  it('adds Table 1’s stages to its 2.788M GPU hours and prices them at $2 to $5.576M', () => {
    expect(c.totalHours).toBe(2788e3);
    expect(c.totalHours).toBe(V3_STATED.totalHours);
    expect(c.totalUsd).toBe(V3_STATED.totalUsd);
    expect(c.usd.pretraining).toBe(V3_STATED.usd.pretraining);
    expect(c.usd.contextExtension).toBe(V3_STATED.usd.contextExtension);
    expect(c.usd.postTraining).toBe(V3_STATED.usd.postTraining);
  });

  it('gets the pre-training hours again from 180K per trillion tokens × 14.8T', () => {
    expect(c.pretrainingFromRate).toBeCloseTo(V3_STATED.hours.pretraining, 6);
  });

  it('turns 180K GPU hours on 2,048 GPUs into the paper’s 3.7 days, and pre-training into under two months', () => {
    expect(c.daysPerTrillion).toBeCloseTo(3.662, 3);
    expect(Math.round(c.daysPerTrillion * 10) / 10).toBe(V3_STATED.daysPerTrillion);
    expect(c.pretrainingDays).toBeCloseTo(54.2, 1);
    expect(c.pretrainingDays).toBeLessThan(61);
  });

  it('fits 64-way EP over 8 nodes to 8 GPUs a node, and 256 experts to 4 per GPU', () => {
    expect(c.epPerNode).toBe(V3_STATED.gpusPerNode);
    expect(c.expertsPerGpu).toBe(4);
    expect(c.nodes).toBe(256);
  });
});
