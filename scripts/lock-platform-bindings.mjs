#!/usr/bin/env node
// Adds package-lock.json entries for platform-specific optional packages that the registry mirror of our
// build machines does not carry (e.g. @astrojs/compiler-binding-darwin-arm64@0.5.1). npm leaves such
// entries out when it cannot resolve them, and `npm ci` then refuses the lock as "out of sync". The added
// entries name only version, os, cpu and libc, so npm skips them on other platforms without fetching
// anything, and fetches them normally on the platform they are for. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

/** napi-rs target suffix → the os/cpu/libc fields npm uses to skip a package on other platforms. */
const TARGETS = {
  'android-arm64': { os: ['android'], cpu: ['arm64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'linux-x64-gnu': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
  'linux-x64-musl': { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
  'wasm32-wasi': { cpu: ['wasm32'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const added = [];
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const location = `node_modules/${name}`;
    if (lock.packages[location]) continue;
    const suffix = Object.keys(TARGETS).find((t) => name.endsWith(`-${t}`));
    if (!suffix) {
      console.warn(`${key}: optional ${name} is missing from the lock and is not a known platform package; left alone`);
      continue;
    }
    lock.packages[location] = { version, license: entry.license, optional: true, ...TARGETS[suffix] };
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.join(', ')}` : 'the lock already lists every platform package');
