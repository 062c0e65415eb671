import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

describe('one KaTeX for prose and figures', () => {
  it('rehype-katex renders prose math with the same KaTeX whose CSS the site ships', () => {
    // KaTeX 0.19 renamed its CSS classes (base → katex-base, …); HTML from another version breaks the layout,
    // e.g. letting a subscript wrap onto the next line. package.json's "overrides" keeps one version.
    const require = createRequire(import.meta.url);
    const root = JSON.parse(readFileSync(require.resolve('katex/package.json'), 'utf8')).version;
    const fromRehype = createRequire(require.resolve('rehype-katex'));
    const prose = JSON.parse(readFileSync(fromRehype.resolve('katex/package.json'), 'utf8')).version;
    expect(prose).toBe(root);
    const css = readFileSync(require.resolve('katex/dist/katex.min.css'), 'utf8');
    const html = fromRehype('katex').renderToString('R_{t-j}');
    for (const cls of ['katex-base', 'katex-strut']) {
      expect(css).toContain(`.${cls}`);
      expect(html).toContain(cls);
    }
  });
});
