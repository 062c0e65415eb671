import { describe, expect, it } from 'vitest';
import { collectSteps, type MdNode } from './remark-steps';

const attr = (name: string, value: unknown) => ({ type: 'mdxJsxAttribute', name, value });
const step = (id: unknown, title: unknown = 'A title') => ({
  type: 'mdxJsxFlowElement',
  name: 'Step',
  attributes: [attr('id', id), attr('title', title)],
  children: [],
});
const h2 = { type: 'heading', depth: 2, children: [] };

describe('collectSteps', () => {
  it('lists steps in document order with the section each belongs to', () => {
    const tree = {
      type: 'root',
      children: [step('intro'), h2, { type: 'mdxJsxFlowElement', name: 'Scrolly', children: [step('queries'), step('keys')] }, h2, step('softmax')],
    };
    expect(collectSteps(tree, 'x.mdx')).toEqual([
      { id: 'intro', title: 'A title', section: -1 },
      { id: 'queries', title: 'A title', section: 0 },
      { id: 'keys', title: 'A title', section: 0 },
      { id: 'softmax', title: 'A title', section: 1 },
    ]);
  });

  it('rejects a missing, unreadable or repeated id and a missing title', () => {
    const wrap = (...children: MdNode[]): MdNode => ({ type: 'root', children });
    expect(() => collectSteps(wrap({ ...step('a'), attributes: [] }), 'x.mdx')).toThrow(/has no id/);
    expect(() => collectSteps(wrap(step('Soft Max')), 'x.mdx')).toThrow(/lower-case words/);
    expect(() => collectSteps(wrap(step('a'), step('a')), 'x.mdx')).toThrow(/used twice/);
    expect(() => collectSteps(wrap({ ...step('a'), attributes: [attr('id', 'a')] }), 'x.mdx')).toThrow(/no title/);
    expect(() => collectSteps(wrap(step({ type: 'expression' })), 'x.mdx')).toThrow(/plain string/);
  });
});
