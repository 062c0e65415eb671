/**
 * What the service worker precaches, and the checks that make a missed file a build error: the options for
 * workbox-build's generateSW over a build directory, and the audit of its result. No I/O here, so it is unit-tested.
 */
import { join } from 'node:path';
import type { GenerateSWOptions, ManifestEntry } from 'workbox-build';

/** The service worker's file name, at the site's root so its scope is the whole site. */
export const SW_FILE = 'sw.js';

/**
 * Everything a reader needs offline: every page, stylesheet and script (Plotly included), KaTeX's woff2 fonts,
 * the icons, the web app manifest and the model directory.
 */
export const PRECACHE_PATTERNS: readonly string[] = [
  '**/*.html',
  '**/*.{css,js}',
  '**/*.woff2',
  '**/*.{svg,png}',
  'manifest.webmanifest',
  'models/**/*',
];

/**
 * Build files deliberately left out of the precache, each with the reason. KaTeX's CSS lists woff2 before woff and
 * ttf, and every browser that runs service workers reads woff2, so the other two are never fetched.
 */
export const NOT_PRECACHED: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^_astro\/KaTeX_[\w-]+\.[\w-]+\.(woff|ttf)$/, why: 'KaTeX fallback font (browsers with service workers use woff2)' },
  { pattern: new RegExp(`^${SW_FILE.replace('.', '\\.')}$`), why: 'the service worker itself' },
  { pattern: /\.map$/, why: 'source map' },
];

/**
 * Workbox skips files over 2 MiB by default; Plotly's bundle is 1.15 MB and a retrained model may be larger. The
 * ceiling stays finite so a stray huge file cannot sneak into every reader's cache: crossing it fails the build
 * (every generateSW warning does, see precacheProblems), it is never skipped silently.
 */
export const MAX_PRECACHE_FILE_BYTES = 16 * 1024 * 1024;

/** Astro's content-hashed assets (`_astro/name.Ab12_-xY.js`): their URL changes with their content. */
export const HASHED_ASSET = /^_astro\/.+\.[\w-]{8}\.\w+$/;

/**
 * The generateSW options for a build directory. `onManifest` receives the final precache list, for the audit.
 * @example await generateSW(swOptions('/abs/dist', (entries) => (precached = entries)))
 */
export function swOptions(buildDir: string, onManifest: (entries: readonly ManifestEntry[]) => void): GenerateSWOptions {
  return {
    globDirectory: buildDir,
    globPatterns: [...PRECACHE_PATTERNS],
    swDest: join(buildDir, SW_FILE),
    maximumFileSizeToCacheInBytes: MAX_PRECACHE_FILE_BYTES,
    dontCacheBustURLsMatching: HASHED_ASSET,
    // trailingSlash 'always': /chapters/x/ is chapters/x/index.html.
    directoryIndex: 'index.html',
    // ?backend=cpu (the live runtime's switch), ?present / ?speaker (presenter mode, src/present/) and ?s= (a link that
    // carries the reader's sentence, src/live/sentence-url.ts) must still find
    // the precached page offline.
    ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^backend$/, /^present$/, /^speaker$/, /^s$/],
    cacheId: 'inside-deepseek',
    cleanupOutdatedCaches: true,
    // The first install takes the open page at once; an update waits until the reader presses Reload
    // (skipWaiting stays off, so the generated worker listens for workbox-window's SKIP_WAITING message).
    clientsClaim: true,
    skipWaiting: false,
    // One same-origin file, no CDN and no second runtime file to deploy beside it; no Workbox logging.
    inlineWorkboxRuntime: true,
    mode: 'production',
    sourcemap: false,
    manifestTransforms: [
      (entries) => {
        onManifest(entries);
        return { manifest: entries, warnings: [] };
      },
    ],
  };
}

/** A URL of the precache list as a path relative to the build directory (entries may carry a leading slash). */
const relativeUrl = (url: string) => url.replace(/^\//, '');

/**
 * Why the precache cannot be trusted, or [] when it can: any generateSW warning (a file over the size limit, a pattern
 * matching nothing), and any file of the build that is neither precached nor deliberately left out.
 * @example precacheProblems(['x.bin'], [], []) // ['x.bin is in the build but not precached …']
 */
export function precacheProblems(buildFiles: readonly string[], precached: readonly ManifestEntry[], warnings: readonly string[]): string[] {
  const listed = new Set(precached.map((e) => relativeUrl(e.url)));
  const missed = buildFiles.filter((f) => !listed.has(f) && !NOT_PRECACHED.some((n) => n.pattern.test(f)));
  return [
    ...warnings.map((w) => `generateSW: ${w.trim()}`),
    ...missed.map((f) => `${f} is in the build but not precached: add a pattern to PRECACHE_PATTERNS or a reason to NOT_PRECACHED`),
  ];
}
