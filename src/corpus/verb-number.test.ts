import { describe, expect, it } from 'vitest';
import { verbNumber } from './verb-number';

describe('verbNumber', () => {
  it('reads the number of a verb form from the corpus verb pairs', () => {
    expect(verbNumber('are')).toBe('plural');
    expect(verbNumber('were')).toBe('plural');
    expect(verbNumber('is')).toBe('singular');
    expect(verbNumber('has')).toBe('singular');
    expect(verbNumber('sleep')).toBe('plural');
    expect(verbNumber('keys')).toBeUndefined();
    expect(verbNumber('.')).toBeUndefined();
  });
});
