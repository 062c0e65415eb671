/**
 * The Astro integration that writes the search index (`search-index.js`) after every build, from the built chapter
 * pages, and serves one made from the dev server's own pages in `astro dev`. Listed before the service worker's
 * integration, so the index is in its precache and search works on the hosted site offline too.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import { chapterDocuments } from './chapter-documents';
import { indexScript } from './index-script';
import { SEARCH_INDEX_FILE, type SearchDocument } from './search-options';

/** Every chapter page of a build: dist/chapters/<slug>/index.html, by slug. */
function builtChapters(buildDir: string): { slug: string; html: string }[] {
  const chapters = join(buildDir, 'chapters');
  if (!existsSync(chapters)) return [];
  return readdirSync(chapters)
    .sort()
    .filter((slug) => existsSync(join(chapters, slug, 'index.html')))
    .map((slug) => ({ slug, html: readFileSync(join(chapters, slug, 'index.html'), 'utf8') }));
}

/** @example integrations: [mdx(), svelte(), cspHashes(), searchIndex(), serviceWorker()] */
export default function searchIndex(): AstroIntegration {
  let root = '';
  return {
    name: 'inside-deepseek:search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:server:setup': ({ server }) => {
        // The dev server has no built pages: the index is made from the pages it renders itself, on each request.
        server.middlewares.use(`/${SEARCH_INDEX_FILE}`, (request, response) => {
          void (async () => {
            const origin = `http://${request.headers.host}`;
            const slugs = readdirSync(join(root, 'content/chapters'))
              .filter((f) => f.endsWith('.mdx'))
              .map((f) => f.slice(0, -'.mdx'.length));
            const documents: SearchDocument[] = [];
            for (const slug of slugs) {
              const page = await fetch(`${origin}/chapters/${slug}/`);
              if (page.ok) documents.push(...chapterDocuments(await page.text(), slug));
            }
            response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            response.setHeader('Cache-Control', 'no-store');
            response.end(indexScript(documents));
          })().catch((error: unknown) => {
            response.statusCode = 500;
            response.end(`/* search index: ${String(error)} */`);
          });
        });
      },
      'astro:build:done': ({ dir, logger }) => {
        const buildDir = fileURLToPath(dir);
        const chapters = builtChapters(buildDir);
        if (chapters.length === 0) throw new Error(`No chapter pages under ${buildDir}chapters/: nothing to index for search`);
        const documents = chapters.flatMap(({ slug, html }) => chapterDocuments(html, slug));
        const script = indexScript(documents);
        writeFileSync(join(buildDir, SEARCH_INDEX_FILE), script);
        const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
        logger.info(
          `${SEARCH_INDEX_FILE}: ${documents.length} places in ${chapters.length} chapters, ` +
            `${kb(Buffer.byteLength(script))} (${kb(gzipSync(script, { level: 9 }).length)} gzip), loaded on first search`,
        );
      },
    },
  };
}
