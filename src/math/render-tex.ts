/** Renders TeX to HTML at build time (Astro components call it), with the course's macros and trust rules. */
import katex from 'katex';
import { KATEX_OPTIONS } from './katex-options';

/**
 * @example renderTex('\\cq{Q}', { display: false }) // '<span class="katex">…role-query…</span>'
 */
export function renderTex(tex: string, { display = true }: { display?: boolean } = {}): string {
  // A fresh macro table per call: KaTeX writes \gdef results into it, which must not leak between equations.
  return katex.renderToString(tex, { ...KATEX_OPTIONS, macros: { ...KATEX_OPTIONS.macros }, displayMode: display });
}
