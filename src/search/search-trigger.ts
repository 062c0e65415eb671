/**
 * The part of the site search that every page loads at once, kept small: it shows the search (hidden without
 * JavaScript), opens the phone's search row, focuses the field on `/`, and on the first focus of the field imports
 * the rest (search-panel.ts: MiniSearch, the results) and starts loading the index. A first view loads neither.
 */
import { isCollapsible, searchParts, setBoxOpen, type SearchParts } from './search-box';

/** The reader is typing somewhere: `/` is a character there, not the shortcut. */
function isEditable(target: EventTarget | null): boolean {
  return target instanceof Element && !!target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}

/** Opens the field (on a phone, its row first) and puts the caret in it. */
export function focusSearch(parts: SearchParts): void {
  if (isCollapsible(parts)) setBoxOpen(parts, true);
  parts.input.focus();
}

/** @example startSiteSearch(document.querySelector('[data-site-search]')) */
export function startSiteSearch(root: HTMLElement | null): void {
  if (!root) return;
  const parts = searchParts(root);
  root.hidden = false;

  let panel: Promise<unknown> | undefined;
  const loadPanel = () => {
    panel ??= import('./search-panel')
      .then(({ startSearchPanel }) => startSearchPanel(parts))
      .catch((error: unknown) => {
        panel = undefined;
        parts.status.textContent = 'Search could not start. Reload the page to try again.';
        throw error;
      });
  };
  parts.input.addEventListener('focus', loadPanel);
  parts.input.addEventListener('input', loadPanel);

  parts.toggle.addEventListener('click', () => {
    const open = !root.hasAttribute('data-open');
    setBoxOpen(parts, open);
    if (open) parts.input.focus();
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isEditable(event.target)) return;
    event.preventDefault();
    focusSearch(parts);
  });
}
