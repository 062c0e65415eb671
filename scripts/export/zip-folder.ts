/**
 * Zips the offline copy with fflate (small, dependency-free, maintained). Entries carry a fixed date and are
 * sorted, so exporting the same build twice gives the same zip.
 */
import { readFileSync } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

/** 1 January 2026, the same for every entry (zip dates have no time zone; a fixed one keeps the archive stable). */
const FIXED_DATE = new Date(2026, 0, 1);

/**
 * The zip of `files` (absolute paths under `folder`), inside a top folder named like `folder`.
 * @example writeFileSync('x.zip', zipFolder('/out/inside-deepseek', listFiles('/out/inside-deepseek')))
 */
export function zipFolder(folder: string, files: readonly string[]): Uint8Array {
  const top = basename(folder);
  const entries: Zippable = {};
  for (const file of [...files].sort()) {
    const path = `${top}/${relative(folder, file).split(sep).join('/')}`;
    entries[path] = [readFileSync(file), { level: 9, mtime: FIXED_DATE }];
  }
  return zipSync(entries);
}
