/**
 * Bundles the modules of the built site into one classic script for the offline copy, with rolldown (the bundler
 * under Vite 8, so no second bundler is installed). The inputs are the build's own ES module chunks, not the
 * sources: whatever Astro and Vite produced, with every island and page script, is what the copy runs. Dynamic
 * imports (Plotly, the WebGPU code) are inlined, because a file:// page cannot load module chunks on demand;
 * the modules still run only when first imported.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown, type Plugin } from 'rolldown';
import type { PageModule } from './rewrite-html';

const RUNTIME = fileURLToPath(new URL('../../src/offline/file-runtime.ts', import.meta.url));
const ENTRY = '\0offline-entry';
const INLINE = '\0inline:';

/**
 * @param buildDir the built site
 * @param modules every module the pages name (deduplicated by path here)
 * @returns the bundle's code
 * @example const code = await bundleModules('dist', modules)
 */
export async function bundleModules(buildDir: string, modules: readonly PageModule[]): Promise<string> {
  const unique = new Map<string, PageModule>();
  for (const m of modules) unique.set(m.path, m);
  const table = [...unique.values()]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((m) => {
      const id = m.kind === 'inline' ? INLINE + m.path : resolve(buildDir, m.path);
      if (m.kind === 'file' && !existsSync(id)) throw new Error(`The pages name ${m.path}, which is not in the build`);
      return `  ${JSON.stringify(m.path)}: () => import(${JSON.stringify(id)}),`;
    });
  const entry = [
    `import { installExportedCopy } from ${JSON.stringify(RUNTIME)};`,
    `installExportedCopy({`,
    ...table,
    `});`,
  ].join('\n');

  const plugin: Plugin = {
    name: 'inside-deepseek-offline',
    resolveId(source, importer) {
      if (source === ENTRY || source.startsWith(INLINE)) return source;
      // Inline module scripts import the build's chunks by root URL (/_astro/x.js).
      if (importer?.startsWith(INLINE) && source.startsWith('/')) return join(buildDir, source);
      return null;
    },
    // Vite's preload helper adds <link rel="modulepreload"> for a dynamic import's dependencies, resolved against
    // import.meta.url, which a classic script lacks; every module is in this bundle already, so it preloads nothing.
    transform(code) {
      if (!code.includes('__vite__mapDeps(')) return null;
      return code.replace(/__vite__mapDeps\(\[[\d,\s]*\]\)/g, '[]');
    },
    load(id) {
      if (id === ENTRY) return entry;
      if (id.startsWith(INLINE)) {
        const m = unique.get(id.slice(INLINE.length));
        if (m?.kind === 'inline') return m.code;
      }
      return null;
    },
  };

  const warnings: string[] = [];
  const bundle = await rolldown({
    input: ENTRY,
    plugins: [plugin],
    platform: 'browser',
    onwarn(warning) {
      // Vite's preload helper reads import.meta.url only to preload a dynamic import's dependencies, and the
      // transform above leaves it none, so the empty object rolldown puts there is never read.
      if (warning.code === 'EMPTY_IMPORT_META' && /preload-helper/.test(warning.message)) return;
      warnings.push(warning.message);
    },
  });
  try {
    const { output } = await bundle.generate({ format: 'iife', codeSplitting: false, minify: true });
    if (output.length !== 1) throw new Error(`Expected one bundle, got ${output.map((o) => o.fileName).join(', ')}`);
    // A warning here (say, an import.meta.url a module needs for an asset) would mean a copy that breaks later.
    if (warnings.length > 0) throw new Error(`The offline bundle has warnings:\n  ${warnings.join('\n  ')}`);
    return output[0]!.code;
  } finally {
    await bundle.close();
  }
}
