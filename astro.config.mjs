// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { KATEX_OPTIONS } from './src/math/katex-options.ts';
import remarkSteps from './src/markdown/remark-steps.ts';
import rehypeMathErrors from './src/markdown/rehype-math-errors.ts';
import rehypeScrollableMath from './src/markdown/rehype-scrollable-math.ts';
import serviceWorker from './src/offline/service-worker-integration.ts';

// The unified processor (not Astro 7's default Sätteri) because prose math must become KaTeX HTML at
// build time, and remark-math + rehype-katex do that today with no plugin of our own to maintain;
// see "Why these choices" in README.md.
export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'always',
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath, remarkSteps],
      rehypePlugins: [[rehypeKatex, KATEX_OPTIONS], rehypeMathErrors, rehypeScrollableMath],
    }),
  },
  // serviceWorker() runs after the build: the hosted site keeps working offline after the first visit.
  integrations: [mdx(), svelte(), serviceWorker()],
  // Pages are prefetched on hover only; nothing is fetched from anywhere but this site.
  prefetch: false,
  devToolbar: { enabled: false },
  // The CPU worker (src/live/cpu-worker.ts) is inlined and started from a blob: URL; a classic (IIFE) worker
  // needs no module loading, which the offline copy's null origin would refuse.
  vite: { worker: { format: 'iife' } },
});
