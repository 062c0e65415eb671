import { readFileSync } from 'node:fs';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import rehypeKatex from 'rehype-katex';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { deepSeekV3Sizes, miniSeekSizes } from '../course/notation';
import { KATEX_OPTIONS } from '../math/katex-options';
import { parseConfig } from '../model/config';
import { formulaToHast } from './hover-card';
import rehypeNotation from './rehype-notation';

const models = () => [miniSeekSizes(parseConfig(JSON.parse(readFileSync('public/models/miniseek/config.json', 'utf8')))), deepSeekV3Sizes()] as const;
const inline = (tex: string) => `<code class="language-math math-inline">${tex}</code>`;

async function render(html: string, chapter = 'multi-head-latent-attention'): Promise<string> {
  const tree = fromHtml(html, { fragment: true });
  const file = new VFile({ path: `/repo/content/chapters/${chapter}.mdx` });
  const out = await unified().use(rehypeKatex, KATEX_OPTIONS).use(rehypeNotation, { models }).run(tree, file);
  return toHtml(out as typeof tree);
}

describe('rehypeNotation', () => {
  it("wraps a symbol's inline math in a focusable trigger described by a card with its meaning and sizes", async () => {
    const html = await render(`<p>The latent has ${inline('d_c')} numbers.</p>`);
    const doc = fromHtml(html, { fragment: true });
    expect(html).toMatch(/<span class="hovercard" data-hovercard="notation" data-notation="d-c"><span class="hovercard-trigger" tabindex="0" aria-describedby="notation-card-1"><span class="katex">/);
    expect(html).toMatch(/<span class="hovercard-card" id="notation-card-1" role="tooltip" data-hovercard-card="">/);
    expect(html).toContain('<strong>key–value latent width</strong>');
    expect(html).toContain('MiniSeek: <b>16</b>');
    expect(html).toContain('DeepSeek-V3: <b>512</b>');
    // Lines of the card are separated, so its description reads "… 16 DeepSeek-V3: 512", not "16DeepSeek-V3".
    expect(html).toContain('MiniSeek: <b>16</b></span> <span class="hovercard-size">DeepSeek-V3');
    // Only spans inside the paragraph: the card is phrasing content and the HTML stays valid.
    expect(toHtml(doc)).toBe(html);
  });

  it('gives each card its own id and prints a matrix size with its formula', async () => {
    const html = await render(`<p>${inline('W^{DKV}')} then ${inline('W^{UK}')}.</p>`);
    expect(html).toContain('aria-describedby="notation-card-1"');
    expect(html).toContain('id="notation-card-2"');
    expect(html).toContain('DeepSeek-V3: <b>7,168 × 512</b>');
    expect(html).toContain('<span class="hovercard-formula" aria-hidden="true">(<i>D</i> × <i>d</i><sub><i>c</i></sub>)</span>');
  });

  it('leaves formulas, display math, headings and symbols of other chapters alone', async () => {
    const html = await render(
      `<h2>${inline('d_c')}</h2><p>${inline('d_c = 4 d_h')} and ${inline('H')}</p><pre><code class="language-math math-display">d_c</code></pre>`,
    );
    expect(html).not.toContain('hovercard');
  });

  it('does nothing, and loads no model, on a page without symbols', async () => {
    const tree = fromHtml(`<p>${inline('x')}</p>`, { fragment: true });
    const out = await unified()
      .use(rehypeKatex)
      .use(rehypeNotation, {
        models: () => {
          throw new Error('loaded');
        },
      })
      .run(tree, new VFile({ path: 'content/chapters/rope.mdx' }));
    expect(toHtml(out as typeof tree)).not.toContain('hovercard');
  });

  it('reads the letter the prose means in each chapter', async () => {
    expect(await render(`<p>${inline('H')}</p>`, 'self-attention')).toContain('normed token rows');
    expect(await render(`<p>${inline('L')}</p>`, 'rope')).not.toContain('hovercard');
  });
});

describe('formulaToHast', () => {
  it("writes the card's formulas as HTML and refuses TeX outside its subset", () => {
    const html = (tex: string) => toHtml({ type: 'root', children: formulaToHast(tex) });
    expect(html("d_c' \\times n_h d_h^R")).toBe('<i>d</i><sub><i>c</i></sub>′ × <i>n</i><sub><i>h</i></sub><i>d</i><sub><i>h</i></sub><sup><i>R</i></sup>');
    expect(html('K_r \\text{ of } N_r')).toBe('<i>K</i><sub><i>r</i></sub> of <i>N</i><sub><i>r</i></sub>');
    expect(() => formulaToHast('\\sqrt{d}')).toThrow('\\sqrt is not');
  });
});
