/** The chapters collection: content/chapters/*.mdx with a validated frontmatter schema. */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { PART_IDS } from './course/outline';

/** A source the chapter draws on: a paper (arXiv id and section) or another public document. */
const source = z
  .object({
    title: z.string().min(1),
    arxiv: z
      .string()
      .regex(/^\d{4}\.\d{4,5}$/, 'an arXiv id looks like 2412.19437')
      .optional(),
    section: z.string().min(1).optional(),
    url: z.url().optional(),
  })
  .refine((s) => s.arxiv !== undefined || s.url !== undefined, {
    message: 'a source needs an arxiv id or a url',
  });

const chapters = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/chapters' }),
  schema: z.object({
    title: z.string().min(1),
    part: z.enum(PART_IDS),
    /** 1-based position in the whole course; must agree with src/course/outline.ts (checked by a test). */
    order: z.number().int().positive(),
    summary: z.string().min(1),
    sources: z.array(source).min(1),
  }),
});

export const collections = { chapters };
