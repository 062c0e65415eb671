/** KaTeX settings shared by prose math (rehype-katex) and figure equations (renderTex): role colours and term marks. */
import type { KatexOptions } from 'katex';

/**
 * Macros that tie symbols to the course's colour roles and mark terms a figure can highlight.
 * `\cq{Q}` colours a query, `\ck`, `\cv`, `\ce` a key, value, expert; `\term{softmax}{…}` wraps a
 * sub-expression in `data-term="softmax"` so the figure's step table can point at it.
 */
export const MACROS: Readonly<Record<string, string>> = {
  '\\cq': '\\htmlClass{role-query}{#1}',
  '\\ck': '\\htmlClass{role-key}{#1}',
  '\\cv': '\\htmlClass{role-value}{#1}',
  '\\ce': '\\htmlClass{role-expert}{#1}',
  '\\term': '\\htmlData{term=#1}{#2}',
};

/** Only the two commands the macros expand to are trusted; \href, \url, \htmlStyle and \htmlId stay off. */
function trust(context: { command: string }): boolean {
  return context.command === '\\htmlClass' || context.command === '\\htmlData';
}

/**
 * KaTeX's HTML extension is "non-strict" by definition; it is allowed on purpose, while every other
 * strictness complaint (a typo, unicode in math mode) fails the build instead of printing a warning.
 */
function strict(errorCode: string): 'ignore' | 'error' {
  return errorCode === 'htmlExtension' ? 'ignore' : 'error';
}

export const KATEX_OPTIONS: KatexOptions = {
  // KaTeX's default output: visual HTML (aria-hidden) plus a MathML twin that screen readers read.
  output: 'htmlAndMathml',
  throwOnError: true,
  trust,
  strict,
  macros: { ...MACROS },
};
