/** The backpropagation chapter's fixed choices, shared by its figure, its prose and its tests. */
import type { Activation } from '../../foundations/mlp';

/** The 2 → 3 → 1 network: tanh, as the lab's default network, from seed 1. */
export const CHAPTER_NET: { readonly seed: number; readonly activation: Activation } = { seed: 1, activation: 'tanh' };

/** The batch sizes the mini-batch steps offer (the lab's default, 16, among them). */
export const BATCH_SIZES: readonly number[] = [4, 16, 64];
