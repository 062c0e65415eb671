/**
 * Rewrites a stylesheet's url()s for the offline copy. Fonts are inlined as data: URLs: Firefox treats a font file
 * outside the page's own folder as cross-origin on file:// and refuses it, which would leave the equations in a
 * fallback font. Only the woff2 face is kept (every browser that can run the course reads woff2); other url()s
 * become relative to the stylesheet.
 */
import { relativeUrl, sitePath } from './relative-url';

export interface CssAssets {
  /** The bytes of a file of the build by site-relative path, or undefined when there is no such file. */
  readFile(sitePath: string): Uint8Array | undefined;
}

/** A `, url(…) format("woff"|"truetype")` fallback after the woff2 face in a @font-face src list. */
const FALLBACK_FACE = /,\s*url\(\s*(['"]?)[^)'"]+\1\s*\)\s*format\(\s*(['"])(?:woff|truetype|opentype)\2\s*\)/g;
const URL_TOKEN = /url\(\s*(['"]?)([^)'"]+)\1\s*\)/g;

/**
 * @param fromPath the site-relative path of the stylesheet (or of the page, for a <style> element)
 * @example rewriteCssUrls('src:url(/_astro/a.woff2)format("woff2")', '_astro/x.css', assets) // src:url(data:font/woff2;base64,…)format("woff2")
 */
export function rewriteCssUrls(css: string, fromPath: string, assets: CssAssets): string {
  return css.replace(FALLBACK_FACE, '').replace(URL_TOKEN, (whole, _quote: string, url: string) => {
    const path = sitePath(url);
    if (!path) return whole;
    if (path.endsWith('.woff2')) {
      const bytes = assets.readFile(path);
      if (!bytes) throw new Error(`${fromPath}: font ${url} is not in the build`);
      return `url(data:font/woff2;base64,${Buffer.from(bytes).toString('base64')})`;
    }
    return `url(${JSON.stringify(relativeUrl(url, fromPath))})`;
  });
}
