/**
 * The start of the offline copy's classic bundle (`_offline/course.js`), in the reader's browser. A page opened from
 * file:// may run classic scripts but no module scripts and no fetch(), so the export bundles every module of the
 * site into this one script and this code stands in for the browser's module loader:
 * - Astro's island loader calls `import(url)`; the export points those calls here, and the bundle's module of that
 *   name is evaluated (once, as a module would be);
 * - each module script of the page was left as an inert placeholder; they run here, in document order, after
 *   parsing (this script is deferred, as module scripts are);
 * - site files the page would fetch (the model) were packed into classic scripts, added to the page on demand.
 */
import { EXPORT_GLOBAL, IMPORT_QUEUE, IMPORT_SHIM, MODULE_SCRIPT_TYPE, packedFilePath } from './export-protocol';
import type { ExportedCopy } from './site-files';

/** Every module of the copy by site-relative path (`_astro/Island.hash.js`), each evaluated on first use. */
export type ModuleTable = Readonly<Record<string, () => Promise<unknown>>>;

/** What a packed file's script calls: `__insideDeepseekExport.addFile(path, base64)`. */
export interface FileSink {
  addFile(sitePath: string, base64: string): void;
}

/** Decodes base64 with the built-in decoder where there is one (Chromium 140+, Firefox 133+). */
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The copy's services for one page, rooted at the folder that holds `_offline/` (found from this script's URL).
 * @example const copy = createExportedCopy(new URL('file:///x/inside-deepseek/'), modules, document)
 */
export function createExportedCopy(root: URL, modules: ModuleTable, doc: Document): ExportedCopy & FileSink {
  const files = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  const arrivals = new Map<string, (bytes: Uint8Array<ArrayBuffer>) => void>();

  /** The site-relative path of a URL inside the copy; anything outside it is an error, not a silent miss. */
  const pathOf = (url: string | URL): string => {
    const href = new URL(url, doc.baseURI).href.replace(/[?#].*$/, '');
    if (!href.startsWith(root.href)) throw new Error(`${href} is outside this offline copy (${root.href})`);
    return decodeURIComponent(href.slice(root.href.length));
  };

  const readFile = (path: string): Promise<Uint8Array<ArrayBuffer>> => {
    let pending = files.get(path);
    if (!pending) {
      pending = new Promise((resolve, reject) => {
        arrivals.set(path, resolve);
        const script = doc.createElement('script');
        script.src = new URL(packedFilePath(path), root).href;
        script.onerror = () => {
          files.delete(path);
          reject(new Error(`${path} is missing from this offline copy; export it again with npm run export`));
        };
        doc.head.append(script);
      });
      files.set(path, pending);
    }
    return pending;
  };

  return {
    root,
    import(url) {
      const path = pathOf(url);
      const load = modules[path];
      return load ? load() : Promise.reject(new Error(`${path} is not a module of this offline copy`));
    },
    async fetch(url) {
      const bytes = await readFile(pathOf(url));
      return new Response(bytes, { status: 200 });
    },
    addFile(sitePath, base64) {
      const arrive = arrivals.get(sitePath);
      arrivals.delete(sitePath);
      arrive?.(fromBase64(base64));
    },
  };
}

/**
 * Runs the page's module scripts (now inert placeholders) one after another in document order, as the browser runs
 * deferred module scripts; a failing one is reported and the rest still run.
 */
export async function runModuleScripts(copy: ExportedCopy, doc: Document): Promise<void> {
  for (const placeholder of doc.querySelectorAll<HTMLScriptElement>(`script[type="${MODULE_SCRIPT_TYPE}"]`)) {
    const src = placeholder.dataset.src;
    if (!src) continue;
    try {
      await copy.import(src);
    } catch (error) {
      console.error(`Module script ${src} failed:`, error);
    }
  }
}

/**
 * Installs the copy on the page: answers the `import()` calls that queued while the page parsed, serves later ones
 * directly, then runs the page's module scripts. Called once by the bundle, synchronously, so currentScript is set.
 */
export function installExportedCopy(modules: ModuleTable): void {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script?.src) throw new Error('The offline bundle must be loaded by a <script src> tag');
  // The bundle sits at _offline/course.js, one folder below the copy's root.
  const copy = createExportedCopy(new URL('../', script.src), modules, document);
  const global = globalThis as unknown as Record<string, unknown>;
  global[EXPORT_GLOBAL] = copy;
  global[IMPORT_SHIM] = (url: string) => copy.import(url);
  const queued = (global[IMPORT_QUEUE] as ((c: ExportedCopy) => void)[] | undefined) ?? [];
  delete global[IMPORT_QUEUE];
  for (const resume of queued) resume(copy);
  void runModuleScripts(copy, document);
}
