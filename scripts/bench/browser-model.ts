/**
 * MiniSeek in headless Chromium: times `runtime.runIds` on /lab/backend/ (WebGPU) and /lab/backend/?backend=cpu,
 * by importing the built runtime chunk with a dynamic import() inside the page. Nothing is added to src/.
 * Dispatches and readbacks are counted by wrapping dispatchWorkgroups and mapAsync before the page loads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { NAME_SHIM } from './chapters';
import { WORDS } from './node-model';

export interface BrowserForward {
  backend: string;
  /** Per prompt length, every run's ms. */
  ms: Record<number, number[]>;
  /** Per prompt length: compute dispatches and mapAsync readbacks of one forward pass. */
  dispatches: Record<number, number>;
  readbacks: Record<number, number>;
  /** `dispatches` as the runtime itself reports it. */
  reported: Record<number, number | null>;
}

/** The built chunk that defines pageRuntime (the one reading ?backend=). */
export function runtimeChunk(outDir: string): string {
  const dir = join(outDir, '_astro');
  const file = readdirSync(dir).find((f) => f.endsWith('.js') && /\.get\(.backend.\)/.test(readFileSync(join(dir, f), 'utf8')));
  if (!file) throw new Error('no built chunk defines the page runtime');
  return `/_astro/${file}`;
}

const COUNTERS = () => {
  const w = window as unknown as { __bench: { dispatches: number; readbacks: number } };
  w.__bench = { dispatches: 0, readbacks: 0 };
  const g = globalThis as unknown as Record<string, { prototype: Record<string, (...a: unknown[]) => unknown> } | undefined>;
  const wrap = (cls: string, method: string, key: 'dispatches' | 'readbacks') => {
    const proto = g[cls]?.prototype;
    const original = proto?.[method];
    if (!proto || !original) return;
    proto[method] = function (this: unknown, ...args: unknown[]) {
      w.__bench[key]++;
      return original.apply(this, args);
    };
  };
  wrap('GPUComputePassEncoder', 'dispatchWorkgroups', 'dispatches');
  wrap('GPUBuffer', 'mapAsync', 'readbacks');
};

export async function browserForward(browser: Browser, origin: string, chunk: string, cpu: boolean, lengths: readonly number[], runs: number): Promise<BrowserForward> {
  const page = await browser.newPage();
  await page.addInitScript(NAME_SHIM);
  await page.addInitScript(COUNTERS);
  await page.goto(`${origin}/lab/backend/${cpu ? '?backend=cpu' : ''}`, { waitUntil: 'networkidle' });
  await page.waitForSelector('[data-figure="backend-check"]:not([data-state="running"])', { timeout: 120_000 });
  const result = await page.evaluate(
    async ({ chunk, lengths, runs, words }) => {
      const mod = (await import(chunk)) as Record<string, unknown>;
      const start = Object.values(mod).find((v) => typeof v === 'function' && /\.get\(.backend.\)/.test(String(v))) as () => Promise<any>;
      const runtime = await start();
      const w = window as unknown as { __bench: { dispatches: number; readbacks: number } };
      const out = { backend: runtime.backend as string, ms: {} as Record<number, number[]>, dispatches: {} as Record<number, number>, readbacks: {} as Record<number, number>, reported: {} as Record<number, number | null> };
      for (const length of lengths) {
        const text = Array.from({ length: length - 1 }, (_, i) => words[i % words.length]).join(' ');
        const ids = runtime.loaded.tokenizer.encode(text, { bos: true }).ids.slice(0, length);
        await runtime.runIds(ids);
        await runtime.runIds(ids); // warm-up
        const before = { ...w.__bench };
        const one = await runtime.runIds(ids);
        out.dispatches[length] = w.__bench.dispatches - before.dispatches;
        out.readbacks[length] = w.__bench.readbacks - before.readbacks;
        out.reported[length] = one.dispatches ?? null;
        out.ms[length] = [];
        for (let r = 0; r < runs; r++) {
          const t0 = performance.now();
          await runtime.runIds(ids);
          out.ms[length].push(performance.now() - t0);
        }
      }
      return out;
    },
    { chunk, lengths, runs, words: WORDS },
  );
  await page.close();
  return result;
}
