import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { FP8_STEPS } from './fp8-steps';

describe('FP8 step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/fp8-training.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(FP8_STEPS.map((s) => s.id));
  });

  it('gives every step an equation that marks each of its terms', () => {
    for (const step of FP8_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html, `${step.id}: ${term}`).toContain(`data-term="${term}"`);
    }
  });

  it('states the shapes: X is T × in, W is out × in, the product T × out', () => {
    const tex = FP8_STEPS.map((s) => s.tex).join(' ');
    expect(tex).toContain(String.raw`X \in \mathbb{R}^{T \times \mathrm{in}}`);
    expect(tex).toContain(String.raw`W \in \mathbb{R}^{\mathrm{out} \times \mathrm{in}}`);
    expect(tex).toContain(String.raw`\in \mathbb{R}^{T \times \mathrm{out}}`);
    expect(tex).toContain('448');
  });
});
