import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { BACKPROP_STEPS, equationSwitchCss } from './bp-steps';

describe('backpropagation step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/backpropagation.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(BACKPROP_STEPS.map((s) => s.id));
  });

  it('gives every step an equation that marks each of its terms', () => {
    for (const step of BACKPROP_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html, `${step.id}: ${term}`).toContain(`data-term="${term}"`);
    }
  });

  it('shows one equation per state', () => {
    const css = equationSwitchCss('backpropagation');
    for (const step of BACKPROP_STEPS) expect(css).toContain(`[data-state="${step.id}"] [data-equation-for="${step.id}"]`);
  });
});
