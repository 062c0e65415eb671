/**
 * The header's search box opened and closed. On wide screens the field is always shown; on phones it hides behind a
 * button and opens as a row under the header, and this is the one place that state changes.
 */

/** The parts of the header's search, found once by `[data-search-*]` attributes (see SiteSearch.astro). */
export interface SearchParts {
  root: HTMLElement;
  toggle: HTMLButtonElement;
  input: HTMLInputElement;
  results: HTMLElement;
  list: HTMLOListElement;
  summary: HTMLElement;
  status: HTMLElement;
}

/** @example const parts = searchParts(document.querySelector('[data-site-search]')!) */
export function searchParts(root: HTMLElement): SearchParts {
  const part = <T extends Element>(name: string): T => {
    const el = root.querySelector<T>(`[data-search-${name}]`);
    if (!el) throw new Error(`The site search has no [data-search-${name}]`);
    return el;
  };
  return {
    root,
    toggle: part('toggle'),
    input: part('input'),
    results: part('results'),
    list: part('list'),
    summary: part('summary'),
    status: part('status'),
  };
}

/** Whether the field is shown behind the toggle button (a phone), as the stylesheet decides. */
export function isCollapsible(parts: SearchParts): boolean {
  return getComputedStyle(parts.toggle).display !== 'none';
}

/** Opens or closes the phone's search row; the toggle's aria-expanded follows. */
export function setBoxOpen(parts: SearchParts, open: boolean): void {
  parts.root.toggleAttribute('data-open', open);
  parts.toggle.setAttribute('aria-expanded', String(open));
}
