#!/usr/bin/env node
// Runs the Astro CLI with telemetry off, so neither a build nor a test run contacts anything but this machine.
// (An env-var prefix in package.json scripts would not work in Windows shells.)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// astro's exports map does not expose its bin file, so find it beside its package.json.
const cli = join(dirname(require.resolve('astro/package.json')), 'bin', 'astro.mjs');
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
});
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
