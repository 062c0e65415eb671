import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { stepEquationsCss } from '../../math/step-equations';
import { NEURON_STEPS, TOY_STEPS } from './neuron-steps';

describe('neurons step table', () => {
  it('has exactly the steps of the chapter, in its order', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/neurons.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(NEURON_STEPS.map((s) => s.id));
  });

  it('gives every step an equation that marks each of its terms', () => {
    for (const step of NEURON_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html, `${step.id}: ${term}`).toContain(`data-term="${term}"`);
    }
  });

  it('states shapes that agree: W is out × in, the layer Z = U Wᵀ is T × F, and MiniSeek’s neuron has no bias', () => {
    const layer = NEURON_STEPS.find((s) => s.id === 'layer')!.tex;
    expect(layer).toContain(String.raw`W \in \mathbb{R}^{m \times n}`);
    expect(layer).toContain(String.raw`W \in \mathbb{R}^{F \times D}`);
    expect(layer).toContain(String.raw`U \in \mathbb{R}^{T \times D}`);
    expect(NEURON_STEPS.find((s) => s.id === 'miniseek-neuron')!.tex).not.toContain('+ b');
    // W is introduced in the step that uses it; SiLU's slope is written out; the unit's output is g_t, not the
    // feed-forward chapter's a_t (there the up projection's row).
    expect(NEURON_STEPS.find((s) => s.id === 'miniseek-neuron')!.tex).toContain(String.raw`W \in \mathbb{R}^{F \times D}`);
    expect(NEURON_STEPS.find((s) => s.id === 'saturation')!.tex).toContain(String.raw`\operatorname{SiLU}'(z) = \sigma(z)\,\big(1 + z\,(1 - \sigma(z))\big)`);
    expect(NEURON_STEPS.find((s) => s.id === 'miniseek-activation')!.tex).toMatch(/^g_t = /);
    for (const step of NEURON_STEPS) expect(step.tex, step.id).not.toMatch(/\ba(_t)? = /);
    expect(layer).toContain(String.raw`\varphi \text{ on each entry}`);
  });

  it('shows one equation per state; the first three steps are the toy neuron’s', () => {
    const css = stepEquationsCss('neurons', NEURON_STEPS);
    for (const s of NEURON_STEPS) expect(css).toContain(`[data-state="${s.id}"] [data-eq-step="${s.id}"]`);
    expect(NEURON_STEPS.slice(0, 3).map((s) => s.id)).toEqual(TOY_STEPS);
  });
});
