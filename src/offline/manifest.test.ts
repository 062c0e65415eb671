import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync('public/manifest.webmanifest', 'utf8')) as {
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: string; purpose: string }[];
};

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(file: string): string {
  const png = readFileSync(file);
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}

describe('the web app manifest', () => {
  it('opens the course map, covers the whole site and runs standalone', () => {
    expect(manifest).toMatchObject({ start_url: '/', scope: '/', display: 'standalone' });
  });

  it("takes its colours from the site's light background token", () => {
    const tokens = readFileSync('src/styles/tokens.css', 'utf8');
    const lightBg = /--bg: light-dark\((#[0-9a-f]{6}),/.exec(tokens)?.[1];
    expect(manifest.theme_color).toBe(lightBg);
    expect(manifest.background_color).toBe(lightBg);
  });

  it('lists icons that exist, at the sizes they claim (192 and 512 PNGs, and a maskable one)', () => {
    for (const icon of manifest.icons) {
      const file = `public${icon.src}`;
      expect(existsSync(file), file).toBe(true);
      if (icon.type === 'image/png') expect(pngSize(file), file).toBe(icon.sizes);
    }
    const pngs = manifest.icons.filter((i) => i.type === 'image/png');
    expect(pngs.filter((i) => i.purpose === 'any').map((i) => i.sizes)).toEqual(['192x192', '512x512']);
    expect(pngs.some((i) => i.purpose === 'maskable')).toBe(true);
  });
});
