import { describe, expect, it } from 'vitest';
import { trainingLog } from './training-log';

describe('trainingLog', () => {
  it('stores loss and per-expert load by column, rounded', () => {
    const log = trainingLog(
      [
        { step: 0, loss: 5.123456, balanceLoss: 0, lr: 1, gradNorm: 1, load: [[0.25, 0.75], [0.5, 0.5]] },
        { step: 1, loss: 4.5, balanceLoss: 0, lr: 1, gradNorm: 1, load: [[0.33333, 0.66667], [0.1, 0.9]] },
      ],
      [1, 2],
      { steps: 2 },
    );
    expect(log.loss).toEqual([5.1235, 4.5]);
    expect(log.load[0]).toEqual([[0.25, 0.333], [0.75, 0.667]]);
    expect(log.load[1]![1]).toEqual([0.5, 0.9]);
  });
});
