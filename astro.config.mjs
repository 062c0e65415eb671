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
import rehypeNotation from './src/markdown/rehype-notation.ts';
import rehypeCitations from './src/markdown/rehype-citations.ts';
import serviceWorker from './src/offline/service-worker-integration.ts';
import cspHashes from './src/security/csp-integration.ts';
import searchIndex from './src/search/search-index-integration.ts';

// The unified processor (not Astro 7's default Sätteri) because prose math must become KaTeX HTML at
// build time, and remark-math + rehype-katex do that today with no plugin of our own to maintain;
// see "Why these choices" in README.md.
export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'always',
  markdown: {
    // No code blocks in the course yet; Shiki's inline styles would need 'unsafe-inline' under the CSP below.
    syntaxHighlight: false,
    processor: unified({
      remarkPlugins: [remarkMath, remarkSteps],
      // After KaTeX: notation cards read each inline math's TeX from KaTeX's MathML annotation.
      rehypePlugins: [[rehypeKatex, KATEX_OPTIONS], rehypeMathErrors, rehypeScrollableMath, rehypeNotation, rehypeCitations],
    }),
  },
  // cspHashes() completes each page's policy with its inline hashes; searchIndex() writes search-index.js from the
  // built chapters; serviceWorker() runs last, so it precaches both: the hosted site keeps working offline after the first visit.
  integrations: [mdx(), svelte(), cspHashes(), searchIndex(), serviceWorker()],
  // Pages are prefetched on hover only; nothing is fetched from anywhere but this site.
  prefetch: false,
  devToolbar: { enabled: false },
  // A strict Content-Security-Policy in a <meta> on every page. Astro hashes the scripts and <style> elements it
  // emits; everything else comes from the site. Inline style attributes (KaTeX's layout, a figure's bar widths)
  // are allowed and nothing more; the CPU worker starts from a blob: URL (see below); WebAssembly may compile. The offline copy rewrites
  // the policy for file:// (offlinePolicy in scripts/export/export-site.ts).
  security: {
    csp: {
      directives: [
        "default-src 'none'",
        "connect-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self' blob:",
        "base-uri 'none'",
        "form-action 'self'",
      ],
      // 'wasm-unsafe-eval' lets the page and its workers compile MiniSeek's WebAssembly kernels (bytes that ship in the
      // site's own script); it allows no JavaScript eval.
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: {
        resources: [
          { resource: "'self'", kind: 'element' },
          { resource: "'unsafe-inline'", kind: 'attribute' },
        ],
      },
    },
  },
  // The CPU worker (src/live/cpu-worker.ts) is inlined and started from a blob: URL; a classic (IIFE) worker
  // needs no module loading, which the offline copy's null origin would refuse.
  // assetsInlineLimit 0: Vite would otherwise inline KaTeX's smallest fonts as data: URLs, which the policy's
  // font-src 'self' refuses.
  vite: { worker: { format: 'iife' }, build: { assetsInlineLimit: 0 } },
});
