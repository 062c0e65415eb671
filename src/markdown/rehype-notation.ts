/**
 * Notation on hover: after rehype-katex, every inline math whose whole TeX is a symbol of the notation table
 * (src/course/notation.ts) becomes a focusable trigger with a card: the symbol's name, its meaning, and its size in
 * MiniSeek and in DeepSeek-V3. Matching is exact (`$d_c$`, never `$d_c = 4 d_h$`) and respects each entry's chapters,
 * so a letter the prose reuses is not explained wrongly. Runs at build time; the page gets plain HTML.
 */
import { basename } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import type { VFile } from 'vfile';
import { deepSeekV3Sizes, findNotation, miniSeekSizes, NOTATION, sizeText, type ModelSizes, type NotationEntry } from '../course/notation';
import { buildModel } from '../live/build-trace';
import { classes, formulaToHast, hoverCard, spaced, span, text, walkProse } from './hover-card';

export interface NotationOptions {
  /** The two models the card gives sizes for; by default MiniSeek's shipped config and DeepSeek-V3's published one. */
  readonly models?: () => readonly [ModelSizes, ModelSizes];
  readonly entries?: readonly NotationEntry[];
}

/** The TeX source KaTeX keeps in its MathML (`<annotation encoding="application/x-tex">`). */
export function katexSource(node: Element): string | undefined {
  let found: string | undefined;
  const search = (n: ElementContent): void => {
    if (found !== undefined || n.type !== 'element') return;
    if (n.tagName === 'annotation' && n.properties?.encoding === 'application/x-tex') {
      found = n.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      return;
    }
    n.children.forEach(search);
  };
  search(node);
  return found;
}

/** The chapter a file is, by its name (content/chapters/rope.mdx is "rope"). */
export function chapterOf(file: VFile): string | undefined {
  return file.path && /\.mdx?$/.test(file.path) ? basename(file.path).replace(/\.mdx?$/, '') : undefined;
}

/** The card's content for one entry. */
export function notationCard(entry: NotationEntry, models: readonly ModelSizes[]): ElementContent[] {
  const head: ElementContent[] = [{ type: 'element', tagName: 'strong', properties: {}, children: [text(entry.name)] }];
  // The formula is for the eye; a screen reader gets the sizes in words and numbers, not "d c times n h d h".
  if (entry.formula) head.push(text(' '), span('hovercard-formula', [text('('), ...formulaToHast(entry.formula), text(')')], { ariaHidden: 'true' }));
  return spaced([
    span('hovercard-head', head),
    span('hovercard-body', [text(entry.meaning)]),
    ...models.map((m) => span('hovercard-size', [text(`${m.name}: `), { type: 'element', tagName: 'b', properties: {}, children: [text(sizeText(entry, m))] }])),
  ]);
}

let defaultModels: readonly [ModelSizes, ModelSizes] | undefined;
/**
 * MiniSeek's config from the build's model loader, read on the first chapter with a symbol. (Imported statically:
 * Astro closes the module runner that loaded astro.config.mjs, so a dynamic import here would fail mid-build.)
 */
function loadDefaultModels(): readonly [ModelSizes, ModelSizes] {
  defaultModels ??= [miniSeekSizes(buildModel().model.config), deepSeekV3Sizes()];
  return defaultModels;
}

/** @example unified().use(rehypeKatex).use(rehypeNotation) */
export default function rehypeNotation(options: NotationOptions = {}) {
  const entries = options.entries ?? NOTATION;
  return (tree: Root, file: VFile) => {
    const chapter = chapterOf(file);
    // First find the symbols, then load the sizes (only for a page that has one), then wrap them.
    const cards = new Map<Element, NotationEntry>();
    walkProse(tree, (node) => {
      if (node.type !== 'element' || !classes(node as Element).includes('katex')) return undefined;
      const tex = katexSource(node as Element);
      const entry = tex === undefined ? undefined : findNotation(tex, chapter, entries);
      if (entry) cards.set(node as Element, entry);
      return undefined;
    });
    if (cards.size === 0) return;
    const models = options.models ? options.models() : loadDefaultModels();
    let n = 0;
    walkProse(tree, (node) => {
      const entry = cards.get(node as Element);
      if (!entry) return undefined;
      n += 1;
      return [hoverCard('notation', `notation-card-${n}`, [node as Element], notationCard(entry, models), { dataNotation: entry.id })];
    });
  };
}
