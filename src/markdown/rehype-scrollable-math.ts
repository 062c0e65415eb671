/**
 * Display equations scroll sideways on a narrow screen, and a region that scrolls must be reachable by keyboard
 * (WCAG 2.1.1; axe's scrollable-region-focusable): every KaTeX display becomes a focusable, labelled group. Runs
 * after rehype-katex on the chapters' prose; figure equations get the same from renderTex.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** The attributes a display equation's scrolling box carries. */
export const SCROLLABLE_MATH = { tabIndex: 0, role: 'group', ariaLabel: 'Equation' } as const;

/** @example unified().use(rehypeKatex).use(rehypeScrollableMath) */
export default function rehypeScrollableMath() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const classes = node.properties?.className;
      if (Array.isArray(classes) && classes.includes('katex-display')) Object.assign(node.properties, SCROLLABLE_MATH);
    });
  };
}
