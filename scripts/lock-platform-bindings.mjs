#!/usr/bin/env node
// Adds package-lock.json entries for platform-specific optional packages that the registry mirror of our
// build machines does not carry (e.g. @astrojs/compiler-binding-darwin-arm64@0.5.1). npm leaves such
// entries out when it cannot resolve them, and `npm ci` then refuses the lock as "out of sync". The added
// entries name only version, os, cpu and libc, so npm skips them on other platforms without fetching
// anything, and fetches them normally on the platform they are for. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The os/cpu/libc fields npm uses to skip a package on other platforms, read from a platform package's name suffix
 * as napi-rs and rollup name them (`-darwin-arm64`, `-linux-x64-gnu`, `-android-arm-eabi`, `-win32-x64-msvc`,
 * `-wasm32-wasi`); undefined for a name that is not a platform package.
 */
function platformOf(name) {
  if (name.endsWith('-wasm32-wasi')) return { cpu: ['wasm32'] };
  const match = /-(android|darwin|freebsd|linux|openbsd|openharmony|sunos|win32)-(arm|arm64|ia32|loong64|mips64el|ppc64|riscv64|s390x|x64)(?:-(eabi|gnu|gnueabihf|musl|musleabihf|msvc))?$/.exec(name);
  if (!match) return undefined;
  const [, os, cpu, abi] = match;
  // npm checks libc on Linux only.
  const libc = os !== 'linux' ? undefined : abi?.startsWith('gnu') ? ['glibc'] : abi?.startsWith('musl') ? ['musl'] : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const added = [];
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const location = `node_modules/${name}`;
    if (lock.packages[location]) continue;
    const platform = platformOf(name);
    if (!platform) {
      console.warn(`${key}: optional ${name} is missing from the lock and is not a known platform package; left alone`);
      continue;
    }
    lock.packages[location] = { version, license: entry.license, optional: true, ...platform };
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.join(', ')}` : 'the lock already lists every platform package');
