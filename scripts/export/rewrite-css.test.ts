import { describe, expect, it } from 'vitest';
import { rewriteCssUrls } from './rewrite-css';

const files: Record<string, Uint8Array> = { '_astro/a.woff2': new Uint8Array([1, 2, 3]) };
const assets = { readFile: (p: string) => files[p] };

describe('rewriteCssUrls', () => {
  it('inlines the woff2 face and drops the woff and ttf fallbacks', () => {
    const css = '@font-face{src:url(/_astro/a.woff2)format("woff2"),url(/_astro/a.woff)format("woff"),url(/_astro/a.ttf)format("truetype")}';
    expect(rewriteCssUrls(css, '_astro/x.css', assets)).toBe('@font-face{src:url(data:font/woff2;base64,AQID)format("woff2")}');
  });
  it('makes other root URLs relative to the stylesheet and leaves data: and relative URLs alone', () => {
    const css = "a{background:url('/img/b.png')}b{background:url(data:image/png;base64,xx)}c{background:url(d.png)}";
    expect(rewriteCssUrls(css, '_astro/x.css', assets)).toBe('a{background:url("../img/b.png")}b{background:url(data:image/png;base64,xx)}c{background:url(d.png)}');
  });
  it('fails loudly when a font is missing, rather than shipping equations in a fallback font', () => {
    expect(() => rewriteCssUrls('src:url(/_astro/gone.woff2)', '_astro/x.css', assets)).toThrow(/gone\.woff2 is not in the build/);
  });
});
