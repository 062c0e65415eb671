/** The written chapters from the content collection, checked against the outline, in reading order. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { findChapter } from './outline';

export type ChapterEntry = CollectionEntry<'chapters'>;

/**
 * Every written chapter in course order. A chapter whose slug, part or order disagrees with
 * src/course/outline.ts stops the build with a message naming the file.
 */
export async function writtenChapters(): Promise<ChapterEntry[]> {
  const entries = await getCollection('chapters');
  for (const entry of entries) {
    const placed = findChapter(entry.id);
    if (!placed) throw new Error(`content/chapters/${entry.id}.mdx: "${entry.id}" is not a chapter of the course outline.`);
    if (placed.part.id !== entry.data.part || placed.order !== entry.data.order) {
      throw new Error(
        `content/chapters/${entry.id}.mdx: frontmatter says part "${entry.data.part}", order ${entry.data.order}; ` +
          `the outline says part "${placed.part.id}", order ${placed.order}.`,
      );
    }
  }
  return entries.sort((a, b) => a.data.order - b.data.order);
}
