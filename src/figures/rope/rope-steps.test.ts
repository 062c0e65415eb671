import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { ROPE_STEPS, equationVisibilityCss } from './rope-steps';

describe('RoPE step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/rope.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(ROPE_STEPS.map((s) => s.id));
  });

  it('gives every step an equation that marks the terms the step highlights', () => {
    for (const step of ROPE_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html, `${step.id}: ${term}`).toContain(`data-term="${term}"`);
    }
  });

  it('writes rotations for row vectors: x R with sin above the diagonal, and R_m R_nᵀ = R_{m−n}', () => {
    const pair = ROPE_STEPS.find((s) => s.id === 'one-pair')!.tex;
    // [y1, y2] = [x1, x2] R: y1 = x1 cos − x2 sin and y2 = x1 sin + x2 cos need +sin in row 1 and −sin in row 2.
    expect(pair).toMatch(/\\cos m\\theta_i & \\sin m\\theta_i \\\\ -\\sin m\\theta_i & \\cos m\\theta_i/);
    expect(ROPE_STEPS.find((s) => s.id === 'relative')!.tex).toContain('R_m R_n^{\\top}');
    expect(ROPE_STEPS.find((s) => s.id === 'relative')!.tex).toContain('R_{m-n}');
  });

  it('shows one equation per state', () => {
    const css = equationVisibilityCss('rope');
    for (const s of ROPE_STEPS) expect(css).toContain(`[data-state="${s.id}"] [data-eq-step="${s.id}"]`);
  });
});
