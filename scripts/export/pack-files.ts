/**
 * Packs a site file into a classic script for the offline copy: a file:// page cannot fetch() its neighbours, but it
 * can add a <script> that hands the bytes over (base64) to the copy's runtime, which then answers like fetch().
 */
import { EXPORT_GLOBAL } from '../../src/offline/export-protocol';

/** @example packFile('models/miniseek/config.json', bytes) // '__insideDeepseekExport.addFile("models/…","eyJ…")' */
export function packFile(sitePath: string, bytes: Uint8Array): string {
  return `${EXPORT_GLOBAL}.addFile(${JSON.stringify(sitePath)},"${Buffer.from(bytes).toString('base64')}");\n`;
}
