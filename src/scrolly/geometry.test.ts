import { describe, expect, it } from 'vitest';
import { jumpScrollTop, mayPlaceAgain, neighbourStep, stepFromHash, stepProgress, urlWithHash } from './geometry';

describe('stepProgress', () => {
  it('is 0 when the step top sits on the middle line and 1 when its bottom does', () => {
    expect(stepProgress({ top: 400, height: 200 }, 800)).toBe(0);
    expect(stepProgress({ top: 300, height: 200 }, 800)).toBe(0.5);
    expect(stepProgress({ top: 200, height: 200 }, 800)).toBe(1);
  });
  it('clamps outside the step and survives a zero height', () => {
    expect(stepProgress({ top: 900, height: 200 }, 800)).toBe(0);
    expect(stepProgress({ top: -900, height: 200 }, 800)).toBe(1);
    expect(stepProgress({ top: 0, height: 0 }, 800)).toBe(0);
  });
});

describe('stepFromHash', () => {
  const ids = ['scores', 'softmax'];
  it('accepts a known step', () => expect(stepFromHash('#softmax', ids)).toBe('softmax'));
  it('ignores unknown, empty and malformed hashes', () => {
    expect(stepFromHash('#nope', ids)).toBeUndefined();
    expect(stepFromHash('', ids)).toBeUndefined();
    expect(stepFromHash('#', ids)).toBeUndefined();
    expect(stepFromHash('#%E0%A4%A', ids)).toBeUndefined();
  });
});

describe('neighbourStep', () => {
  const ids = ['a', 'b', 'c'];
  it('moves forward and back and stops at the ends', () => {
    expect(neighbourStep(ids, 'b', 1)).toBe('c');
    expect(neighbourStep(ids, 'b', -1)).toBe('a');
    expect(neighbourStep(ids, 'c', 1)).toBeUndefined();
    expect(neighbourStep(ids, 'a', -1)).toBeUndefined();
  });
  it('starts at the first step when none is active', () => {
    expect(neighbourStep(ids, undefined, 1)).toBe('a');
    expect(neighbourStep(ids, undefined, -1)).toBeUndefined();
  });
});

describe('urlWithHash', () => {
  it('replaces or removes the fragment', () => {
    expect(urlWithHash('http://x/chapters/attention/#keys', 'softmax')).toBe('http://x/chapters/attention/#softmax');
    expect(urlWithHash('http://x/a/?q=1#keys', undefined)).toBe('http://x/a/?q=1');
  });
});

describe('jumpScrollTop', () => {
  it('centres a short step on the middle line', () => {
    // step centre = 1000 + 100 - 700 = 400 = the middle of an 800 px viewport
    expect(jumpScrollTop({ top: 1000, height: 200 }, 800, 0, false)).toBe(700);
  });
  it('keeps the start of a tall step in view', () => {
    // lead = 800 / 4 = 200: the top lands at 400 - 200 = 200 px from the viewport top
    expect(jumpScrollTop({ top: 1000, height: 1200 }, 800, 500, false)).toBe(1300);
  });
  it('puts the top just above the middle line when the figure sits above', () => {
    expect(jumpScrollTop({ top: 1000, height: 600 }, 844, 0, true)).toBe(1000 - (422 - 24));
  });
  it('never asks for a negative scroll', () => {
    expect(jumpScrollTop({ top: 10, height: 100 }, 800, 0, false)).toBe(0);
  });
});

describe('mayPlaceAgain', () => {
  const placed = { scrollY: 700, stepTop: 188 };
  it('places the step again when nothing scrolled, or the browser scrolled to the fragment, or anchoring kept it', () => {
    expect(mayPlaceAgain({ scrollY: 700, stepTop: 140 }, placed, 72)).toBe(true); // layout shifted, no scroll
    expect(mayPlaceAgain({ scrollY: 816, stepTop: 72 }, placed, 72)).toBe(true); // the browser's fragment scroll
    expect(mayPlaceAgain({ scrollY: 748, stepTop: 188.5 }, placed, 72)).toBe(true); // scroll anchoring
  });
  it('leaves the page where the reader scrolled it', () => {
    expect(mayPlaceAgain({ scrollY: 1400, stepTop: -512 }, placed, 72)).toBe(false);
    expect(mayPlaceAgain({ scrollY: 650, stepTop: 238 }, placed, 72)).toBe(false);
  });
});
