/**
 * A throwaway static server over the build directory whose "deploy" can be switched, for the service worker's update
 * flow: version 2 serves a home page with a version mark and a sw.js whose precache lists that page's new revision,
 * which is what a real redeploy changes. `astro preview` cannot change a file mid-test, so the update spec uses this.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { BUILD_DIR } from './gates/site-pages';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The mark version 2 adds to the home page's head. */
export const VERSION_2_MARK = '<meta name="course-version" content="2">';

export interface VersionedServer {
  readonly origin: string;
  /** Which deploy is served from now on. */
  version: 1 | 2;
  close(): Promise<void>;
}

async function body(path: string, version: VersionedServer['version']): Promise<Buffer | string | null> {
  const file = join(BUILD_DIR, normalize(path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(BUILD_DIR)) return null;
  const data = await readFile(file).catch(() => null);
  if (!data || version !== 2) return data;
  // The worker precaches the home page as /index.html (with ?__WB_REVISION__=…), the reader asks for /.
  if (file === join(BUILD_DIR, 'index.html')) return data.toString('utf8').replace('<head>', `<head>${VERSION_2_MARK}`);
  if (path === '/sw.js') return data.toString('utf8').replace(/(\{url:"index\.html",revision:")[0-9a-f]+"/, '$1version-2"');
  return data;
}

/**
 * @example const server = await startVersionedServer(); await page.goto(`${server.origin}/`); server.version = 2;
 */
export async function startVersionedServer(): Promise<VersionedServer> {
  let version: VersionedServer['version'] = 1;
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    void body(path, version).then((data) => {
      if (data === null) {
        response.writeHead(404).end('not found');
        return;
      }
      const type = TYPES[extname(path.endsWith('/') ? 'index.html' : path)] ?? 'application/octet-stream';
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' }).end(data);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    // 127.0.0.1 is a secure context, as localhost is, so service workers run on plain http.
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get version() {
      return version;
    },
    set version(next) {
      version = next;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
