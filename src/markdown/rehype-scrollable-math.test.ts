import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import rehypeKatex from 'rehype-katex';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import rehypeScrollableMath from './rehype-scrollable-math';

describe('rehypeScrollableMath', () => {
  it('makes display math a focusable, labelled group and leaves inline math alone', () => {
    const tree = fromHtml('<p><code class="language-math math-inline">x</code></p><pre><code class="language-math math-display">y</code></pre>', { fragment: true });
    const html = toHtml(unified().use(rehypeKatex).use(rehypeScrollableMath).runSync(tree) as typeof tree);
    expect(html).toMatch(/<span class="katex-display" tabindex="0" role="group" aria-label="Equation">/);
    expect(html.match(/tabindex/g)).toHaveLength(1);
  });
});
