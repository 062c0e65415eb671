/**
 * Turns the site's root-relative URLs (`/chapters/attention/#softmax`) into paths relative to the page that holds
 * them (`../attention/index.html#softmax`), because a copy opened from file:// has no server: `/` is the disk's
 * root, and a directory URL opens a file listing instead of its index.html.
 */
import { posix } from 'node:path';

/**
 * The path of `url` relative to the file `from` (both within the site; `from` is the site-relative path of the
 * page or stylesheet, e.g. `chapters/attention/index.html`). Leaves anything that is not root-relative alone:
 * `#anchors`, `https://…`, `mailto:`, `data:` and `//host/…`. A page-relative path is resolved against the page first.
 * `isDirectory(path)` says whether a site path without a trailing slash is a page directory (`lab/backend`).
 * @example relativeUrl('/chapters/self-attention/#keys', 'chapters/attention/index.html') === '../self-attention/index.html#keys'
 */
export function relativeUrl(url: string, from: string, isDirectory: (sitePath: string) => boolean = () => false): string {
  if (url.startsWith('//') || url.startsWith('#') || url === '' || /^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  const cut = url.search(/[?#]/);
  let path = cut === -1 ? url : url.slice(0, cut);
  const rest = cut === -1 ? '' : url.slice(cut);
  // A page-relative link (`../rope/#angles`, written in a chapter's prose) is resolved to the root-relative path
  // it means, so that a folder still gets its index.html.
  if (!path.startsWith('/')) path = posix.join(posix.dirname(`/${from}`), path); // join keeps a trailing slash
  if (path.endsWith('/')) path += 'index.html';
  else if (isDirectory(path.slice(1))) path += '/index.html';
  const fromDir = posix.dirname(`/${from}`);
  const relative = posix.relative(fromDir, path);
  return (relative === '' ? 'index.html' : relative) + rest;
}

/** The site-relative path (`_astro/x.js`) of an absolute root URL (`/_astro/x.js?v=1`), or undefined if it is not one. */
export function sitePath(url: string): string | undefined {
  if (!url.startsWith('/') || url.startsWith('//')) return undefined;
  return decodeURIComponent(url.replace(/[?#].*$/, '').slice(1));
}
