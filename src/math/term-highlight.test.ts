import { describe, expect, it } from 'vitest';
import { termHighlightCss } from './term-highlight';

describe('termHighlightCss', () => {
  it('writes one scoped selector per step and term', () => {
    const css = termHighlightCss('attention', [
      { id: 'scores', terms: ['q', 'k'] },
      { id: 'softmax', terms: ['softmax'] },
    ]);
    expect(css).toContain('[data-figure="attention"][data-state="scores"] [data-term="q"]');
    expect(css).toContain('[data-figure="attention"][data-state="scores"] [data-term="k"]');
    expect(css).toContain('[data-figure="attention"][data-state="softmax"] [data-term="softmax"]');
    expect(css.match(/\[data-figure/g)).toHaveLength(3);
  });

  it('refuses names that could break out of a selector', () => {
    expect(() => termHighlightCss('a"]{}', [])).toThrow(/not a lower-case/);
    expect(() => termHighlightCss('a', [{ id: 'x', terms: ['y"] *'] }])).toThrow(/not a lower-case/);
  });

  it('writes nothing when no step names a term', () => {
    expect(termHighlightCss('a', [{ id: 'x', terms: [] }])).toBe('');
  });
});
