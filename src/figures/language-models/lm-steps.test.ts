import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { LM_STEPS, LM_STEP_IDS, equationSwitchCss } from './lm-steps';

describe('language-models step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/language-models.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(LM_STEPS.map((s) => s.id));
    expect(LM_STEPS.map((s) => s.id)).toEqual([...LM_STEP_IDS]);
  });

  it('gives every step an equation that marks each of its terms', () => {
    for (const step of LM_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html).toContain(`data-term="${term}"`);
    }
  });

  it('shows one equation per state', () => {
    const css = equationSwitchCss('language-models');
    for (const step of LM_STEPS) expect(css).toContain(`[data-state="${step.id}"] [data-equation-for="${step.id}"]`);
  });
});
