import { describe, expect, it } from 'vitest';
import { renderTex } from './render-tex';

describe('renderTex', () => {
  it('colours roles and marks terms with the course macros', () => {
    const html = renderTex('\\term{scores}{\\cq{Q}\\ck{K}^\\top}');
    expect(html).toContain('class="enclosing role-query"');
    expect(html).toContain('role-key');
    expect(html).toContain('data-term="scores"');
  });

  it('makes a display equation a focusable group (it may scroll sideways), inline math not', () => {
    expect(renderTex('x^2')).toContain('<span class="katex-display" tabindex="0" role="group" aria-label="Equation">');
    expect(renderTex('x^2', { display: false })).not.toContain('tabindex');
  });

  it('keeps a MathML twin for screen readers', () => {
    expect(renderTex('x^2')).toContain('<math');
  });

  it('refuses commands outside the trusted pair', () => {
    const html = renderTex('\\href{https://example.com}{x}');
    expect(html).not.toContain('href="https://example.com"');
    // Untrusted commands are shown as an error marker (their name in red) and never applied.
    const styled = renderTex('\\htmlStyle{color:red}{x}');
    expect(styled).toContain('>\\htmlStyle<');
    expect(styled).not.toMatch(/style="[^"]*color:red/);
  });

  it('fails loudly on malformed TeX instead of printing it', () => {
    expect(() => renderTex('\\frac{1}{')).toThrow();
  });
});
