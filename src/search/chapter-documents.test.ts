import { describe, expect, it } from 'vitest';
import { chapterDocuments, proseText, readableTex } from './chapter-documents';

/** A formula as rehype-katex writes it: the MathML twin with its TeX annotation, and the visual HTML. */
const katex = (tex: string) =>
  `<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">${tex}</annotation></semantics></math></span><span class="katex-html" aria-hidden="true">GLYPHS</span></span>`;

/** A chapter page shaped as src/pages/chapters/[slug].astro, Scrolly.astro and Step.astro build it. */
const page = `<!doctype html><html><head><title>x</title><script>ignored()</script></head><body>
<header class="site-header"><a href="/">Inside DeepSeek</a></header>
<main><article class="chapter" data-chapter="mla">
  <header><p class="eyebrow">Part I</p><h1>Multi-head latent attention</h1><p class="summary">How DeepSeek shrinks the cache.</p>
    <nav><a href="#latent">Keys and values start as one latent</a></nav></header>
  <div class="chapter-body prose-flow">
    <p>Intro with ${katex('c_t^{KV}')}, a latent.</p>
    <figure class="diagram"><svg><text>BOXLABEL</text></svg><figcaption>The data flow of MLA.</figcaption></figure>
    <astro-island><form><label>Sentence</label><input value="the keys"><button>Run</button></form></astro-island>
    <h2 id="mla-step-by-step">MLA, step by step</h2>
    <p>Before the steps.</p>
    <section class="scrolly" data-scrolly="mla">
      <div class="scrolly-figure"><astro-island><figure data-figure="mla">${katex('\\term{ckv}{\\ck{c_t^{KV}}} = h_t W^{DKV}')}<table><td>0.25</td></table></figure></astro-island></div>
      <div class="scrolly-steps">
        <article class="step" id="latent" data-step data-step-title="Keys and values start as one latent">
          <header class="step-header"><h3 id="latent-title">Keys and values start as one latent</h3><button>Copy link<span class="visually-hidden"> to this step</span></button></header>
          <p>A down-projection ${katex('W^{DKV}')} makes it.</p><p>Second paragraph.</p>
        </article>
        <article class="step" id="cache" data-step data-step-title="What the cache stores">
          <header class="step-header"><h3 id="cache-title">What the cache stores</h3></header>
          <p>Only the latent.</p>
        </article>
      </div>
    </section>
    <p>After the steps, same section.</p>
    <h2 id="in-short">In short</h2>
    <p>A summary.</p>
  </div>
  <footer><h2 id="sources">Sources</h2><p>Not indexed.</p></footer>
</article></main></body></html>`;

describe('chapterDocuments', () => {
  const docs = chapterDocuments(page, 'mla');
  const byAnchor = new Map(docs.map((d) => [d.anchor, d]));

  it('makes one document for the chapter top, each heading and each step, in page order', () => {
    expect(docs.map((d) => `${d.kind}:${d.anchor}`)).toEqual(['chapter:', 'section:mla-step-by-step', 'step:latent', 'step:cache', 'section:in-short']);
    expect(docs.every((d) => d.chapter === 'Multi-head latent attention' && d.slug === 'mla')).toBe(true);
    expect(docs.map((d) => d.id)).toEqual(['mla#', 'mla#mla-step-by-step', 'mla#latent', 'mla#cache', 'mla#in-short']);
  });

  it('puts the summary and the prose before the first heading on the chapter top, formulas as TeX', () => {
    const top = byAnchor.get('')!;
    expect(top.title).toBe('Multi-head latent attention');
    expect(top.text).toBe('How DeepSeek shrinks the cache. Intro with $c_t^{KV}$, a latent. The data flow of MLA.');
  });

  it('leaves out drawings, islands, buttons and scripts', () => {
    const all = docs.map((d) => `${d.title} ${d.text} ${d.math}`).join(' ');
    for (const word of ['BOXLABEL', 'Sentence', 'Run', 'GLYPHS', '0.25', 'ignored', 'Copy link', 'Not indexed']) expect(all).not.toContain(word);
  });

  it('gives each step its title and prose, and the first step the equations of its figure', () => {
    const latent = byAnchor.get('latent')!;
    expect(latent.title).toBe('Keys and values start as one latent');
    expect(latent.text).toBe('A down-projection $W^{DKV}$ makes it. Second paragraph.');
    expect(latent.math).toBe('{{c_t^{KV}}} = h_t W^{DKV}');
    expect(byAnchor.get('cache')!.math).toBe('');
  });

  it('keeps prose after a scroll container in the section it belongs to', () => {
    expect(byAnchor.get('mla-step-by-step')!.text).toBe('Before the steps. After the steps, same section.');
    expect(byAnchor.get('in-short')!.text).toBe('A summary.');
  });

  it('fails loudly on a page without the chapter article', () => {
    expect(() => chapterDocuments('<html><body><p>x</p></body></html>', 'mla')).toThrow(/data-chapter="mla"/);
  });
});

describe('readableTex', () => {
  it('drops the course macros and thin spaces, keeping the symbols', () => {
    expect(readableTex('\\term{q}{\\cq{Q}}\\,\\ck{K}^{\\top}')).toBe('{{Q}} {K}^{\\top}');
    expect(readableTex('\\cdot{x}')).toBe('\\cdot{x}');
  });
});

describe('proseText', () => {
  it('keeps words of adjacent blocks apart and joins punctuation to its word', () => {
    expect(proseText({ type: 'element', tagName: 'div', properties: {}, children: [
      { type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'one' }] },
      { type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'two' }] },
      { type: 'text', value: ' .' },
    ] })).toBe('one two.');
  });

  it('keeps a hover card’s trigger and leaves out its card', () => {
    expect(proseText({ type: 'element', tagName: 'p', properties: {}, children: [
      { type: 'text', value: 'see ' },
      { type: 'element', tagName: 'span', properties: { className: ['hovercard'] }, children: [
        { type: 'element', tagName: 'span', properties: { className: ['hovercard-trigger'] }, children: [{ type: 'text', value: 'V3 §2.1.1' }] },
        { type: 'element', tagName: 'span', properties: { className: ['hovercard-card'], dataHovercardCard: '' }, children: [{ type: 'text', value: 'DeepSeek-V3 Technical Report' }] },
      ] },
      { type: 'text', value: ' here' },
    ] })).toBe('see V3 §2.1.1 here');
  });
});
