/**
 * End-to-end tests against the built site served by `astro preview`. Playwright never downloads a browser:
 * it drives the Chromium named by CHROME_PATH, else /usr/bin/chromium (Debian's package).
 */
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
// The Chromium and its flags (root in a container, off the network, WebGPU via SwiftShader), shared with the bench.
import { CHROME_PATH, CHROMIUM_ARGS } from './scripts/bench/chromium';

const chromePath = CHROME_PATH;
if (!existsSync(chromePath)) {
  throw new Error(
    `No Chromium at ${chromePath}. Install one (Debian: apt-get install chromium) or set CHROME_PATH to its executable.`,
  );
}

const PORT = Number(process.env.E2E_PORT ?? 4322);
/** Serve another build directory (e.g. from `astro build --outDir …`), so parallel checkouts do not share dist/. */
const OUT_DIR = process.env.E2E_OUT_DIR ? ` --outDir ${process.env.E2E_OUT_DIR}` : '';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'off',
    // page.route() cannot see requests a service worker answers, and a worker from one test would serve the next
    // test's pages from its cache; the offline-site spec allows workers for itself.
    serviceWorkers: 'block',
    launchOptions: { executablePath: chromePath, args: CHROMIUM_ARGS },
  },
  projects: [
    // WebGPU on (SwiftShader in headless Chromium): everything except the no-WebGPU checks.
    { name: 'chromium', testIgnore: /no-webgpu\.spec\.ts/, grepInvert: /@quiet/, use: { ...devices['Desktop Chrome'] } },
    // Without --enable-unsafe-webgpu, requestAdapter() returns null: the CPU fallback path.
    {
      name: 'chromium-no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath: chromePath, args: CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu') } },
    },
    // Tests tagged @quiet assert that the page's main thread has no task over 50 ms while a lab trains. A task's
    // length is wall time, so on this 2-core machine another test's browser and worker, training beside it, stretch
    // any task (a 1 ms style commit was measured at 170 ms). They run last, one at a time, on a machine that is
    // otherwise as quiet as a reader's.
    {
      name: 'chromium-quiet',
      testIgnore: /no-webgpu\.spec\.ts/,
      grep: /@quiet/,
      workers: 1,
      // With CI's two workers they wait for the rest; a developer running one spec with one worker (the default
      // here) does not want the whole suite run first (or pass --no-deps).
      dependencies: process.env.CI ? ['chromium', 'chromium-no-webgpu'] : [],
      use: { ...devices['Desktop Chrome'] },
    },
  ],
  webServer: {
    // --ignore-lock: run beside a preview the developer may already have open (Astro 7 allows one per project by default).
    command: `node scripts/astro.mjs preview --port ${PORT} --ignore-lock${OUT_DIR}`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
