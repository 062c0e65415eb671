/**
 * Fails the build on prose math KaTeX could not parse. rehype-katex catches KaTeX's error and prints the TeX in red
 * instead (class "katex-error"), so a typo would otherwise reach readers; this names the file and the TeX.
 */
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const text = (node: ElementContent): string => (node.type === 'text' ? node.value : node.type === 'element' ? node.children.map(text).join('') : '');

/** @example unified().use(rehypeKatex).use(rehypeMathErrors) */
export default function rehypeMathErrors() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      const classes = node.properties?.className;
      if (Array.isArray(classes) && classes.includes('katex-error')) {
        const why = typeof node.properties.title === 'string' ? ` (${node.properties.title})` : '';
        throw new Error(`${file.path ?? 'a chapter'}: KaTeX could not render "${text(node)}"${why}`);
      }
    });
  };
}
