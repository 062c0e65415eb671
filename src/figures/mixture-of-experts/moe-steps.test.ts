import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labelMathml } from '../../math/label-math';
import { renderTex } from '../../math/render-tex';
import { equationSwitchCss, moeSteps } from './moe-steps';

const config = JSON.parse(readFileSync(new URL('../../../public/models/miniseek/config.json', import.meta.url), 'utf8'));
const MOE_STEPS = moeSteps(config.n_routed_experts);

describe('mixture-of-experts step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/mixture-of-experts.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(MOE_STEPS.map((s) => s.id));
  });

  it('gives every step an equation that marks each of its terms', () => {
    for (const step of MOE_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html).toContain(`data-term="${term}"`);
    }
  });

  it('shows one equation per state', () => {
    const css = equationSwitchCss('mixture-of-experts', MOE_STEPS);
    for (const step of MOE_STEPS) expect(css).toContain(`[data-state="${step.id}"] [data-equation-for="${step.id}"]`);
  });

  it('names N_r where it is first used, with the layer\'s number of routed experts', () => {
    const dense = MOE_STEPS.find((s) => s.id === 'dense-gates')!;
    expect(dense.tex).toContain(`N_r = ${config.n_routed_experts} \\text{ routed experts`);
  });

  it("writes the dense gate as ḡ everywhere, never as eq. 13's g (which is normalised over the chosen only)", () => {
    const dense = MOE_STEPS.filter((s) => ['dense-gates', 'gated-sum', 'sparsity'].includes(s.id));
    for (const step of dense) {
      expect(step.tex).toContain(String.raw`\bar g_{i,t}`);
      expect(step.tex.replaceAll(String.raw`\bar g_`, '')).not.toMatch(/(^|[^a-z])g_\{/);
    }
    const mdx = readFileSync(new URL('../../../content/chapters/mixture-of-experts.mdx', import.meta.url), 'utf8');
    const block = mdx.slice(mdx.indexOf('## In one line'));
    expect(block).toContain(String.raw`\bar g_{i,t} = \frac{s_{i,t}}{\sum_j s_{j,t}}`);
    // The figure's labels render the bar (MathML accent), not a plain g.
    expect(labelMathml(String.raw`\bar g_{i,t}`)).toContain('¯');
  });
});
