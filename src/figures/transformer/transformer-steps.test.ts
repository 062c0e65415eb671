import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { LINE_IDS, TRANSFORMER_LINES, TRANSFORMER_STEPS, lineVisibilityCss } from './transformer-steps';

describe('transformer step table', () => {
  it('has exactly the steps of the chapter, in its order, at least six', () => {
    const mdx = readFileSync(new URL('../../../content/chapters/transformer.mdx', import.meta.url), 'utf8');
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(TRANSFORMER_STEPS.map((s) => s.id));
    expect(ids.length).toBeGreaterThanOrEqual(6);
  });

  it('points each step at terms that its own equation lines mark', () => {
    for (const step of TRANSFORMER_STEPS) {
      expect(step.terms.length).toBeGreaterThan(0);
      const html = step.lines.map((l) => renderTex(TRANSFORMER_LINES[l])).join('');
      for (const term of step.terms) expect(html).toContain(`data-term="${term}"`);
    }
  });

  it('shows every line on some step, and only the active step\'s lines', () => {
    expect(new Set(TRANSFORMER_STEPS.flatMap((s) => s.lines))).toEqual(new Set(LINE_IDS));
    const css = lineVisibilityCss('transformer');
    expect(css).toContain('[data-figure="transformer"][data-state="residual"] [data-line="ffn"]');
  });

});
