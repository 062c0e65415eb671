import { describe, expect, it } from 'vitest';
import { createExportedCopy } from './file-runtime';

/** Just enough of a Document: baseURI, and a head that records the <script> elements added to it. */
function fakeDocument(baseURI: string) {
  const added: { src: string; onerror: (() => void) | null }[] = [];
  const doc = {
    baseURI,
    createElement: () => ({ src: '', onerror: null }),
    head: { append: (el: { src: string; onerror: (() => void) | null }) => added.push(el) },
  };
  return { doc: doc as unknown as Document, added };
}

const root = new URL('file:///home/ana/inside-deepseek/');

describe('createExportedCopy', () => {
  it('loads a module by URL relative to the page, as import() would', async () => {
    const { doc } = fakeDocument('file:///home/ana/inside-deepseek/chapters/attention/index.html');
    const copy = createExportedCopy(root, { '_astro/Island.js': async () => ({ default: 'island' }) }, doc);
    await expect(copy.import('../../_astro/Island.js')).resolves.toEqual({ default: 'island' });
    await expect(copy.import('../../_astro/Gone.js')).rejects.toThrow('_astro/Gone.js is not a module of this offline copy');
    expect(() => copy.import('file:///elsewhere/x.js')).toThrow(/outside this offline copy/);
  });

  it('reads a packed file once through a <script>, answering like fetch()', async () => {
    const { doc, added } = fakeDocument('file:///home/ana/inside-deepseek/index.html');
    const copy = createExportedCopy(root, {}, doc);
    const first = copy.fetch(new URL('models/miniseek/config.json', root));
    const second = copy.fetch(new URL('models/miniseek/config.json', root));
    expect(added.map((s) => s.src)).toEqual(['file:///home/ana/inside-deepseek/_offline/files/models/miniseek/config.json.js']);
    copy.addFile('models/miniseek/config.json', Buffer.from('{"a":1}').toString('base64'));
    await expect((await first).json()).resolves.toEqual({ a: 1 });
    expect(new Uint8Array(await (await second).arrayBuffer())).toEqual(new Uint8Array(Buffer.from('{"a":1}')));
  });

  it('says a file is missing from the copy when its script does not load, and tries again next time', async () => {
    const { doc, added } = fakeDocument('file:///home/ana/inside-deepseek/index.html');
    const copy = createExportedCopy(root, {}, doc);
    const attempt = copy.fetch(new URL('models/miniseek/model.safetensors', root));
    added[0]!.onerror!();
    await expect(attempt).rejects.toThrow('models/miniseek/model.safetensors is missing from this offline copy');
    void copy.fetch(new URL('models/miniseek/model.safetensors', root)).catch(() => {});
    expect(added).toHaveLength(2);
  });
});
