import { describe, expect, it } from 'vitest';
import { courseMap, neighbours } from './navigation';
import { COURSE_CHAPTERS, findChapter } from './outline';

describe('course outline', () => {
  it('lists the twenty-four chapters of DESIGN.md in order with unique slugs', () => {
    const slugs = COURSE_CHAPTERS.map((c) => c.slug);
    expect(slugs).toHaveLength(24);
    expect(new Set(slugs).size).toBe(24);
    expect(slugs.slice(4, 9)).toEqual([
      'transformer',
      'attention',
      'self-attention',
      'multi-head-attention',
      'multi-head-latent-attention',
    ]);
    // Part V, after the lecture, comes last.
    expect(slugs.slice(20)).toEqual(['multi-token-prediction', 'sparse-attention', 'hyper-connections', 'deepseek-v4']);
    expect(COURSE_CHAPTERS.map((c) => c.order)).toEqual(slugs.map((_, i) => i + 1));
  });

  it('finds a chapter with its part and position', () => {
    expect(findChapter('rope')).toMatchObject({ order: 15, part: { id: 'position' } });
    expect(findChapter('nope')).toBeUndefined();
  });
});

describe('navigation', () => {
  const written = new Set(['neurons', 'attention', 'rope']);

  it('skips planned chapters when linking previous and next', () => {
    const { previous, next } = neighbours('attention', written);
    expect(previous?.slug).toBe('neurons');
    expect(next?.slug).toBe('rope');
  });

  it('has no previous link on the first written chapter and no next on the last', () => {
    expect(neighbours('neurons', written).previous).toBeUndefined();
    expect(neighbours('rope', written).next).toBeUndefined();
  });

  it('rejects a slug that is not in the outline', () => {
    expect(() => neighbours('nope', written)).toThrow(/not in the course outline/);
  });

  it('marks written and planned chapters on the map', () => {
    const map = courseMap(written);
    expect(map).toHaveLength(6);
    const flat = map.flatMap((p) => p.chapters);
    expect(flat.filter((c) => c.written).map((c) => c.slug)).toEqual(['neurons', 'attention', 'rope']);
  });
});
