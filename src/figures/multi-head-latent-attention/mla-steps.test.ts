import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { MLA_STEPS, equationVisibilityCss } from './mla-steps';

describe('MLA step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/multi-head-latent-attention.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(MLA_STEPS.map((s) => s.id));
  });

  it('gives every step an equation that marks the terms the step highlights', () => {
    for (const step of MLA_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html).toContain(`data-term="${term}"`);
    }
  });

  it('marks as cached exactly what MLA caches: the latent c^KV_j and the shared position key k^R_j', () => {
    const cache = MLA_STEPS.find((s) => s.id === 'cache')!;
    const marked = [...cache.tex.matchAll(/\\term\{cached\}\{([^{}]*(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}[^{}]*)*)\}/g)].map((m) => m[1]);
    expect(new Set(marked)).toEqual(new Set(['\\ck{c^{KV}_j}', '\\ck{k^R_j}']));
  });

  it('writes the equations with row vectors, as the earlier chapters do (h_t W, never W h_t)', () => {
    for (const step of MLA_STEPS) expect(step.tex, step.id).not.toMatch(/W\^\{[A-Z]+\}\s*h_t/);
    expect(MLA_STEPS.find((s) => s.id === 'latent')!.tex).toContain('h_t W^{DKV}');
    // The latents are shown after their RMSNorm, so the equation says so.
    expect(MLA_STEPS.find((s) => s.id === 'latent')!.tex).toContain('\\operatorname{RMSNorm}');
  });

  it('shows one equation per state', () => {
    const css = equationVisibilityCss('mla');
    for (const s of MLA_STEPS) expect(css).toContain(`[data-state="${s.id}"] [data-eq-step="${s.id}"]`);
  });
});
