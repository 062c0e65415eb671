/**
 * Checks the finished offline copy, so that an export that would break from file:// fails here with the cause named
 * instead of in a reader's browser: no module scripts left, no root-relative URLs (from file:// `/` is the disk's
 * root), and every file a page or stylesheet refers to is in the copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';

/** Attributes that name a file the browser loads or opens. */
const FILE_ATTRIBUTES = ['href', 'src', 'action', 'poster', 'data'];
/** Module names looked up in the bundle: relative like URLs, but not files. */
const MODULE_ATTRIBUTES = ['component-url', 'renderer-url', 'before-hydration-url', 'dataSrc'];

function isLocal(url: string): boolean {
  return url !== '' && !url.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//');
}

/** Throws one error listing every problem found in the copy at `root` (whose files are `files`). */
export function verifyCopy(root: string, files: readonly string[]): void {
  const problems: string[] = [];
  const check = (from: string, url: string) => {
    if (url.startsWith('/') && !url.startsWith('//')) {
      problems.push(`${from}: root-relative URL ${url}`);
      return;
    }
    if (!isLocal(url)) return;
    const target = join(dirname(join(root, from)), decodeURIComponent(url.replace(/[?#].*$/, '')));
    if (!existsSync(target) || target.endsWith(sep)) problems.push(`${from}: ${url} is not in the copy`);
  };

  for (const file of files) {
    const path = relative(root, file).split(sep).join('/');
    if (path.endsWith('.html')) {
      visit(fromHtml(readFileSync(file, 'utf8')), 'element', (node: Element) => {
        if (node.tagName === 'script' && node.properties.type === 'module') problems.push(`${path}: a module script is left`);
        for (const name of FILE_ATTRIBUTES) {
          const value = node.properties[name];
          if (typeof value === 'string') check(path, value);
        }
        for (const name of MODULE_ATTRIBUTES) {
          const value = node.properties[name];
          if (typeof value === 'string' && value.startsWith('/')) problems.push(`${path}: root-relative module name ${value}`);
        }
      });
    } else if (path.endsWith('.css')) {
      for (const match of readFileSync(file, 'utf8').matchAll(/url\(\s*(['"]?)([^)'"]+)\1\s*\)/g)) check(path, match[2]!);
    }
  }
  if (problems.length > 0) throw new Error(`The offline copy would not work from file://:\n  ${problems.join('\n  ')}`);
}
