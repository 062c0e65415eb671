/** Fetches MiniSeek's checkpoint files from the site (relative to the page's base URL, so it works under any path). */
import { CHECKPOINT_FILES, type CheckpointFiles } from '../model/checkpoint';

/**
 * @example const files = await fetchModelFiles(new URL('/models/miniseek/', location.href))
 */
export async function fetchModelFiles(dir: URL): Promise<CheckpointFiles> {
  const get = async (name: string) => {
    const url = new URL(name, dir);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load ${url.pathname} (HTTP ${response.status})`);
    return response;
  };
  const [config, weights, tokenizer] = await Promise.all([
    get(CHECKPOINT_FILES.config).then((r) => r.json()),
    get(CHECKPOINT_FILES.weights).then((r) => r.arrayBuffer()),
    get(CHECKPOINT_FILES.tokenizer).then((r) => r.json()),
  ]);
  return { config, weights: new Uint8Array(weights), tokenizer };
}
