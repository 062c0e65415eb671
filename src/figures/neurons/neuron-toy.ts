/** The toy neuron the chapter starts from: the reader moves every number; these only make the first z readable. */
import type { ToyNeuron } from './neuron-math';

export const TOY_START: ToyNeuron = { x: [1, 2, -1], w: [0.5, 0.8, 0.3], b: -0.4 };
