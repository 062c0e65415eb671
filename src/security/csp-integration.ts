/**
 * After every build, completes each page's Content-Security-Policy with the hashes of its inline scripts and
 * styles (see csp.ts). Listed before the service worker's integration, which fingerprints the final pages.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { completePolicy } from './csp';

/** @example integrations: [mdx(), svelte(), cspHashes(), serviceWorker()] */
export default function cspHashes(): AstroIntegration {
  return {
    name: 'inside-deepseek:csp',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const pages = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
        for (const page of pages) {
          const file = join(root, page);
          writeFileSync(file, completePolicy(readFileSync(file, 'utf8'), page));
        }
        logger.info(`${pages.length} pages carry a complete Content-Security-Policy`);
      },
    },
  };
}
