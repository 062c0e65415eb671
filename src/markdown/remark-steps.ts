/** Remark plugin: collects a chapter's <Step> elements (id, title, section) so the page can list them and validate them. */

export interface StepEntry {
  readonly id: string;
  readonly title: string;
  /** Index of the `##` section the step sits under, or -1 before the first section. */
  readonly section: number;
}

/** Step ids become URL fragments and `data-state` values: lower-case words joined by hyphens. */
export const STEP_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export interface MdNode {
  type: string;
  name?: string | null;
  depth?: number;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: MdNode[];
}

interface VFileLike {
  path?: string;
  data: { astro?: { frontmatter?: Record<string, unknown> } };
}

/**
 * Reads a literal string attribute; an expression (`id={x}`) is rejected because step ids must be
 * knowable at build time for the table of contents and for deep links.
 */
function literalAttribute(node: MdNode, name: string, file: string): string | undefined {
  const attribute = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  if (!attribute) return undefined;
  if (typeof attribute.value !== 'string') {
    throw new Error(`${file}: <Step ${name}=…> must be a plain string, not an expression.`);
  }
  return attribute.value;
}

/**
 * Walks the tree in document order and returns every <Step>, checking ids are present, readable and unique.
 * @example collectSteps(tree, 'attention.mdx') // [{ id: 'queries', title: 'Queries', section: 0 }, …]
 */
export function collectSteps(tree: MdNode, file: string): StepEntry[] {
  const steps: StepEntry[] = [];
  let section = -1;
  const walk = (node: MdNode): void => {
    if (node.type === 'heading' && node.depth === 2) section += 1;
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Step') {
      const id = literalAttribute(node, 'id', file);
      const title = literalAttribute(node, 'title', file);
      if (!id) throw new Error(`${file}: a <Step> has no id; every step needs a stable id for its deep link.`);
      if (!STEP_ID.test(id)) throw new Error(`${file}: step id "${id}" must be lower-case words joined by hyphens.`);
      if (!title) throw new Error(`${file}: step "${id}" has no title.`);
      if (steps.some((s) => s.id === id)) throw new Error(`${file}: step id "${id}" is used twice.`);
      steps.push({ id, title, section });
    }
    node.children?.forEach(walk);
  };
  walk(tree);
  return steps;
}

/** The plugin: exposes the steps as `remarkPluginFrontmatter.steps` on the rendered entry. */
export default function remarkSteps() {
  return (tree: MdNode, file: VFileLike): void => {
    const steps = collectSteps(tree, file.path ?? 'an MDX file');
    file.data.astro ??= {};
    file.data.astro.frontmatter ??= {};
    file.data.astro.frontmatter.steps = steps;
  };
}
