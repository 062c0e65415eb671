import { describe, expect, it } from 'vitest';
import { parseNumberInput } from './encoder-input';

describe('the encoder’s input', () => {
  it('reads decimals, powers of two, infinities and NaN', () => {
    expect(parseNumberInput(' 3.3 ')).toEqual({ ok: true, value: 3.3 });
    expect(parseNumberInput('−2.5')).toEqual({ ok: true, value: -2.5 });
    expect(parseNumberInput('1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseNumberInput('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberInput('2^-9')).toEqual({ ok: true, value: 2 ** -9 });
    expect(parseNumberInput('-2^(3)')).toEqual({ ok: true, value: -8 });
    expect(parseNumberInput('-inf')).toEqual({ ok: true, value: -Infinity });
    expect(parseNumberInput('NaN').ok && Number.isNaN((parseNumberInput('NaN') as { value: number }).value)).toBe(true);
  });

  it('says what is wrong with anything else', () => {
    expect(parseNumberInput('   ')).toMatchObject({ ok: false, message: expect.stringMatching(/Type a number/) });
    expect(parseNumberInput('abc')).toMatchObject({ ok: false, message: expect.stringMatching(/“abc” is not a number/) });
    expect(parseNumberInput('1.2.3')).toMatchObject({ ok: false });
    expect(parseNumberInput('9'.repeat(50))).toMatchObject({ ok: false, message: expect.stringMatching(/too long/) });
    expect(parseNumberInput('2^5000')).toMatchObject({ ok: false, message: expect.stringMatching(/beyond/) });
  });
});
