/**
 * The Astro integration that writes the service worker after every build (workbox-build's generateSW over the
 * build's own output directory, so `--outDir` works), and fails the build if the precache would miss a file.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { generateSW, type ManifestEntry } from 'workbox-build';
import { precacheProblems, swOptions, SW_FILE } from './precache-options';

/** Every file under a directory, as paths relative to it with forward slashes (the precache's URL form). */
function buildFiles(dir: string, root: string = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? buildFiles(path, root) : [relative(root, path).split(sep).join('/')];
  });
}

/**
 * Served as /sw.js by `astro dev` only. The dev server never registers a worker, but one left by `npm start` (the
 * same localhost:4321 origin) would go on serving the old build from its cache. The browser's update check fetches
 * this instead; it takes over, deletes the course's caches, unregisters itself and reloads the open pages.
 */
const DEV_SELF_REMOVING_WORKER = `
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('inside-deepseek')).map((n) => caches.delete(n)));
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
  })());
});
`;

/**
 * @example integrations: [mdx(), svelte(), serviceWorker()]
 */
export default function serviceWorker(): AstroIntegration {
  return {
    name: 'inside-deepseek:service-worker',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(`/${SW_FILE}`, (_request, response) => {
          response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
          response.setHeader('Cache-Control', 'no-store');
          response.end(DEV_SELF_REMOVING_WORKER);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const buildDir = fileURLToPath(dir);
        let precached: readonly ManifestEntry[] = [];
        const { count, size, warnings } = await generateSW(swOptions(buildDir, (entries) => (precached = entries)));
        const problems = precacheProblems(buildFiles(buildDir), precached, warnings);
        if (problems.length > 0) {
          throw new Error(`The service worker's precache cannot be trusted:\n  ${problems.join('\n  ')}`);
        }
        const swBytes = statSync(join(buildDir, SW_FILE)).size;
        logger.info(`${SW_FILE} (${swBytes} bytes) precaches ${count} files, ${size} bytes (${(size / 1024 / 1024).toFixed(2)} MiB)`);
      },
    },
  };
}
