/**
 * Gate: every built HTML page is valid, strict HTML by html-validate's `recommended` + `document` presets, with
 * the settings in the repository's .htmlvalidate.json (Astro's island elements are declared there, not ignored).
 * The config is loaded explicitly: the build directory may sit outside the repository (E2E_OUT_DIR).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HtmlValidate, type ConfigData } from 'html-validate';
import { expect, test } from '@playwright/test';
import { sitePages } from './site-pages';

const config = JSON.parse(readFileSync(resolve('.htmlvalidate.json'), 'utf8')) as ConfigData;
const validator = new HtmlValidate(config);

for (const page of sitePages()) {
  test(`${page.path} is valid HTML`, async () => {
    const report = await validator.validateFile(page.file);
    const errors = report.results.flatMap((result) =>
      result.messages.map((m) => `${page.file}:${m.line}:${m.column} ${m.ruleId}: ${m.message} (at ${m.selector ?? '?'})`),
    );
    expect(errors, `html-validate errors on ${page.path}`).toEqual([]);
  });
}
