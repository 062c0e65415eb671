import { describe, expect, it } from 'vitest';
import { markTerms, snippet, type Segment } from './snippet';

/** Segments as text with [marked] words, to compare at a glance. */
const show = (segments: Segment[]) => segments.map((s) => (s.mark ? `[${s.text}]` : s.text)).join('');

describe('markTerms', () => {
  it('marks every word the index stores as a matched term, whatever its case or accents', () => {
    expect(show(markTerms('Latent: the latent, LATENTS', ['latent']))).toBe('[Latent]: the [latent], LATENTS');
    expect(show(markTerms('Sätteri parses', ['satteri']))).toBe('[Sätteri] parses');
  });

  it('does not mark a TeX command, which the index leaves out', () => {
    expect(show(markTerms('$\\frac{a}{b}$ frac', ['frac']))).toBe('$\\frac{a}{b}$ [frac]');
  });

  it('marks words inside formulas', () => {
    expect(show(markTerms('by $W^{DKV}$', ['dkv']))).toBe('by $W^{[DKV]}$');
  });
});

describe('snippet', () => {
  const words = Array.from({ length: 80 }, (_, i) => `w${i}`);
  const text = [...words.slice(0, 40), 'latent', ...words.slice(40)].join(' ');

  it('shows the text around the first match, cut at spaces, with ellipses where it was cut', () => {
    const out = show(snippet(text, ['latent'], { length: 60, before: 20 }));
    expect(out).toMatch(/^… w\d+ .*\[latent\] .* …$/);
    expect(out.replace(/^… | …$/g, '').length).toBeLessThanOrEqual(60);
    expect(words).toContain(out.split(' ')[1]); // no word cut in half
    expect(words).toContain(out.split(' ').at(-2));
  });

  it('starts at the beginning when the match is near it, and adds no leading ellipsis', () => {
    expect(show(snippet('the latent is short', ['latent']))).toBe('the [latent] is short');
  });

  it('shows the start of the text when nothing in it matched (the title did)', () => {
    expect(show(snippet(text, ['nothing'], { length: 20 }))).toBe('w0 w1 w2 w3 w4 w5 w6 …');
  });
});
