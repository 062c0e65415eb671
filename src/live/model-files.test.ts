import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchModelFiles } from './model-files';

afterEach(() => vi.unstubAllGlobals());

describe('fetchModelFiles', () => {
  it('names the file when config.json is not JSON', async () => {
    vi.stubGlobal('fetch', async (url: URL) =>
      new Response(url.pathname.endsWith('config.json') ? '{"model_type": "deepseek_v3",,' : url.pathname.endsWith('.json') ? '{}' : new Uint8Array(8)),
    );
    await expect(fetchModelFiles(new URL('http://site.test/models/miniseek/'))).rejects.toThrow(
      /^\/models\/miniseek\/config\.json is not valid JSON \(/,
    );
  });

  it('names the file and the status when one is missing', async () => {
    vi.stubGlobal('fetch', async (url: URL) => new Response('{}', { status: url.pathname.endsWith('tokenizer.json') ? 404 : 200 }));
    await expect(fetchModelFiles(new URL('http://site.test/m/'))).rejects.toThrow('could not load /m/tokenizer.json (HTTP 404)');
  });
});
