import { describe, expect, it } from 'vitest';
import { oneLine } from './one-line';

describe('oneLine', () => {
  it('keeps the first line of a multi-line GPU error, cut to a length a badge can show', () => {
    expect(oneLine('Error while parsing WGSL: :3:5 error: unresolved identifier\n  let x = y;\n      ^\n')).toBe(
      'Error while parsing WGSL: :3:5 error: unresolved identifier',
    );
    expect(oneLine('x'.repeat(300))).toHaveLength(120);
    expect(oneLine('x'.repeat(300)).endsWith('…')).toBe(true);
    expect(oneLine('  short  ')).toBe('short');
  });
});
