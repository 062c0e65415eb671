/** Guards what the chapter says about MiniSeek's own code: if the code changes, this fails and the prose must follow. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const chapter = read('content/chapters/backpropagation.mdx');

describe('the autodiff step', () => {
  it('states gradcheck.test.ts’s step and tolerance as the test has them', () => {
    const test = read('src/model/gradcheck.test.ts');
    expect(test).toMatch(/\{ h = 1e-2, tol = 2e-2 \}/);
    expect(test).toContain('Math.max(1, Math.abs(numeric), Math.abs(analytic[i]!))');
    expect(test).toContain('(up - down) / (2 * h)');
    expect(chapter).toContain('$h = 10^{-2}$ and accepts a difference');
    expect(chapter).toContain('up to $2 \\times 10^{-2}$ of max(1, |gradient|)');
  });

  it('names the Tape and what backward does', () => {
    const tape = read('src/model/autodiff.ts');
    expect(tape).toContain('export class Tape');
    expect(tape).toContain('gradOf(loss)[0] = 1;');
    expect(tape).toMatch(/for \(let i = this\.steps\.length - 1; i >= 0; i--\)/);
  });

  it('says MiniSeek trains with AdamW, as its trainer does', () => {
    expect(read('src/train/trainer.ts')).toMatch(/new AdamW\(params\)/);
    expect(chapter).toContain('moves the weights with AdamW');
  });
});
