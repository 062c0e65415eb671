import { describe, expect, it } from 'vitest';
import { BUNDLE_PATH, IMPORT_SHIM, MODULE_SCRIPT_TYPE } from '../../src/offline/export-protocol';
import { rewritePage } from './rewrite-html';

const context = {
  isDirectory: (p: string) => p === 'lab/backend',
  cssAssets: { readFile: (p: string) => (p === '_astro/f.woff2' ? new Uint8Array([0]) : undefined) },
};

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="/_astro/a.css"><link rel="manifest" href="/manifest.webmanifest"><link rel="modulepreload" href="/_astro/m.js">
<style>@font-face{src:url(/_astro/f.woff2)format("woff2"),url(/_astro/f.ttf)format("truetype")}</style>
<script>(()=>{async function l(u){return await import(u)}})();</script>
<script type="module">document.title='x'</script>
<script src="/legacy.js"></script>
</head><body>
<a href="/chapters/self-attention/#keys">next</a><a href="/lab/backend">lab</a><a href="#softmax">here</a><a href="https://arxiv.org/abs/2412.19437">paper</a>
<astro-island uid="1" component-url="/_astro/Island.js" renderer-url="/_astro/client.svelte.js" props="{&quot;a&quot;:[0,1]}" ssr client="load"></astro-island>
<script type="module" src="/_astro/Scrolly.js"></script>
</body></html>`;

describe('rewritePage', () => {
  const { html, modules, classicScripts } = rewritePage(PAGE, 'chapters/attention/index.html', context);

  it('makes every root URL relative to the page, directory links pointing at index.html', () => {
    expect(html).toContain('href="../self-attention/index.html#keys"');
    expect(html).toContain('href="../../lab/backend/index.html"');
    expect(html).toContain('href="../../_astro/a.css"');
    expect(html).toContain('href="#softmax"');
    expect(html).toContain('href="https://arxiv.org/abs/2412.19437"');
    expect(html).not.toMatch(/(?:href|src|component-url|renderer-url)="\//);
  });

  it('turns module scripts into placeholders and collects their modules and the islands’', () => {
    expect(html).not.toContain('type="module"');
    expect(html).toContain(`<script type="${MODULE_SCRIPT_TYPE}" data-src="../../_astro/Scrolly.js"></script>`);
    expect(modules.map((m) => m.path)).toEqual(
      expect.arrayContaining(['_astro/Island.js', '_astro/client.svelte.js', '_astro/Scrolly.js']),
    );
    const inline = modules.find((m) => m.kind === 'inline');
    expect(inline).toMatchObject({ kind: 'inline', code: "document.title='x'" });
    expect(html).toContain(`data-src="../../${inline!.path}"`);
    expect(html).not.toContain("document.title='x'");
  });

  it('routes import() in classic inline scripts to the bundle, keeping classic scripts by src', () => {
    expect(html).toContain(`return await ${IMPORT_SHIM}(u)`);
    expect(html).not.toContain('await import(');
    expect(classicScripts).toEqual(['legacy.js']);
    expect(html).toContain('src="../../legacy.js"');
  });

  it('drops what cannot work from file:// and loads the bundle right after <meta charset>', () => {
    expect(html).not.toContain('manifest');
    expect(html).not.toContain('modulepreload');
    expect(html).toMatch(new RegExp(`<meta charset="utf-8"><script>self\\.${IMPORT_SHIM}=.*?</script><script defer src="\\.\\./\\.\\./${BUNDLE_PATH}"></script>`));
  });

  it('inlines fonts in <style> elements', () => {
    expect(html).toContain('src:url(data:font/woff2;base64,AA==)format("woff2")}');
  });

  it('keeps island props intact', () => {
    expect(html).toMatch(/props="\{(&#x22;|&quot;)a(&#x22;|&quot;):\[0,1\]\}"/);
  });
});
