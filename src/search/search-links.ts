/**
 * Where a search result points: the chapter page and the step's or heading's id. The served site links to the
 * chapter's folder (`/chapters/mla/#latent`); the offline copy, where a folder opens a file listing, to its
 * index.html. Both are absolute URLs built from the site's root, so a result works from any page.
 */
import { exportedCopy, siteUrl } from '../offline/site-files';

/**
 * @example resultHref('multi-head-latent-attention', 'latent') // http://host/chapters/multi-head-latent-attention/#latent
 */
export function resultHref(slug: string, anchor: string): string {
  const page = exportedCopy() ? `chapters/${slug}/index.html` : `chapters/${slug}/`;
  return siteUrl(page + (anchor ? `#${anchor}` : '')).href;
}
