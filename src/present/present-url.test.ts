import { describe, expect, it } from 'vitest';
import { presentRequested, speakerRequested, stepLink, withMode } from './present-url';

describe('presenter URL switches', () => {
  it('reads ?present and ?speaker, bare or with a value', () => {
    expect(presentRequested('https://x.org/chapters/attention/?present#softmax')).toBe(true);
    expect(presentRequested('https://x.org/chapters/attention/?present=1')).toBe(true);
    expect(presentRequested('https://x.org/chapters/attention/#present')).toBe(false);
    expect(speakerRequested('file:///home/u/inside-deepseek/chapters/attention/index.html?speaker#keys')).toBe(true);
    expect(speakerRequested('https://x.org/chapters/attention/?present')).toBe(false);
  });

  it('switches one mode on and keeps the other parameters and the hash', () => {
    expect(withMode('https://x.org/a/#keys', 'present')).toBe('https://x.org/a/?present#keys');
    expect(withMode('https://x.org/a/?s=the+keys&backend=cpu#keys', 'speaker')).toBe('https://x.org/a/?s=the+keys&backend=cpu&speaker#keys');
    expect(withMode('https://x.org/a/?present&s=hi#keys', 'speaker')).toBe('https://x.org/a/?s=hi&speaker#keys');
  });

  it('switches every mode off', () => {
    expect(withMode('https://x.org/a/?present#keys', undefined)).toBe('https://x.org/a/#keys');
    expect(withMode('https://x.org/a/?present=1&s=hi', undefined)).toBe('https://x.org/a/?s=hi');
  });

  it('keeps file:// URLs of the offline copy whole', () => {
    const page = 'file:///home/u/inside-deepseek/chapters/attention/index.html';
    expect(withMode(`${page}#keys`, 'present')).toBe(`${page}?present#keys`);
    expect(withMode(`${page}?present#keys`, undefined)).toBe(`${page}#keys`);
  });

  it('gives a QR code the scroll view of a step', () => {
    expect(stepLink('https://x.org/a/?present#keys', 'softmax')).toBe('https://x.org/a/#softmax');
    expect(stepLink('https://x.org/a/?s=hello%20world&present', 'weighted-sum')).toBe('https://x.org/a/?s=hello+world#weighted-sum');
  });
});
