/** Builds the site into a temp dir and serves it with `astro preview` on a free port (never touches dist/). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempOutDir(): string {
  return mkdtempSync(join(tmpdir(), 'miniseek-bench-'));
}

/** Builds into outDir and returns the wall-clock milliseconds; throws with Astro's output on failure. */
export function buildSite(outDir: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['scripts/astro.mjs', 'build', '--outDir', outDir], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`astro build failed:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Served {
  readonly origin: string;
  stop(): void;
}

/** Serves outDir with `astro preview --ignore-lock` and waits until it answers. */
export async function serveSite(outDir: string): Promise<Served> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/astro.mjs', 'preview', '--port', String(port), '--host', '127.0.0.1', '--ignore-lock', '--outDir', outDir],
    { stdio: 'ignore' },
  );
  const origin = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`astro preview exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/`)).ok) return { origin, stop };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`astro preview did not answer on ${origin}`);
}

/** The chapter slugs present in a build. */
export function builtChapters(outDir: string): string[] {
  return readdirSync(join(outDir, 'chapters'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
