/**
 * Loads MiniSeek's checkpoint files from the site: fetched on the served site (relative to the page's base URL, so it
 * works under any path), read from the packed copy in the offline export (file:// allows no fetch).
 */
import { CHECKPOINT_FILES, type CheckpointFiles } from '../model/checkpoint';
import { fetchSiteFile } from '../offline/site-files';

/**
 * @example const files = await fetchModelFiles(new URL('/models/miniseek/', location.href))
 */
export async function fetchModelFiles(dir: URL): Promise<CheckpointFiles> {
  const get = async (name: string) => {
    const url = new URL(name, dir);
    const response = await fetchSiteFile(url);
    if (!response.ok) throw new Error(`could not load ${url.pathname} (HTTP ${response.status})`);
    return response;
  };
  const json = async (name: string) => {
    const text = await (await get(name)).text();
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      // The parser's own message ("Unexpected token…") does not say which file; this one does.
      throw new Error(`${new URL(name, dir).pathname} is not valid JSON (${(error as Error).message})`);
    }
  };
  const [config, weights, tokenizer] = await Promise.all([
    json(CHECKPOINT_FILES.config),
    get(CHECKPOINT_FILES.weights).then((r) => r.arrayBuffer()),
    json(CHECKPOINT_FILES.tokenizer),
  ]);
  return { config, weights: new Uint8Array(weights), tokenizer };
}
