/** A figure's step table, read the same way by every figure: which step to show, and its number. */

/**
 * The step id a figure shows: the active one when its table knows it, else its first (before the reader reaches
 * the figure, or for a step of another scrolly).
 * @example resolveStep(ATTENTION_STEPS, 'softmax') // 'softmax'; resolveStep(ATTENTION_STEPS, '') // 'tokens'
 */
export function resolveStep<Id extends string>(steps: readonly { readonly id: Id }[], active: string): Id {
  const first = steps[0];
  if (!first) throw new Error('a figure needs at least one step');
  return steps.find((s) => s.id === active)?.id ?? first.id;
}

/**
 * The step's number as the figure's caption says it, counted from 1.
 * @example stepNumber(ATTENTION_STEPS, 'tokens') // 1
 */
export function stepNumber<Id extends string>(steps: readonly { readonly id: Id }[], id: Id): number {
  return steps.findIndex((s) => s.id === id) + 1;
}
