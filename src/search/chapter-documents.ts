/**
 * Reads a built chapter page (dist/chapters/<slug>/index.html) into the search index's documents: the chapter's top
 * (title, summary, the prose before the first heading), each section of prose under a heading, and each step.
 * The built HTML, not the MDX, because the MDX computes its numbers at build time ({miniseek.params} and the like)
 * and only the HTML holds the words and numbers a reader sees, with the steps' and headings' final ids.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { SearchDocument } from './search-options';

/** Not prose: code, styles, drawings, controls, and islands (a figure's live numbers, the sentence field). */
const SKIPPED = new Set(['script', 'style', 'svg', 'button', 'template', 'noscript', 'astro-island', 'input', 'select', 'textarea']);
const HEADING = /^h[2-4]$/;

function classes(node: Element): string[] {
  const value = node.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

function isElement(node: ElementContent | Root): node is Element {
  return node.type === 'element';
}

/** The first element below `node` (or `node` itself) that passes `test`, depth first. */
function find(node: Element | Root, test: (el: Element) => boolean): Element | undefined {
  if (isElement(node) && test(node)) return node;
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const found = find(child, test);
    if (found) return found;
  }
  return undefined;
}

function findAll(node: Element, test: (el: Element) => boolean, out: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (test(child)) out.push(child);
    else findAll(child, test, out);
  }
  return out;
}

/**
 * A formula's TeX as a reader would want to see it in a snippet: without the course's colour and term macros
 * (src/math/katex-options.ts), which wrap symbols without changing them, and without thin-space commands.
 * @example readableTex('\\term{q}{\\cq{Q}}\\,K') === '{{Q}} K'
 */
export function readableTex(tex: string): string {
  return tex
    .replace(/\\term\{[^{}]*\}\{/g, '{')
    .replace(/\\c[qkve]\{/g, '{')
    .replace(/\\[,;:!]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** KaTeX keeps the formula's TeX in the MathML's annotation; that is the text a search for an equation can find. */
function texOf(katex: Element): string {
  const annotation = find(katex, (el) => el.tagName === 'annotation' && el.properties.encoding === 'application/x-tex');
  return annotation ? readableTex(rawText(annotation)) : '';
}

function rawText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  return node.children.map(rawText).join('');
}

/**
 * The readable text of a piece of prose: formulas as `$TeX$`, drawings and controls left out, a diagram reduced to
 * its caption, blocks separated by a space so their words do not run together.
 */
export function proseText(node: ElementContent): string {
  const parts: string[] = [];
  const walk = (n: ElementContent) => {
    if (n.type === 'text') {
      parts.push(n.value);
      return;
    }
    if (n.type !== 'element' || SKIPPED.has(n.tagName) || n.properties.hidden !== undefined) return;
    // A symbol's or citation's hover card (src/markdown/hover-card.ts) repeats a definition in the middle of a
    // sentence; the sentence keeps its trigger (the symbol or reference itself), not the card.
    if (n.properties.dataHovercardCard !== undefined) return;
    if (classes(n).includes('katex')) {
      const tex = texOf(n);
      if (tex) parts.push(` $${tex}$ `);
      return;
    }
    if (n.tagName === 'figure') {
      const caption = find(n, (el) => el.tagName === 'figcaption');
      if (caption) walk(caption);
      return;
    }
    parts.push(' ');
    n.children.forEach(walk);
    parts.push(' ');
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').replace(/ ([,.;:!?)])/g, '$1').trim();
}

function isStep(el: Element): boolean {
  return el.tagName === 'article' && el.properties.dataStep !== undefined;
}

/**
 * @param html a built chapter page
 * @param slug the chapter's slug
 * @example chapterDocuments(readFileSync('dist/chapters/rope/index.html', 'utf8'), 'rope')
 */
export function chapterDocuments(html: string, slug: string): SearchDocument[] {
  const tree = fromHtml(html);
  const article = find(tree, (el) => el.properties.dataChapter === slug);
  if (!article) throw new Error(`chapters/${slug}/index.html has no <article data-chapter="${slug}">: the chapter page changed shape`);
  const h1 = find(article, (el) => el.tagName === 'h1');
  const body = find(article, (el) => classes(el).includes('chapter-body'));
  if (!h1 || !body) throw new Error(`chapters/${slug}/index.html: no <h1> or no .chapter-body in the chapter`);
  const chapter = proseText(h1);
  const summary = find(article, (el) => classes(el).includes('summary'));

  const doc = (kind: SearchDocument['kind'], anchor: string, title: string, text = '', math = ''): SearchDocument => ({
    id: `${slug}#${anchor}`,
    slug,
    anchor,
    kind,
    chapter,
    title,
    text,
    math,
  });
  const top = doc('chapter', '', chapter, summary ? proseText(summary) : '');
  const docs: SearchDocument[] = [top];
  let current = top;
  const append = (text: string) => {
    if (text) current.text = current.text ? `${current.text} ${text}` : text;
  };

  const scrolly = (section: Element) => {
    const figure = find(section, (el) => classes(el).includes('scrolly-figure'));
    const figureMath = figure ? [...new Set(findAll(figure, (el) => classes(el).includes('katex')).map(texOf).filter(Boolean))] : [];
    findAll(section, isStep).forEach((step, i) => {
      const id = String(step.properties.id ?? '');
      const title = String(step.properties.dataStepTitle ?? '');
      if (!id || !title) throw new Error(`chapters/${slug}/index.html: a step without an id or a title`);
      // The step's header is its title and copy-link button; the title is its own field.
      const prose = step.children.filter((c) => !(c.type === 'element' && c.tagName === 'header'));
      docs.push(doc('step', id, title, prose.map(proseText).filter(Boolean).join(' '), i === 0 ? figureMath.join(' ') : ''));
    });
  };

  const visit = (node: Element) => {
    for (const child of node.children) {
      if (child.type === 'text') append(child.value.trim());
      if (child.type !== 'element') continue;
      if (HEADING.test(child.tagName) && child.properties.id) {
        current = doc('section', String(child.properties.id), proseText(child));
        docs.push(current);
      } else if (classes(child).includes('scrolly')) {
        scrolly(child);
      } else if (find(child, (el) => classes(el).includes('scrolly') || (HEADING.test(el.tagName) && !!el.properties.id) || isStep(el))) {
        visit(child);
      } else {
        append(proseText(child));
      }
    }
  };
  visit(body);
  return docs;
}
