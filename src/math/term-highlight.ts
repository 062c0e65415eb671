/** Builds the CSS that highlights an equation's \term{…} marks for each step of a figure's step table. */

export interface StepTerms {
  readonly id: string;
  /** Ids of the \term{id}{…} marks this step is about. */
  readonly terms: readonly string[];
}

const SAFE = /^[a-z][a-z0-9-]*$/;

/**
 * One rule per (step, term) pair, scoped to the figure root, all sharing the `.term-current` look.
 * @example termHighlightCss('attention', [{ id: 'softmax', terms: ['softmax'] }])
 * // '[data-figure="attention"][data-state="softmax"] [data-term="softmax"]{…}'
 */
export function termHighlightCss(figure: string, steps: readonly StepTerms[]): string {
  const names = [figure, ...steps.flatMap((s) => [s.id, ...s.terms])];
  const bad = names.find((n) => !SAFE.test(n));
  if (bad !== undefined) throw new Error(`term highlight: "${bad}" is not a lower-case, hyphenated name`);
  const selectors = steps.flatMap((step) =>
    step.terms.map((term) => `[data-figure="${figure}"][data-state="${step.id}"] [data-term="${term}"]`),
  );
  if (selectors.length === 0) return '';
  return `${selectors.join(',')}{background:var(--highlight);color:var(--highlight-fg);border-radius:3px;box-shadow:0 0 0 2px var(--highlight)}`;
}
