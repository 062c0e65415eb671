import { describe, expect, it } from 'vitest';
import { labelHtml, labelMathml, labelText, texWord } from './label-math';

describe('labelMathml', () => {
  it('renders sub- and superscripts in either order as one msubsup', () => {
    const a = labelMathml('c^{KV}_t');
    expect(a).toBe('<math class="lm"><mrow><msubsup><mi>c</mi><mi>t</mi><mrow><mi>K</mi><mi>V</mi></mrow></msubsup></mrow></math>');
    expect(labelMathml('c_t^{KV}')).toBe(a);
  });

  it('renders commands, digits, fractions, roots and primes', () => {
    expect(labelMathml('W^{UK\\top}')).toContain('<mo>⊤</mo>');
    expect(labelMathml('d_c\'')).toBe('<math class="lm"><mrow><msubsup><mi>d</mi><mi>c</mi><mo>′</mo></msubsup></mrow></math>');
    expect(labelMathml('\\sqrt{24} = 4.90')).toBe('<math class="lm"><mrow><msqrt><mrow><mn>24</mn></mrow></msqrt><mo>=</mo><mn>4.90</mn></mrow></math>');
    expect(labelMathml('\\frac{a}{b}')).toContain('<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>');
    expect(labelMathml('a - b')).toContain('<mo>−</mo>');
    expect(labelMathml('\\operatorname{RMSNorm}(x)')).toContain('<mi mathvariant="normal" class="op">RMSNorm</mi>');
  });

  it('takes one character as an unbraced argument, as TeX does', () => {
    expect(labelMathml('x_{1 - \\frac12}')).toBe(
      '<math class="lm"><mrow><msub><mi>x</mi><mrow><mn>1</mn><mo>−</mo><mfrac><mn>1</mn><mn>2</mn></mfrac></mrow></msub></mrow></math>',
    );
    expect(labelMathml('x^12')).toBe('<math class="lm"><mrow><msup><mi>x</mi><mn>1</mn></msup><mn>2</mn></mrow></math>');
  });

  it('colours roles as the KaTeX macros do', () => {
    expect(labelMathml('\\cq{q_t}')).toBe('<math class="lm"><mrow><mrow class="role-query"><msub><mi>q</mi><mi>t</mi></msub></mrow></mrow></math>');
  });

  it('catches a command whose backslash a template literal ate', () => {
    expect(() => labelMathml('operatorname{RoPE}(x)')).toThrow(/"operatorname" looks like \\operatorname without its backslash/);
    expect(() => labelMathml('a cdot b')).toThrow(/cdot/);
    expect(labelMathml('xy')).toContain('<mi>x</mi><mi>y</mi>');
  });

  it('fails loudly on TeX outside the subset or unbalanced braces, naming the formula', () => {
    expect(() => labelMathml('\\href{x}')).toThrow(/label math "\\href\{x\}": unknown command \\href/);
    expect(() => labelMathml('c^{KV')).toThrow(/never closed/);
    expect(() => labelMathml('c}')).toThrow(/unmatched/);
    expect(() => labelMathml('c^a^b')).toThrow(/second/);
  });
});

describe('texWord', () => {
  it('keeps any word verbatim, whatever it contains', () => {
    for (const word of ['cabinet', '<unk>', 'a}b{c', '\\text{x}', '$5', '<script>alert(1)</script>', '']) {
      const html = labelMathml(`h_{${texWord(word)}}`);
      const escaped = word.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      expect(html).toBe(`<math class="lm"><mrow><msub><mi>h</mi><mrow><mtext>${escaped}</mtext></mrow></msub></mrow></math>`);
      expect(html).not.toContain('<script');
    }
  });
});

describe('labelHtml', () => {
  it('escapes the prose and renders each $…$ formula', () => {
    expect(labelHtml('latents $c^{KV}_t$ & <b>more</b>')).toBe(
      'latents <math class="lm"><mrow><msubsup><mi>c</mi><mi>t</mi><mrow><mi>K</mi><mi>V</mi></mrow></msubsup></mrow></math> &#38; &#60;b&#62;more&#60;/b&#62;',
    );
  });

  it('keeps an escaped dollar as a dollar and rejects an unclosed formula', () => {
    expect(labelHtml('costs \\$2 per hour')).toBe('costs $2 per hour');
    expect(() => labelHtml('the $c^{KV}')).toThrow(/never closes/);
  });
});

describe('labelText', () => {
  it('gives the formulas as plain characters, with no TeX left', () => {
    expect(labelText('latent $c^{KV}_t$ of $\\sqrt{d_k}$')).toBe('latent cKV,t of √(dk)');
    expect(labelText('$W^{UK\\top}_i q^C$')).toBe('WUK⊤,iqC');
  });
});
