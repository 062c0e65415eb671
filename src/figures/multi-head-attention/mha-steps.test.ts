import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { MHA_STEPS, MHA_TEX } from './mha-steps';

describe('multi-head step table', () => {
  it('has exactly the steps of the chapter, in its order, at least six', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/multi-head-attention.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(MHA_STEPS.map((s) => s.id));
    expect(ids.length).toBeGreaterThanOrEqual(6);
  });

  it('gives every step a term, and points only at terms the equation marks', () => {
    const html = renderTex(MHA_TEX);
    for (const step of MHA_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      for (const term of step.terms) expect(html).toContain(`data-term="${term}"`);
    }
  });

  it('type-checks: each head projects the input H itself, head_i = Attention(H W_i^Q, H W_i^K, H W_i^V)', () => {
    expect(MHA_TEX).toContain('H \\cq{W_i^Q}');
    expect(MHA_TEX).toContain('H \\ck{W_i^K}');
    expect(MHA_TEX).toContain('H \\cv{W_i^V}');
    expect(MHA_TEX).not.toMatch(/Q\s*W_i\^Q|\\cq\{Q ?W/);
    expect(MHA_TEX).toContain('\\operatorname{MultiHead}(H)');
  });

});
