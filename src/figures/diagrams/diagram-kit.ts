/**
 * Shared pieces of the course's static diagrams: labels placed in viewBox units, text with inline TeX rendered by
 * KaTeX at build time, and the number formats the labels use.
 *
 * Labels are HTML laid over the SVG (see DiagramCanvas.astro), not <foreignObject>: WebKit draws a scaled
 * foreignObject's positioned content in the wrong place (https://bugs.webkit.org/show_bug.cgi?id=23113), and
 * KaTeX positions every sub- and superscript with `position: relative`.
 */
import { renderTex } from '../../math/render-tex';

export type Tone = 'title' | 'muted' | 'name' | 'expert';

/** One label, anchored at (x, y) in the diagram's viewBox units. */
export interface DiagramLabel {
  readonly x: number;
  readonly y: number;
  /** The label's HTML, from `rich` or `stack`. */
  readonly html: string;
  /** Which point of the label sits at x: its start, middle (default) or end. */
  readonly align?: 'start' | 'middle' | 'end';
  /** Font size in viewBox units (default 13). */
  readonly size?: number;
  /** 'title' is set bold, 'muted' in the secondary text colour, 'name' (a vector's symbol) a size larger, 'expert' in the experts' role colour. */
  readonly tone?: Tone;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ESCAPES[ch]!);
}

/**
 * Words with inline math between dollar signs: the words escaped, each `$…$` rendered by KaTeX.
 * @example rich('query latent $c^Q_t$') // 'query latent <span class="katex">…</span>'
 */
export function rich(text: string): string {
  return text
    .split(/(\$[^$]+\$)/)
    .map((part) => (part.startsWith('$') && part.endsWith('$') && part.length > 1 ? renderTex(part.slice(1, -1), { display: false }) : escapeHtml(part)))
    .join('');
}

/**
 * Several lines of `rich` text, one block per line; a line given as [text, tone] takes that tone.
 * @example stack(['token ids', 'title'], '$t_1, \\dots, t_T$')
 */
export function stack(...lines: readonly (string | readonly [string, Tone])[]): string {
  return lines
    .map((line) => {
      const [text, tone] = typeof line === 'string' ? [line, undefined] : line;
      return `<span class="line${tone ? ` ${tone}` : ''}">${rich(text)}</span>`;
    })
    .join('');
}

const COUNT = new Intl.NumberFormat('en-US');
/**
 * A size as the course prints it: thousands separators, the same in every locale.
 * @example size(129280) // '129,280'
 */
export function size(n: number): string {
  return COUNT.format(n);
}

/**
 * A 1-based range of layers in words, for `count` layers starting after `skip`; empty when there are none.
 * @example layerRange(1, 2) // 'layers 2–3'; layerRange(0, 1) // 'layer 1'; layerRange(3, 0) // ''
 */
export function layerRange(skip: number, count: number): string {
  if (count <= 0) return '';
  return count === 1 ? `layer ${skip + 1}` : `layers ${skip + 1}–${skip + count}`;
}
