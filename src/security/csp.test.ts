import { describe, expect, it } from 'vitest';
import { completePolicy, cspHash, parsePolicy, serializePolicy } from './csp';

/** A page as Astro writes it: the policy after the layout's head content (here, after `head`). */
const page = (head: string, body = '') =>
  `<!doctype html><html><head><meta charset="utf-8">${head}<meta http-equiv="content-security-policy" content="default-src 'none'; script-src 'self' 'sha256-a'; style-src-elem 'self'; style-src-attr 'unsafe-inline'"></head><body>${body}</body></html>`;

describe('the page policy', () => {
  it('parses and writes directives in order', () => {
    const text = "default-src 'none'; script-src 'self' 'sha256-a'";
    expect(serializePolicy(parsePolicy(text))).toBe(text);
    expect(parsePolicy(text).get('script-src')).toEqual(["'self'", "'sha256-a'"]);
  });

  it('hashes as browsers do: base64 SHA-256 of the UTF-8 text', () => {
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });

  it("adds every runnable inline script's and every <style>'s hash, and leaves the rest of the page as it was", () => {
    const theme = 'try{document.documentElement.dataset.theme="dark"}catch{}';
    const css = '[data-state="a"] [data-term="q"]{outline:1px solid}';
    const html = page(`<script>${theme}</script><style>${css}</style>`, '<script type="application/json">{"a":1}</script><script src="/x.js"></script><script type="module">import "/y.js";</script>');
    const out = completePolicy(html, 'p.html');
    const policy = parsePolicy(/content="([^"]*)"/.exec(out.slice(out.indexOf('http-equiv')))![1]!);
    expect(policy.get('script-src')).toEqual(["'self'", "'sha256-a'", cspHash(theme), cspHash('import "/y.js";')]);
    expect(policy.get('style-src-elem')).toEqual(["'self'", cspHash(css)]);
    expect(policy.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    // Only the meta changed, and it comes right after <meta charset>, before the first script.
    expect(out.indexOf('http-equiv')).toBeLessThan(out.indexOf('<script'));
    const without = (s: string) => s.replace(/<meta http-equiv[^>]*>/, '');
    expect(without(out)).toBe(without(html));
    // Idempotent: a second pass adds nothing.
    expect(completePolicy(out, 'p.html')).toBe(out);
  });

  it('lets the caller adjust the policy, refuses unsafe-eval, and refuses a page without a policy', () => {
    const out = completePolicy(page(''), 'p.html', (p) => p.set('font-src', ["'self'", 'data:']));
    expect(out).toContain("font-src 'self' data:");
    expect(() => completePolicy(page(''), 'p.html', (p) => p.get('script-src')!.push("'unsafe-eval'"))).toThrow("p.html: the policy must not allow 'unsafe-eval'");
    expect(() => completePolicy('<!doctype html><html><head></head><body></body></html>', 'q.html')).toThrow('q.html: no Content-Security-Policy <meta>');
  });
});
