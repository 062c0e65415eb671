import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { DESCENT_STEPS, equationSwitchCss } from './gd-steps';
import { WELL_COST, WELL_TILT } from './problems';

const mdx = readFileSync(new URL('../../../content/chapters/gradient-descent.mdx', import.meta.url), 'utf8');

describe('gradient-descent step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(DESCENT_STEPS.map((s) => s.id));
  });

  it('gives every step an equation that marks each of its terms', () => {
    for (const step of DESCENT_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html).toContain(`data-term="${term}"`);
    }
  });

  it('shows one equation per state', () => {
    const css = equationSwitchCss('gradient-descent');
    for (const step of DESCENT_STEPS) expect(css).toContain(`[data-state="${step.id}"] [data-equation-for="${step.id}"]`);
  });

  it('writes the double well with the tilt the figure computes (TeX cannot read a variable)', () => {
    const written = `(a^2 - 1)^2 + ${WELL_TILT}\\,a + b^2`;
    expect(mdx).toContain(written);
    expect(DESCENT_STEPS.find((s) => s.id === 'local-minima')!.tex).toContain(`${WELL_TILT}\\,a`);
    expect(WELL_COST.f(1, 0)).toBeCloseTo(WELL_TILT, 12);
  });
});
