/** The Chromium the project uses (CHROME_PATH or Debian's) and its launch flags, for Playwright, the bench and Lighthouse. */
import { spawnSync } from 'node:child_process';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Flags that let Chromium run as root in a container and keep it off the network; WebGPU via SwiftShader. */
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
