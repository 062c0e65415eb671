import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypeCitations, { findReferences, sectionNote, type CitedSource } from './rehype-citations';

const V3: CitedSource = { title: 'DeepSeek-AI, DeepSeek-V3 Technical Report', arxiv: '2412.19437', section: '§2.1.1 Multi-Head Latent Attention, eqs. 1–11; §4.2 hyperparameters' };
const ROFORMER: CitedSource = { title: 'Su et al., RoFormer', arxiv: '2104.09864', section: '§3.2–3.4 rotary position embedding' };
const FLASH: CitedSource = { title: 'FlashMLA', url: 'https://github.com/deepseek-ai/FlashMLA' };
const SOURCES = [V3, ROFORMER, FLASH];

const cited = (value: string, sources = SOURCES) => findReferences(value, sources).map((r) => value.slice(r.start, r.end));

describe('findReferences', () => {
  it('finds arXiv ids with or without a place, and short names with a place', () => {
    expect(cited('(arXiv 2412.19437, §2.1.1)')).toEqual(['arXiv 2412.19437, §2.1.1']);
    expect(cited('(V3 §2.1.1) and (V3, §4.2).')).toEqual(['V3 §2.1.1', 'V3, §4.2']);
    expect(cited('RoFormer §3.2, which writes')).toEqual(['RoFormer §3.2']);
    expect(cited('(RoPE, arXiv 2104.09864)')).toEqual(['arXiv 2104.09864']);
    expect(cited('DeepSeek-V3 §4.2, arXiv 2412.19437')).toEqual(['DeepSeek-V3 §4.2, arXiv 2412.19437']);
    expect(findReferences('(V3 §4.2.)', SOURCES)[0]).toMatchObject({ arxiv: '2412.19437', place: '§4.2' });
  });

  it('leaves alone what does not resolve to a source of the chapter', () => {
    // A bare section: which paper is not ours to guess.
    expect(cited('(§4.2)')).toEqual([]);
    // The model's name without a place is not a citation.
    expect(cited('V3 uses 256 experts')).toEqual([]);
    // A paper the chapter does not list.
    expect(cited('(V2 §2.1.3), (arXiv 2405.04434)')).toEqual([]);
    // A name and an id that disagree.
    expect(cited('V3 §4.2, arXiv 2104.09864')).toEqual([]);
    // Not a word on its own.
    expect(cited('MiniV3 §4.2 and arXiv 2412.194371')).toEqual([]);
  });
});

describe('sectionNote', () => {
  it("finds the frontmatter's note on the cited section, and not a longer section number", () => {
    expect(sectionNote(V3, '§2.1.1')).toBe('§2.1.1 Multi-Head Latent Attention, eqs. 1–11');
    expect(sectionNote(V3, '§2.1')).toBeUndefined();
    expect(sectionNote(V3, '§4')).toBeUndefined();
    expect(sectionNote(ROFORMER, '§3.2')).toBe('§3.2–3.4 rotary position embedding');
    expect(sectionNote(V3, undefined)).toBeUndefined();
  });
});

describe('rehypeCitations', () => {
  async function render(html: string, sources: unknown = SOURCES): Promise<string> {
    const tree = fromHtml(html, { fragment: true });
    const file = new VFile({ path: 'content/chapters/x.mdx', data: { astro: { frontmatter: { sources } } } });
    return toHtml((await unified().use(rehypeCitations).run(tree, file)) as typeof tree);
  }

  it('turns a reference into a focusable trigger whose card gives title, arXiv id, section and a link', async () => {
    const html = await render('<p>The latent (V3 §2.1.1) is small; see <a href="#x">V3 §4.2</a>.</p>');
    expect(html).toContain(
      '(<span class="hovercard" data-hovercard="citation" data-arxiv="2412.19437"><span class="hovercard-trigger" tabindex="0" aria-describedby="citation-card-1">V3 §2.1.1</span>',
    );
    expect(html).toContain('<span class="hovercard-card" id="citation-card-1" role="note" data-hovercard-card="">');
    expect(html).toContain('<cite>DeepSeek-AI, DeepSeek-V3 Technical Report</cite>');
    expect(html).toContain('arXiv 2412.19437 · §2.1.1');
    expect(html).toContain('The chapter draws on §2.1.1 Multi-Head Latent Attention, eqs. 1–11.');
    expect(html).toContain('<a href="https://arxiv.org/abs/2412.19437" class="hovercard-link">arXiv 2412.19437 on arxiv.org</a>');
    // Text inside a link is left as it is: a card's trigger may not sit inside another control.
    expect(html.match(/data-hovercard=/g)).toHaveLength(1);
    expect(html).toContain(') is small;');
  });

  it('numbers several references in one text and leaves pages without sources alone', async () => {
    const html = await render('<p>arXiv 2412.19437 and RoFormer §3.2</p>');
    expect(html).toContain('id="citation-card-2"');
    expect(await render('<p>arXiv 2412.19437</p>', null)).not.toContain('hovercard');
  });
});
