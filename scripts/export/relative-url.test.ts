import { describe, expect, it } from 'vitest';
import { relativeUrl, sitePath } from './relative-url';

describe('relativeUrl', () => {
  it('points a chapter link at the sibling index.html, keeping the step anchor', () => {
    expect(relativeUrl('/chapters/self-attention/#keys', 'chapters/attention/index.html')).toBe('../self-attention/index.html#keys');
  });
  it('points the root at the home page from any depth', () => {
    expect(relativeUrl('/', 'chapters/attention/index.html')).toBe('../../index.html');
    expect(relativeUrl('/', 'index.html')).toBe('index.html');
    expect(relativeUrl('/', '404.html')).toBe('index.html');
  });
  it('reaches assets from pages and stylesheets', () => {
    expect(relativeUrl('/_astro/a.css', 'chapters/attention/index.html')).toBe('../../_astro/a.css');
    expect(relativeUrl('/_astro/font.woff2', '_astro/a.css')).toBe('font.woff2');
    expect(relativeUrl('/favicon.svg', 'index.html')).toBe('favicon.svg');
  });
  it('keeps queries and knows page directories given without a trailing slash', () => {
    expect(relativeUrl('/lab/backend?backend=cpu', 'index.html', (p) => p === 'lab/backend')).toBe('lab/backend/index.html?backend=cpu');
  });
  it('leaves anchors, other schemes and protocol-relative URLs alone', () => {
    for (const url of ['#softmax', 'https://arxiv.org/abs/2412.19437', 'mailto:a@b.c', 'data:image/png;base64,xx', '//cdn.example/x.js']) {
      expect(relativeUrl(url, 'chapters/attention/index.html')).toBe(url);
    }
  });
  it('gives a page-relative link to a folder its index.html, anchor kept', () => {
    expect(relativeUrl('../sparse-mixture-of-experts/#loss-free', 'chapters/shared-routed-moe/index.html')).toBe('../sparse-mixture-of-experts/index.html#loss-free');
    expect(relativeUrl('../../', 'chapters/rope/index.html')).toBe('../../index.html');
    expect(relativeUrl('figure.png', 'chapters/rope/index.html')).toBe('figure.png');
  });
});

describe('sitePath', () => {
  it('strips the leading slash, query and anchor', () => {
    expect(sitePath('/_astro/x.js?v=1#a')).toBe('_astro/x.js');
    expect(sitePath('https://x/y')).toBeUndefined();
    expect(sitePath('//x/y')).toBeUndefined();
  });
});
