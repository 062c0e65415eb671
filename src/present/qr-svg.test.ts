import qrcode from 'qrcode-generator';
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrPath } from './qr-svg';

/** Reads a path of qrPath back into the set of dark cells, so the test checks the drawing, not the string. */
function cellsOf(d: string): Set<string> {
  const cells = new Set<string>();
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let i = 0; i < w; i++) cells.add(`${y - QUIET_ZONE},${x + i - QUIET_ZONE}`);
  }
  return cells;
}

describe('QR code path', () => {
  it('draws one unit square per lone dark module, past the quiet zone', () => {
    expect(qrPath(2, (r, c) => r === c)).toBe('M4 4h1v1h-1zM5 5h1v1h-1z');
    expect(qrPath(3, () => false)).toBe('');
  });

  it('merges runs in a row', () => {
    expect(qrPath(3, (r) => r === 1)).toBe('M4 5h3v1h-3z');
  });

  it('draws exactly the dark modules of a real code for a step link', () => {
    const qr = qrcode(0, 'M');
    qr.addData('https://example.org/chapters/attention/#softmax');
    qr.make();
    const n = qr.getModuleCount();
    const expected = new Set<string>();
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) expected.add(`${r},${c}`);
    expect(cellsOf(qrPath(n, (r, c) => qr.isDark(r, c)))).toEqual(expected);
    // The three finder patterns: a dark top-left corner module, and a light one just inside the first ring.
    expect(qr.isDark(0, 0)).toBe(true);
    expect(qr.isDark(1, 1)).toBe(false);
  });
});
