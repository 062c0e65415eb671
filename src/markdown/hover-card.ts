/**
 * The markup of a hover card, shared by the notation and citation plugins: a focusable trigger around the prose's
 * own words or math, and the card after it, tied by aria-describedby so a screen reader reads the card when the
 * trigger is focused. Everything is phrasing content (spans), because cards sit inside paragraphs. The cards are shown
 * by CSS (:hover, :focus-within) and closed by Escape (src/components/HoverCards.astro).
 */
import type { Element, ElementContent, Node, Parent, Text } from 'hast';

export type HoverCardKind = 'notation' | 'citation';

export const text = (value: string): Text => ({ type: 'text', value });

export function span(className: string, children: ElementContent[], properties: Element['properties'] = {}): Element {
  return { type: 'element', tagName: 'span', properties: { className: [className], ...properties }, children };
}

/**
 * The card's lines with a space between them: they are blocks on screen, but a screen reader reads the card as one
 * description, where "16 × 64DeepSeek-V3" would run together.
 */
export function spaced(lines: readonly ElementContent[]): ElementContent[] {
  return lines.flatMap((line, i) => (i === 0 ? [line] : [text(' '), line]));
}

/**
 * @example hoverCard('notation', 'notation-3', [katexSpan], [text('d_c: key–value latent width')], { dataNotation: 'd-c' })
 */
export function hoverCard(kind: HoverCardKind, id: string, trigger: ElementContent[], card: ElementContent[], data: Element['properties'] = {}): Element {
  return span(
    'hovercard',
    [
      span('hovercard-trigger', trigger, { tabIndex: 0, ariaDescribedBy: [id] }),
      // A notation card is a tooltip (text only); a citation card holds a link, which a tooltip may not, so it is a note.
      span('hovercard-card', card, { id, role: kind === 'notation' ? 'tooltip' : 'note', dataHovercardCard: '' }),
    ],
    { dataHovercard: kind, ...data },
  );
}

/** The element's className as a list. */
export function classes(node: Element): string[] {
  const c = node.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? (c as string).split(/\s+/) : [];
}

const SKIP_TAGS = new Set(['a', 'button', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'code', 'pre', 'script', 'style', 'summary', 'label']);

/**
 * Walks the tree in document order, calling `visit` on each node with its parent, and never descending into links,
 * headings (their text is the table of contents), code, existing cards or KaTeX display blocks. `visit` returns the
 * nodes to put in place of the node, or undefined to keep it.
 */
export function walkProse(tree: Parent, visit: (node: Node, parent: Parent) => ElementContent[] | undefined): void {
  const walk = (parent: Parent): void => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i]!;
      const replacement = visit(node, parent);
      if (replacement) {
        parent.children.splice(i, 1, ...(replacement as typeof parent.children));
        i += replacement.length - 1;
        continue;
      }
      if (node.type === 'element') {
        const el = node as Element;
        if (SKIP_TAGS.has(el.tagName)) continue;
        const cls = classes(el);
        if (cls.includes('hovercard') || cls.includes('katex-display') || cls.includes('katex')) continue;
      }
      if ('children' in node && Array.isArray((node as Parent).children)) walk(node as Parent);
    }
  };
  walk(tree);
}

/**
 * A size formula in the notation table's small TeX subset (letters, digits, _ and ^ with or without braces, \times,
 * \prime or ', \text{…}, + and /) as HTML: <i> for letters, <sub> and <sup>. A card is not worth a KaTeX render.
 * @example formulaToHast("d_c' \\times n_h d_h") // [i(d), sub(c), ′, ' × ', i(n), sub(h), i(d), sub(h)]
 */
export function formulaToHast(tex: string): ElementContent[] {
  const out: ElementContent[] = [];
  let i = 0;
  const group = (): string => {
    if (tex[i] === '{') {
      const end = tex.indexOf('}', i);
      if (end < 0) throw new Error(`formula "${tex}": unclosed brace`);
      const inner = tex.slice(i + 1, end);
      i = end + 1;
      return inner;
    }
    return tex[i++] ?? '';
  };
  while (i < tex.length) {
    const ch = tex[i]!;
    if (ch === '\\') {
      const name = /^\\([A-Za-z]+)/.exec(tex.slice(i))![1]!;
      i += name.length + 1;
      if (name === 'times') out.push(text(' × '));
      else if (name === 'prime') out.push(text('′'));
      else if (name === 'text') out.push(text(group()));
      else throw new Error(`formula "${tex}": \\${name} is not in the card's TeX subset`);
    } else if (ch === '_' || ch === '^') {
      i++;
      const inner = group();
      out.push({ type: 'element', tagName: ch === '_' ? 'sub' : 'sup', properties: {}, children: formulaToHast(inner) });
    } else if (ch === "'") {
      i++;
      out.push(text('′'));
    } else if (/[A-Za-z]/.test(ch)) {
      i++;
      out.push({ type: 'element', tagName: 'i', properties: {}, children: [text(ch)] });
    } else if (/[0-9]/.test(ch)) {
      const digits = /^[0-9]+/.exec(tex.slice(i))![0];
      i += digits.length;
      out.push(text(digits));
    } else if (ch === ' ') {
      i++;
    } else if (ch === '+' || ch === '/') {
      i++;
      out.push(text(` ${ch} `));
    } else {
      throw new Error(`formula "${tex}": "${ch}" is not in the card's TeX subset`);
    }
  }
  return out;
}
