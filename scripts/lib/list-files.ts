/** Every file under a directory, for the build tooling and the tests that read a build. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file under `dir`, as absolute paths (when `dir` is), in a stable sorted order.
 * @example listFiles('dist').filter((f) => f.endsWith('.html'))
 */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}
