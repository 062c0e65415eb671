/** The course's table of contents: every part and chapter of DESIGN.md, written or planned, in reading order. */

export interface PartOutline {
  /** Stable key used in chapter frontmatter (`part:`). */
  readonly id: PartId;
  readonly title: string;
  readonly chapters: readonly ChapterOutline[];
}

export interface ChapterOutline {
  readonly slug: string;
  readonly title: string;
}

export const PART_IDS = ['foundations', 'attention', 'experts', 'position', 'training', 'after'] as const;
export type PartId = (typeof PART_IDS)[number];

/**
 * The outline mirrors the lecture order of seed 000, with the foundations (seed 003) first, training at scale
 * (seeds 001, 002) after the lecture's parts, and last what V3 trains with and what DeepSeek released after the
 * January 2025 lecture. A chapter's `order` is its 1-based position in this list.
 */
export const COURSE: readonly PartOutline[] = [
  {
    id: 'foundations',
    title: 'Foundations',
    chapters: [
      { slug: 'neurons', title: 'Neurons' },
      { slug: 'gradient-descent', title: 'Gradient descent' },
      { slug: 'backpropagation', title: 'Backpropagation' },
      { slug: 'language-models', title: 'Language models' },
    ],
  },
  {
    id: 'attention',
    title: 'I. Attention',
    chapters: [
      { slug: 'transformer', title: 'The Transformer' },
      { slug: 'attention', title: 'Attention' },
      { slug: 'self-attention', title: 'Self-attention' },
      { slug: 'multi-head-attention', title: 'Multi-head attention' },
      { slug: 'multi-head-latent-attention', title: 'Multi-head latent attention' },
    ],
  },
  {
    id: 'experts',
    title: 'II. Experts',
    chapters: [
      { slug: 'feed-forward', title: 'Feed-forward' },
      { slug: 'single-expert', title: 'A single expert' },
      { slug: 'mixture-of-experts', title: 'Mixture of experts' },
      { slug: 'sparse-mixture-of-experts', title: 'Sparse mixture of experts' },
      { slug: 'shared-routed-moe', title: 'Shared and routed experts' },
    ],
  },
  {
    id: 'position',
    title: 'III. Position',
    chapters: [{ slug: 'rope', title: 'Rotary position embedding (RoPE)' }],
  },
  {
    id: 'training',
    title: 'IV. Training at scale',
    chapters: [
      { slug: 'distributed-training', title: 'Distributed training' },
      { slug: 'fp8-training', title: 'FP8 training' },
      { slug: 'reinforcement-learning', title: 'Reinforcement learning' },
      { slug: 'distillation', title: 'Distillation' },
      { slug: 'deepseek-timeline', title: 'The DeepSeek timeline' },
    ],
  },
  {
    id: 'after',
    title: 'V. After the lecture',
    chapters: [
      { slug: 'multi-token-prediction', title: 'Multi-token prediction' },
      { slug: 'sparse-attention', title: 'Sparse attention (V3.2)' },
      { slug: 'hyper-connections', title: 'Hyper-connections' },
      { slug: 'deepseek-v4', title: 'DeepSeek-V4' },
    ],
  },
];

export interface PlacedChapter extends ChapterOutline {
  readonly part: PartOutline;
  /** 1-based position in the whole course. */
  readonly order: number;
}

/** Every chapter of the course in reading order, each with its part and course-wide position. */
export const COURSE_CHAPTERS: readonly PlacedChapter[] = COURSE.flatMap((part) =>
  part.chapters.map((chapter) => ({ ...chapter, part })),
).map((chapter, index) => ({ ...chapter, order: index + 1 }));

/**
 * Looks a chapter up by slug.
 * @example findChapter('attention')?.order // 6
 */
export function findChapter(slug: string): PlacedChapter | undefined {
  return COURSE_CHAPTERS.find((chapter) => chapter.slug === slug);
}
