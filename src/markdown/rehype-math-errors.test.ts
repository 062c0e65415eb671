import { fromHtml } from 'hast-util-from-html';
import rehypeKatex from 'rehype-katex';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypeMathErrors from './rehype-math-errors';

const run = (math: string) => {
  const tree = fromHtml(`<p><code class="language-math math-inline">${math}</code></p>`, { fragment: true });
  return () => unified().use(rehypeKatex).use(rehypeMathErrors).runSync(tree, new VFile({ path: 'chapter.mdx' }));
};

describe('rehypeMathErrors', () => {
  it('stops the build on math KaTeX cannot render, naming the file and the TeX', () => {
    expect(run('1/\\sqrt{${x}}')).toThrow(/chapter\.mdx: KaTeX could not render "1\/\\sqrt\{\$\{x\}\}"/);
  });
  it('lets good math through', () => {
    expect(run('1/\\sqrt{d_k}')).not.toThrow();
  });
});
