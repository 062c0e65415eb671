import { describe, expect, it } from 'vitest';
import { layerRange, rich, size, stack } from './diagram-kit';

describe('diagram labels', () => {
  it('renders the math between dollar signs and escapes the words', () => {
    const html = rich('a < b: $c^{KV}_t$');
    expect(html.startsWith('a &lt; b: <span class="katex">')).toBe(true);
    expect(html).not.toContain('$');
    expect(html).toContain('<math'); // KaTeX's MathML twin
  });

  it('stacks lines with their tones', () => {
    expect(stack(['token ids', 'title'], 'x')).toBe('<span class="line title">token ids</span><span class="line">x</span>');
  });

  it('formats sizes the same in every locale', () => {
    expect(size(129_280)).toBe('129,280');
    expect(size(64)).toBe('64');
  });

  it('names layer ranges from 1', () => {
    expect(layerRange(0, 1)).toBe('layer 1');
    expect(layerRange(1, 2)).toBe('layers 2–3');
    expect(layerRange(3, 58)).toBe('layers 4–61');
    expect(layerRange(3, 0)).toBe('');
  });
});
