import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSW, type ManifestEntry } from 'workbox-build';
import { HASHED_ASSET, MAX_PRECACHE_FILE_BYTES, precacheProblems, swOptions, SW_FILE } from './precache-options';

/** A miniature build directory with the kinds of files `astro build` writes (names as Astro gives them). */
const BUILD = [
  'index.html',
  '404.html',
  'chapters/attention/index.html',
  'lab/backend/index.html',
  '_astro/client.BF2P0Hn9.js',
  '_astro/kv-cache.Bq60Tes-.js',
  '_astro/plotly-basic.min.CNaDlU0C.js',
  '_astro/BaseLayout.XS24YukW.css',
  '_astro/KaTeX_Main-Regular.B22Nviop.woff2',
  '_astro/KaTeX_Main-Regular.Dr94JaBh.woff',
  '_astro/KaTeX_Main-Regular.ypZvNtVU.ttf',
  'favicon.svg',
  'icons/icon-192.png',
  'manifest.webmanifest',
  'models/miniseek/config.json',
  'models/miniseek/model.safetensors',
  'models/miniseek/tokenizer.json',
  'models/miniseek/training-log.json',
];

function makeBuild(files: readonly string[], bytes: (file: string) => number = () => 64): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-build-'));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), Buffer.alloc(bytes(file), file));
  }
  return dir;
}

/** Runs the real generateSW over a directory, as the integration does. */
async function build(dir: string) {
  let precached: readonly ManifestEntry[] = [];
  const result = await generateSW(swOptions(dir, (entries) => (precached = entries)));
  return { ...result, precached, urls: precached.map((e) => e.url).sort() };
}

describe('the service worker over a build directory', () => {
  let dir: string;
  let run: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    dir = makeBuild(BUILD);
    run = await build(dir);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('precaches every page, script, stylesheet, woff2 font, icon, the manifest and every model file', () => {
    const expected = BUILD.filter((f) => !/\.(woff|ttf)$/.test(f)).sort();
    expect(run.urls).toEqual(expected);
    expect(run.count).toBe(expected.length);
    expect(run.warnings).toEqual([]);
  });

  it("leaves out KaTeX's .woff and .ttf fallbacks and the worker itself, and the audit accepts that", () => {
    expect(run.urls.filter((u) => /\.(woff|ttf)$/.test(u) || u === SW_FILE)).toEqual([]);
    expect(precacheProblems([...BUILD, SW_FILE], run.precached, run.warnings)).toEqual([]);
  });

  it('versions hashed assets by their name and everything else by a content hash', () => {
    const revision = (url: string) => run.precached.find((e) => e.url === url)?.revision;
    expect(revision('_astro/kv-cache.Bq60Tes-.js')).toBeNull();
    expect(revision('_astro/KaTeX_Main-Regular.B22Nviop.woff2')).toBeNull();
    expect(revision('chapters/attention/index.html')).toMatch(/^[0-9a-f]{32}$/);
    expect(revision('models/miniseek/model.safetensors')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('writes one same-origin sw.js that waits for the reader before updating', () => {
    const sw = readFileSync(join(dir, SW_FILE), 'utf8');
    // Workbox is inlined: nothing imported, nothing from a CDN. The one URL is in the text of a warning Workbox
    // prints for entries without a revision field, which never happens here (hashed assets carry revision: null).
    expect(sw).not.toContain('importScripts');
    expect(sw.match(/https?:\/\/[^\s"'`)]+/g)).toEqual(['https://bit.ly/wb-precache']);
    expect(sw).toContain('SKIP_WAITING'); // skipWaiting only on workbox-window's message
    expect(sw).toContain('inside-deepseek'); // cacheId
    expect(sw).not.toMatch(/workbox-(core|precaching) (log|warn)|console\.(log|debug)/); // production mode
  });
});

describe('the precache audit', () => {
  it('fails when a file is over the size limit (Workbox would skip it with only a warning)', async () => {
    const dir = makeBuild(['index.html', 'models/miniseek/model.safetensors'], (f) => (f.endsWith('.safetensors') ? MAX_PRECACHE_FILE_BYTES + 1 : 64));
    try {
      const run = await build(dir);
      expect(run.urls).toEqual(['index.html']);
      const problems = precacheProblems(['index.html', 'models/miniseek/model.safetensors'], run.precached, run.warnings);
      expect(problems.join('\n')).toMatch(/model\.safetensors is \d+.* won't be precached/);
      expect(problems.join('\n')).toMatch(/model\.safetensors is in the build but not precached/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('names a build file that no pattern precaches and no rule leaves out', () => {
    const entries = [{ url: 'index.html', revision: 'x' }];
    expect(precacheProblems(['index.html', 'docs/handout.pdf', '_astro/KaTeX_Size1-Regular.Dl5lxZxV.ttf'], entries, [])).toEqual([
      'docs/handout.pdf is in the build but not precached: add a pattern to PRECACHE_PATTERNS or a reason to NOT_PRECACHED',
    ]);
  });

  it('turns every generateSW warning into a problem', () => {
    expect(precacheProblems([], [], ['One of the glob patterns does not match any files.\n'])).toEqual([
      'generateSW: One of the glob patterns does not match any files.',
    ]);
  });

  it("recognises Astro's hashed asset names, and only those", () => {
    expect(HASHED_ASSET.test('_astro/KaTeX_Caligraphic-Regular.Di6jR-x-.woff2')).toBe(true);
    expect(HASHED_ASSET.test('_astro/Scrolly.astro_astro_type_script_index_0_lang.DPkKbT27.js')).toBe(true);
    expect(HASHED_ASSET.test('favicon.svg')).toBe(false);
    expect(HASHED_ASSET.test('models/miniseek/model.safetensors')).toBe(false);
  });
});
