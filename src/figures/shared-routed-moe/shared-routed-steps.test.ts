import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { SHARED_ROUTED_STEPS, equationSwitchCss } from './shared-routed-steps';

describe('shared-and-routed step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/shared-routed-moe.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(SHARED_ROUTED_STEPS.map((s) => s.id));
  });

  it('gives every step an equation that marks each of its terms', () => {
    for (const step of SHARED_ROUTED_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html).toContain(`data-term="${term}"`);
    }
  });

  it('asks Topk membership of scores, never of expert indices, and names no undefined set (here and in the closing equation)', () => {
    // V3's Topk(·, K) is a set of scores (defined after eq. 15): what stands before "∈ Topk" must be a score, s + b or a group's score c_{m,t}.
    const mdx = readFileSync(new URL('../../../content/chapters/shared-routed-moe.mdx', import.meta.url), 'utf8');
    const closing = mdx.slice(mdx.indexOf('## In one line'));
    const texts = [...SHARED_ROUTED_STEPS.map((s) => s.tex), closing];
    let memberships = 0;
    for (const tex of texts) {
      expect(tex).not.toMatch(/allowed groups|\\text\{allowed\}/);
      // A set of indices such as K_t is never Topk itself: that would make "i ∈ K_t" ask an index among scores.
      expect(tex).not.toMatch(/=\s*(?:\\term\{topk\}\{)?\\operatorname\{Topk\}/);
      for (const m of tex.matchAll(/(\S+)\s*\\in\s*(?:\\term\{topk\}\{)?\\operatorname\{Topk\}/g)) {
        memberships++;
        expect(m[1]).toMatch(/(?:b_[a-z]\}?|c_\{m,t\})$/);
      }
    }
    // The choose step and the closing equation each rank groups and then experts.
    expect(memberships).toBeGreaterThanOrEqual(4);
  });

  it('lets the max of a group score span the whole pair sum, here and in the closing equation, and names F_e', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/shared-routed-moe.mdx', import.meta.url), 'utf8');
    const closing = mdx.slice(mdx.indexOf('## In one line'));
    const choose = SHARED_ROUTED_STEPS.find((s) => s.id === 'choose')!.tex;
    for (const tex of [choose, closing]) {
      // "max (a) + (b)" would bind the max to the first bracket only.
      expect(tex).toContain(String.raw`\max_{j \neq k \in \mathcal{G}_m} \bigl[\bigl(s_{j,t} + b_j\bigr) + \bigl(s_{k,t} + b_k\bigr)\bigr]`);
      expect(tex).not.toMatch(/\\max_\{j,k/);
    }
    // One symbol for an expert's width in Part II: F_e, never d_e.
    for (const tex of [...SHARED_ROUTED_STEPS.map((s) => s.tex), mdx]) expect(tex).not.toMatch(/d_e\b/);
  });

  it('shows one equation per state', () => {
    const css = equationSwitchCss('shared-routed-moe');
    for (const step of SHARED_ROUTED_STEPS) expect(css).toContain(`[data-state="${step.id}"] [data-equation-for="${step.id}"]`);
  });
});
