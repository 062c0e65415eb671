import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { DISTRIBUTED_STEPS, equationSwitchCss } from './distributed-steps';

describe('distributed-training step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/distributed-training.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(DISTRIBUTED_STEPS.map((s) => s.id));
  });

  it('gives every step an equation that renders and marks each of its terms', () => {
    for (const step of DISTRIBUTED_STEPS) {
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html).toContain(`data-term="${term}"`);
    }
  });

  it('writes Table 2’s formulas as the paper prints them, and the cost from Table 1’s parts', () => {
    const dual = DISTRIBUTED_STEPS.find((s) => s.id === 'dualpipe')!.tex.replace(/\s+/g, '');
    expect(dual).toContain('(PP-1)(F+B)');
    expect(dual).toContain('(PP-1)(F+B-2W)');
    expect(dual).toContain(String.raw`\bigl(\tfrac{PP}{2}-1\bigr)(F\&B+B-3W)`);
    expect(DISTRIBUTED_STEPS.find((s) => s.id === 'scale')!.tex).toContain(String.raw`2664\text{K} + 119\text{K} + 5\text{K}`);
    expect(equationSwitchCss('distributed-training')).toContain('[data-state="scale"] [data-equation-for="scale"]');
  });
});
