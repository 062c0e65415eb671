/** Renders TeX to HTML at build time (Astro components call it), with the course's macros and trust rules. */
import katex from 'katex';
import { KATEX_OPTIONS } from './katex-options';

/**
 * @example renderTex('\\cq{Q}', { display: false }) // '<span class="katex">…role-query…</span>'
 */
export function renderTex(tex: string, { display = true }: { display?: boolean } = {}): string {
  // A fresh macro table per call: KaTeX writes \gdef results into it, which must not leak between equations.
  const html = katex.renderToString(tex, { ...KATEX_OPTIONS, macros: { ...KATEX_OPTIONS.macros }, displayMode: display });
  // A display equation scrolls sideways on a narrow screen: make it focusable, as rehype-scrollable-math does in prose.
  return display ? html.replace('<span class="katex-display">', '<span class="katex-display" tabindex="0" role="group" aria-label="Equation">') : html;
}
