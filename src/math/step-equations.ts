/**
 * The CSS that shows only the active step's equation inside a figure: every step's equation is in the HTML (rendered
 * at build time), and the figure's data-state picks one, so the right one shows without JavaScript and in print.
 */

/**
 * @example stepEquationsCss('mla', MLA_STEPS) // '[data-figure="mla"] [data-eq-step]{display:none}…'
 */
export function stepEquationsCss(figure: string, steps: readonly { readonly id: string }[]): string {
  const first = steps[0]?.id ?? '';
  const shown = steps.map((s) => `[data-figure="${figure}"][data-state="${s.id}"] [data-eq-step="${s.id}"]`);
  // Before any state is set (data-state empty), the first equation stands in.
  return `[data-figure="${figure}"] [data-eq-step]{display:none}${shown.join(',')},[data-figure="${figure}"]:not([data-state]) [data-eq-step="${first}"]{display:block}`;
}
