/** Previous/next links and the course map's entries, from the outline and the set of written chapters. */
import { COURSE, COURSE_CHAPTERS, type PartOutline, type PlacedChapter } from './outline';

export interface MapEntry extends PlacedChapter {
  /** False for chapters that are planned but not yet written: they are listed without a link. */
  readonly written: boolean;
}

/**
 * The course map: every part with all its chapters, each marked written or planned.
 * @example courseMap(new Set(['attention']))[1].chapters[1].written // true
 */
export function courseMap(written: ReadonlySet<string>): { part: PartOutline; chapters: MapEntry[] }[] {
  return COURSE.map((part) => ({
    part,
    chapters: COURSE_CHAPTERS.filter((c) => c.part.id === part.id).map((c) => ({ ...c, written: written.has(c.slug) })),
  }));
}

/**
 * The nearest written chapters before and after `slug` in reading order; planned chapters are skipped
 * because they have no page to link to.
 * @example neighbours('attention', new Set(['transformer', 'attention'])).previous?.slug // 'transformer'
 */
export function neighbours(
  slug: string,
  written: ReadonlySet<string>,
): { previous: PlacedChapter | undefined; next: PlacedChapter | undefined } {
  const index = COURSE_CHAPTERS.findIndex((c) => c.slug === slug);
  if (index < 0) throw new Error(`Chapter "${slug}" is not in the course outline (src/course/outline.ts).`);
  const before = COURSE_CHAPTERS.slice(0, index).filter((c) => written.has(c.slug));
  const after = COURSE_CHAPTERS.slice(index + 1).filter((c) => written.has(c.slug));
  return { previous: before.at(-1), next: after[0] };
}
