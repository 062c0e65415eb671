import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { ATTENTION_STEPS, ATTENTION_TEX } from './attention-steps';

describe('attention step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/attention.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(ATTENTION_STEPS.map((s) => s.id));
  });

  it('points only at terms the equation marks', () => {
    const html = renderTex(ATTENTION_TEX);
    for (const term of ATTENTION_STEPS.flatMap((s) => s.terms)) expect(html).toContain(`data-term="${term}"`);
  });

});
