/**
 * The pages' Content-Security-Policy, after Astro has written it. Astro (`security.csp` in astro.config.mjs) puts
 * a <meta> policy in every page with hashes for the scripts and styles it bundles; it cannot see `is:inline`
 * content (the theme script, the figures' generated step CSS). This module completes the policy from the page as
 * built: every inline script and <style> gets its hash, so the policy allows exactly the page's own inline code.
 * The offline copy rewrites its pages and calls the same function again (scripts/export/).
 */
import { createHash } from 'node:crypto';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';

/** A policy as ordered directives: name → sources. */
export type Policy = Map<string, string[]>;

/** @example parsePolicy("default-src 'none'; script-src 'self'").get('script-src') // ["'self'"] */
export function parsePolicy(text: string): Policy {
  const policy: Policy = new Map();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (name && !policy.has(name)) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

/** @example serializePolicy(parsePolicy("a 'x'")) // "a 'x'" */
export function serializePolicy(policy: Policy): string {
  return [...policy].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/** The CSP hash of an inline element's text: base64 SHA-256 of its UTF-8 bytes, quoted as a source. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Script types the browser runs (any other type is a data block, which CSP does not govern). */
const RUNNABLE = new Set(['', 'text/javascript', 'application/javascript', 'module']);

const textOf = (node: Element) => node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');

/** The hashes of a page's inline scripts and <style> elements. */
export function inlineHashes(tree: Root): { scripts: string[]; styles: string[] } {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'script' && node.properties.src === undefined) {
      const type = String(node.properties.type ?? '').toLowerCase();
      const text = textOf(node);
      if (RUNNABLE.has(type) && text) scripts.add(cspHash(text));
    } else if (node.tagName === 'style') {
      styles.add(cspHash(textOf(node)));
    }
  });
  return { scripts: [...scripts], styles: [...styles] };
}

function isPolicyMeta(node: Element): boolean {
  return node.tagName === 'meta' && String(node.properties.httpEquiv ?? '').toLowerCase() === 'content-security-policy';
}

/**
 * Rewrites the page's policy <meta>: every inline script and style of the page gets its hash, then `adjust` may
 * change the policy further (the offline copy's file:// needs). The meta moves to the top of <head>, right after
 * <meta charset>: a policy governs only what follows it, and Astro writes it after the layout's inline theme
 * script. The rest of the HTML is left byte for byte. A page without a policy is an error: every page must carry one.
 * @example completePolicy(html, 'chapters/attention/index.html')
 */
export function completePolicy(html: string, page: string, adjust: (policy: Policy) => void = () => {}): string {
  const tree = fromHtml(html);
  let meta: Element | undefined;
  let charset: Element | undefined;
  visit(tree, 'element', (node: Element) => {
    if (!meta && isPolicyMeta(node)) meta = node;
    if (!charset && node.tagName === 'meta' && node.properties.charSet !== undefined) charset = node;
  });
  if (!meta?.position?.start.offset || meta.position.end.offset === undefined) {
    throw new Error(`${page}: no Content-Security-Policy <meta> (security.csp in astro.config.mjs should write one)`);
  }
  const at = charset?.position?.end.offset;
  if (at === undefined || at > meta.position.start.offset) throw new Error(`${page}: <meta charset> must come first in <head>, before the policy`);
  const policy = parsePolicy(String(meta.properties.content ?? ''));
  const { scripts, styles } = inlineHashes(tree);
  const add = (name: string, sources: string[]) => {
    const list = policy.get(name) ?? ["'self'"];
    for (const s of sources) if (!list.includes(s)) list.push(s);
    policy.set(name, list);
  };
  add('script-src', scripts);
  add(policy.has('style-src-elem') ? 'style-src-elem' : 'style-src', styles);
  adjust(policy);
  const content = serializePolicy(policy);
  if (/['"]unsafe-eval['"]/.test(content)) throw new Error(`${page}: the policy must not allow 'unsafe-eval'`);
  const tag = `<meta http-equiv="content-security-policy" content="${content.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`;
  return html.slice(0, at) + tag + html.slice(at, meta.position.start.offset) + html.slice(meta.position.end.offset);
}
