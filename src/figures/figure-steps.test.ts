import { describe, expect, it } from 'vitest';
import { resolveStep, stepNumber } from './figure-steps';

const STEPS = [{ id: 'tokens' }, { id: 'queries' }, { id: 'softmax' }] as const;

describe('a figure step table', () => {
  it('shows the active step when it knows it, else its first', () => {
    expect(resolveStep(STEPS, 'softmax')).toBe('softmax');
    expect(resolveStep(STEPS, '')).toBe('tokens');
    expect(resolveStep(STEPS, 'nope')).toBe('tokens');
  });

  it('numbers steps from 1', () => {
    expect(stepNumber(STEPS, 'tokens')).toBe(1);
    expect(stepNumber(STEPS, 'softmax')).toBe(3);
  });

  it('refuses an empty table', () => {
    expect(() => resolveStep([], 'x')).toThrow('at least one step');
  });
});
