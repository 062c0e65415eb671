/**
 * `npm run export`: writes the offline copy of the built site (see scripts/export/export-site.ts).
 * Usage: tsx scripts/export.ts [--build dist] [--out export]
 * Writes <out>/inside-deepseek/ (open its index.html) and <out>/inside-deepseek.zip.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportSite } from './export/export-site';

const { values } = parseArgs({ options: { build: { type: 'string', default: 'dist' }, out: { type: 'string', default: 'export' } } });
const outDir = join(values.out!, 'inside-deepseek');
const zipPath = join(values.out!, 'inside-deepseek.zip');
const started = performance.now();
const report = await exportSite({ buildDir: values.build!, outDir, zipPath });
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
console.log(
  `Offline copy: ${outDir}/index.html (${report.pages} pages, ${report.files} files, ${kb(report.bytes)}; bundle ${kb(report.bundleBytes)})\n` +
    `Zip: ${zipPath} (${kb(report.zipBytes)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
