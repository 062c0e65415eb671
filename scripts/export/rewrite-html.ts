/**
 * Rewrites one built page for the offline copy (see export-site.ts for the whole step):
 * - root-relative URLs become relative to the page, and directory links point at their index.html;
 * - each module script becomes an inert placeholder naming its module (run later by the classic bundle), and its
 *   code is collected for the bundle; inline module scripts get a name from their content's hash;
 * - `import(` in classic inline scripts (Astro's island loader) calls the bundle's loader instead;
 * - what cannot work from file:// is dropped: the web app manifest (fetched with CORS) and module preloads;
 * - the head gets the import queue and the deferred bundle, before anything that could call `import()`.
 */
import { createHash } from 'node:crypto';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { SKIP, visit } from 'unist-util-visit';
import { BUNDLE_PATH, IMPORT_SHIM, IMPORT_SHIM_SOURCE, MODULE_SCRIPT_TYPE, inlineModulePath } from '../../src/offline/export-protocol';
import { rewriteCssUrls, type CssAssets } from './rewrite-css';
import { relativeUrl, sitePath } from './relative-url';

/** Attributes whose value is one URL. Astro's island attributes are looked up by the bundle, so they are URLs too. */
const URL_ATTRIBUTES = ['href', 'src', 'action', 'poster', 'data', 'component-url', 'renderer-url', 'before-hydration-url'];

/** A module the page needs in the bundle: a file of the build (`_astro/x.js`) or an inline script's code. */
export type PageModule = { kind: 'file'; path: string } | { kind: 'inline'; path: string; code: string };

export interface RewrittenPage {
  html: string;
  /** Modules named by the page's islands and module scripts, by site-relative path. */
  modules: PageModule[];
  /** Classic scripts the page loads by src (site-relative paths): copied as they are. */
  classicScripts: string[];
}

export interface RewriteContext {
  /** Whether a site path without a trailing slash is a page directory. */
  isDirectory: (sitePath: string) => boolean;
  /** Inlines fonts and rewrites other url()s in the page's <style> elements. */
  cssAssets: CssAssets;
}

function textOf(node: Element): string {
  return node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
}

function attr(node: Element, name: string): string | undefined {
  const value = node.properties[name];
  if (value === undefined || value === null || value === false) return undefined;
  return Array.isArray(value) ? value.join(' ') : String(value);
}

function relList(node: Element): string[] {
  const rel: unknown = node.properties.rel;
  return Array.isArray(rel) ? rel.map(String) : typeof rel === 'string' ? rel.split(/\s+/) : [];
}

function script(properties: Element['properties'], code = ''): Element {
  return { type: 'element', tagName: 'script', properties, children: code ? [{ type: 'text', value: code }] : [] };
}

/**
 * @param html a page of the build
 * @param pagePath its site-relative path, e.g. `chapters/attention/index.html`
 * @example const { html, modules } = rewritePage(source, 'chapters/attention/index.html', context)
 */
export function rewritePage(html: string, pagePath: string, context: RewriteContext): RewrittenPage {
  const tree: Root = fromHtml(html);
  const modules: PageModule[] = [];
  const classicScripts: string[] = [];
  const toRelative = (url: string) => relativeUrl(url, pagePath, context.isDirectory);

  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName === 'link') {
      const rel = relList(node);
      if (rel.includes('manifest') || rel.includes('modulepreload')) {
        parent!.children.splice(index!, 1);
        return [SKIP, index!];
      }
    }
    if (node.tagName === 'script') {
      const type = attr(node, 'type');
      if (type === 'module') {
        const src = attr(node, 'src');
        let path: string;
        if (src !== undefined) {
          const site = sitePath(src);
          if (!site) throw new Error(`${pagePath}: module script ${src} is not a file of the site`);
          path = site;
          modules.push({ kind: 'file', path });
        } else {
          const code = textOf(node);
          path = inlineModulePath(createHash('sha256').update(code).digest('hex').slice(0, 16));
          modules.push({ kind: 'inline', path, code });
        }
        parent!.children[index!] = script({ type: MODULE_SCRIPT_TYPE, dataSrc: relativeUrl(`/${path}`, pagePath) });
        return SKIP;
      }
      if (!type || type === 'text/javascript') {
        const site = sitePath(attr(node, 'src') ?? '');
        if (site) classicScripts.push(site);
        const code = textOf(node);
        if (/\bimport\s*\(/.test(code)) node.children = [{ type: 'text', value: code.replace(/\bimport\s*\(/g, `${IMPORT_SHIM}(`) }];
      }
    }
    if (node.tagName === 'style') {
      node.children = [{ type: 'text', value: rewriteCssUrls(textOf(node), pagePath, context.cssAssets) }];
    }
    for (const name of URL_ATTRIBUTES) {
      const value = attr(node, name);
      if (value === undefined) continue;
      if (node.tagName === 'astro-island' && (name === 'component-url' || name === 'renderer-url' || name === 'before-hydration-url')) {
        const site = sitePath(value);
        if (site) modules.push({ kind: 'file', path: site });
      }
      node.properties[name] = toRelative(value);
    }
    if (node.properties.srcSet !== undefined) {
      const list = Array.isArray(node.properties.srcSet) ? node.properties.srcSet.map(String) : String(node.properties.srcSet).split(',');
      node.properties.srcSet = list
        .map((entry) => {
          const [url, ...descriptor] = entry.trim().split(/\s+/);
          return [toRelative(url!), ...descriptor].join(' ');
        })
        .join(', ');
    }
    return undefined;
  });

  const head = findElement(tree, 'head');
  if (!head) throw new Error(`${pagePath}: no <head>`);
  // After <meta charset> (which must come first), before every other script.
  const charset = head.children.findIndex((c) => c.type === 'element' && c.tagName === 'meta' && c.properties.charSet !== undefined);
  const additions: ElementContent[] = [
    script({}, IMPORT_SHIM_SOURCE),
    script({ defer: true, src: relativeUrl(`/${BUNDLE_PATH}`, pagePath) }),
  ];
  head.children.splice(charset + 1, 0, ...additions);

  return { html: toHtml(tree, { allowDangerousHtml: true, collapseEmptyAttributes: true }), modules, classicScripts };
}

function findElement(tree: Root, tagName: string): Element | undefined {
  let found: Element | undefined;
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === tagName) {
      found = node;
      return false;
    }
    return undefined;
  });
  return found;
}
