/** The Chromium the project uses (CHROME_PATH or Debian's) and its launch flags (as in playwright.config.ts). */
import { spawnSync } from 'node:child_process';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Same flags as playwright.config.ts CHROMIUM_ARGS: root in a container, offline, WebGPU via SwiftShader. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

export function chromiumVersion(): string {
  const r = spawnSync(CHROME_PATH, ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr || 'unknown').trim();
}
