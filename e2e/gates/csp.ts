/** The Content-Security-Policy gates' helpers: record a page's violation reports, and check its policy is strict. */
import { expect, type BrowserContext, type Page } from '@playwright/test';

/** Records every CSP violation report of the context's pages in window.__cspViolations. */
export async function watchCsp(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
  });
}

/** The violations the page has reported so far. */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? ['no CSP watcher on this page']);
}

/**
 * The page's policy is the strict one: in a <meta> before any script, nothing by default, scripts only from the site
 * or by hash (no 'unsafe-inline', no 'unsafe-eval'; 'wasm-unsafe-eval' lets the model's WebAssembly kernels compile
 * and allows no JavaScript eval), styles only from the site or by hash, inline style attributes the one exception.
 * The offline copy carries the same policy.
 */
export async function expectStrictPolicy(page: Page): Promise<void> {
  const { policy, beforeScripts } = await page.evaluate(() => {
    const meta = document.querySelector('meta[http-equiv="content-security-policy"]');
    const first = document.querySelector('head script');
    return {
      policy: meta?.getAttribute('content') ?? '',
      beforeScripts: !!meta && (!first || !!(meta.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)),
    };
  });
  expect(beforeScripts, 'the policy meta comes before every script').toBe(true);
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));
  expect(directives.get('default-src')).toEqual(["'none'"]);
  const scripts = directives.get('script-src') ?? [];
  expect(scripts.filter((s) => !/^'sha256-[A-Za-z0-9+/=]+'$/.test(s))).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives.get('style-src-elem')?.filter((s) => !/^'sha256-/.test(s))).toEqual(["'self'"]);
  expect(directives.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
  expect(policy).not.toMatch(/'unsafe-eval'/);
}
