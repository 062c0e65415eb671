/** Where the lab starts: bias vectors the reader can choose, most of them deliberately unbalanced. */

export type StartId = 'boost-group' | 'boost-across' | 'zero' | 'trained';

export interface StartState {
  readonly id: StartId;
  /** The control's label (the boosted starts zero every other bias). */
  readonly label: string;
  /** Experts given +BOOST on a zeroed bias (ids as in the checkpoint, 0–7). */
  readonly boosted: readonly number[];
}

/** The bias added to the boosted experts: enough to win most tokens' group and top-2 choice. */
export const BOOST = 0.5;

export const START_STATES: readonly StartState[] = [
  { id: 'boost-group', label: '+0.5 on experts 0 and 1 (one group)', boosted: [0, 1] },
  { id: 'boost-across', label: '+0.5 on experts 0 and 4 (two groups)', boosted: [0, 4] },
  { id: 'zero', label: 'All zero', boosted: [] },
  { id: 'trained', label: 'As trained (the checkpoint)', boosted: [] },
];

export const DEFAULT_START: StartId = 'boost-group';

/**
 * The start biases of each MoE layer. 'trained' copies the checkpoint's e_score_correction_bias (`trained`, one
 * vector per MoE layer); the others zero it and add BOOST to the boosted experts.
 * @example startBias('boost-group', trained) // [[0.5, 0.5, 0, 0, 0, 0, 0, 0], [0.5, 0.5, 0, …]]
 */
export function startBias(id: StartId, trained: readonly Float32Array[]): Float32Array[] {
  const state = START_STATES.find((s) => s.id === id);
  if (!state) throw new Error(`unknown lab start state "${id}"`);
  if (id === 'trained') return trained.map((b) => Float32Array.from(b));
  return trained.map((b) => {
    const bias = new Float32Array(b.length);
    for (const e of state.boosted) bias[e] = BOOST;
    return bias;
  });
}
