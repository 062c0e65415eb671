/**
 * Citations on hover: a source reference in a chapter's prose ("arXiv 2412.19437, §2.1.1", "V3 §2.1.1",
 * "RoFormer §3.2") becomes a focusable trigger with a card (title, arXiv id, section, link) taken from the chapter's
 * frontmatter `sources`. Conservative by design: a reference is only linked when it names its paper (an arXiv id, or
 * a short name with a section) and that paper is one of the chapter's sources; a bare "(§4.2)" or a paper the chapter
 * does not list stays plain text.
 */
import type { ElementContent, Root, Text } from 'hast';
import type { VFile } from 'vfile';
import { hoverCard, spaced, span, text, walkProse } from './hover-card';

/** A source as the frontmatter gives it (src/content.config.ts). */
export interface CitedSource {
  readonly title: string;
  readonly arxiv?: string;
  readonly section?: string;
  readonly url?: string;
}

/**
 * The short names the prose gives papers, with their arXiv ids. A name only links where the chapter lists that id.
 * Longest first, so "DeepSeek-V3" is read before "V3".
 */
export const SHORT_NAMES: Readonly<Record<string, string>> = {
  'DeepSeek-V3': '2412.19437',
  'DeepSeek-V2': '2405.04434',
  'DeepSeek LLM': '2401.02954',
  DeepSeekMoE: '2401.06066',
  RoFormer: '2104.09864',
  YaRN: '2309.00071',
  V3: '2412.19437',
  V2: '2405.04434',
};

/** A place in a paper: a section (§2.1.1), an appendix, a table or the abstract. */
const PLACE = String.raw`(?:§\d+(?:\.\d+)*|Appendix [A-Z]\b|Table \d+|abstract\b)`;
const ARXIV = String.raw`arXiv (\d{4}\.\d{4,5})`;
const NAMES = Object.keys(SHORT_NAMES)
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
  .join('|');
/**
 * "arXiv ID" with an optional place, or a short name that must have a place (a bare "V3" is the model, not a
 * citation), optionally followed by the same paper's arXiv id ("DeepSeek-V2 §2.1.3, arXiv 2405.04434").
 */
const REFERENCE = new RegExp(
  String.raw`(?<![\w-])(?:${ARXIV}(?:,? (${PLACE}))?|(${NAMES}),? (${PLACE})(?:,? ${ARXIV})?)(?![\w-])`,
  'g',
);

export interface Reference {
  /** Offsets in the text. */
  readonly start: number;
  readonly end: number;
  readonly arxiv: string;
  readonly place?: string;
  readonly source: CitedSource;
}

/**
 * The references in a piece of prose that resolve to one of the sources.
 * @example findReferences('as V3 shows (V3 §2.1.1)', sources) // [{ start: 13, end: 22, arxiv: '2412.19437', place: '§2.1.1', … }]
 */
export function findReferences(value: string, sources: readonly CitedSource[]): Reference[] {
  const found: Reference[] = [];
  for (const m of value.matchAll(REFERENCE)) {
    const [whole, id, idPlace, name, namePlace, nameId] = m;
    const arxiv = id ?? SHORT_NAMES[name!]!;
    // "V3 §4.2, arXiv 2405.04434" names two papers: which one is meant is not ours to guess.
    if (nameId !== undefined && nameId !== arxiv) continue;
    const source = sources.find((s) => s.arxiv === arxiv);
    if (!source) continue;
    found.push({ start: m.index, end: m.index + whole.length, arxiv, place: idPlace ?? namePlace, source });
  }
  return found;
}

/**
 * The part of the frontmatter's section note about the cited place ("§2.1.1 Multi-Head Latent Attention, eqs. 1–11"
 * for §2.1.1), or undefined when the note does not mention it.
 */
export function sectionNote(source: CitedSource, place: string | undefined): string | undefined {
  if (!source.section || !place) return undefined;
  const escaped = place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // §3.2 must not find "§3.2.2"; "§3.2–3.4" does mention §3.2.
  const mention = new RegExp(`(?:^|[^\\w.])${escaped}(?![\\d]|\\.\\d)`, 'i');
  return source.section.split(/;\s*/).find((part) => mention.test(part));
}

/** The card's content for one reference. */
export function citationCard(ref: Reference): ElementContent[] {
  const { source, place } = ref;
  const href = `https://arxiv.org/abs/${ref.arxiv}`;
  const note = sectionNote(source, place);
  const meta = [`arXiv ${ref.arxiv}`, ...(place ? [place] : [])].join(' · ');
  const card: ElementContent[] = [
    span('hovercard-head', [{ type: 'element', tagName: 'cite', properties: {}, children: [text(source.title)] }]),
    span('hovercard-meta', [text(meta)]),
  ];
  if (note) card.push(span('hovercard-body', [text(`The chapter draws on ${note}.`)]));
  card.push(
    span('hovercard-links', [
      { type: 'element', tagName: 'a', properties: { href, className: ['hovercard-link'] }, children: [text(`arXiv ${ref.arxiv} on arxiv.org`)] },
    ]),
  );
  return spaced(card);
}

/** The chapter's sources from its frontmatter, as Astro passes it to plugins. */
function sourcesOf(file: VFile): CitedSource[] {
  const data = file.data as { astro?: { frontmatter?: { sources?: unknown } } };
  const sources = data.astro?.frontmatter?.sources;
  return Array.isArray(sources) ? (sources as CitedSource[]) : [];
}

/** @example unified().use(rehypeCitations) */
export default function rehypeCitations() {
  return (tree: Root, file: VFile) => {
    const sources = sourcesOf(file);
    if (sources.length === 0) return;
    let n = 0;
    walkProse(tree, (node) => {
      if (node.type !== 'text') return undefined;
      const value = (node as Text).value;
      const refs = findReferences(value, sources);
      if (refs.length === 0) return undefined;
      const out: ElementContent[] = [];
      let at = 0;
      for (const ref of refs) {
        if (ref.start > at) out.push(text(value.slice(at, ref.start)));
        n += 1;
        out.push(hoverCard('citation', `citation-card-${n}`, [text(value.slice(ref.start, ref.end))], citationCard(ref), { dataArxiv: ref.arxiv }));
        at = ref.end;
      }
      if (at < value.length) out.push(text(value.slice(at)));
      return out;
    });
  };
}

