/**
 * The search results under the header's field, loaded on the reader's first search (see search-trigger.ts): it loads
 * the index, searches as the reader types, and lists the places found, each a link to its step with a snippet.
 * Keys: ↓ from the field enters the list, ↓/↑ move through it (↑ from the first result returns to the field), Enter
 * follows the focused result (from the field, the first), Escape closes the results and returns to the field.
 */
import { courseSearch, MIN_QUERY_LENGTH, type SearchAnswer, type SearchHit } from './course-search';
import { loadSearchIndex } from './load-index';
import { isCollapsible, setBoxOpen, type SearchParts } from './search-box';
import { resultHref } from './search-links';
import type { Segment } from './snippet';

/** Text with its matched words in <mark>, built as nodes: a document's text is never parsed as HTML. */
function marked(segments: readonly Segment[]): Node[] {
  return segments.map((s) => {
    if (!s.mark) return document.createTextNode(s.text);
    const mark = document.createElement('mark');
    mark.textContent = s.text;
    return mark;
  });
}

function span(className: string, children: Node[] | string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  if (typeof children === 'string') el.textContent = children;
  else el.append(...children);
  return el;
}

/** One result: the link (chapter and title, its accessible name) and the snippet, which describes it. */
function resultItem(hit: SearchHit, index: number): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'search-hit';
  const link = document.createElement('a');
  link.href = resultHref(hit.slug, hit.anchor);
  link.dataset.searchHit = `${hit.slug}#${hit.anchor}`;
  link.append(span('search-hit-chapter', hit.kind === 'chapter' ? 'Chapter' : hit.chapter), span('search-hit-title', marked(hit.title)));
  const snippet = span('search-hit-snippet', marked(hit.snippet));
  snippet.id = `site-search-hit-${index}`;
  link.setAttribute('aria-describedby', snippet.id);
  item.append(link, snippet);
  return item;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** @example startSearchPanel(searchParts(root)) // from search-trigger.ts, once */
export function startSearchPanel(parts: SearchParts): void {
  const { root, input, results, list, summary, status, toggle } = parts;
  let search: ((query: string) => SearchAnswer) | undefined;
  let failure: string | undefined;
  let shown = '';

  const links = () => [...list.querySelectorAll<HTMLAnchorElement>('a')];
  const say = (text: string) => {
    summary.textContent = text;
    // The live region repeats the summary for screen readers; the visible line is hidden from them.
    status.textContent = text;
  };

  const showResults = (show: boolean) => {
    results.hidden = !show;
  };

  const render = () => {
    const query = input.value.trim();
    if (query.length < MIN_QUERY_LENGTH) {
      list.replaceChildren();
      shown = '';
      say('');
      showResults(false);
      return;
    }
    showResults(true);
    if (failure) return say(failure);
    if (!search) return say('Loading the search index…');
    if (query === shown) return;
    shown = query;
    const { hits, total } = search(query);
    list.replaceChildren(...hits.map(resultItem));
    const shownOf = total > hits.length ? `; the best ${hits.length} shown` : '';
    say(total === 0 ? `Nothing found for “${query}”.` : `${plural(total, 'place')} found for “${query}”${shownOf}.`);
  };

  /** Closes the results; on a phone the search row too. Focus goes back to the field, or to the phone's button. */
  const close = ({ focus }: { focus: boolean }) => {
    showResults(false);
    if (isCollapsible(parts) && root.hasAttribute('data-open')) {
      setBoxOpen(parts, false);
      if (focus) toggle.focus();
    } else if (focus) {
      input.focus();
    }
  };

  input.addEventListener('input', render);
  input.addEventListener('focus', render);

  root.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const all = links();
    const at = all.indexOf(event.target as HTMLAnchorElement);
    const onField = event.target === input;
    if (event.key === 'Escape') {
      // With nothing open, Escape in the field does what the browser does there (clears it).
      if (results.hidden && !root.hasAttribute('data-open')) return;
      event.preventDefault();
      close({ focus: true });
    } else if (event.key === 'ArrowDown' && (onField || at !== -1) && !results.hidden) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)]?.focus();
    } else if (event.key === 'ArrowUp' && at !== -1) {
      event.preventDefault();
      if (at === 0) input.focus();
      else all[at - 1]!.focus();
    } else if (event.key === 'Enter' && onField && !results.hidden) {
      event.preventDefault();
      all[0]?.click();
    }
  });

  // Following a result closes the results. A result on this page only changes the hash, which moves to the step
  // (src/scrolly/controller.ts): the page is not reloaded, so its query (`?s=` the reader's sentence,
  // `?backend=cpu`) and a sentence typed into the field stay. The same hash again changes nothing, so that case
  // scrolls to the target here.
  list.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a');
    if (!link) return;
    const target = new URL(link.href);
    if (target.origin === location.origin && target.pathname === location.pathname && target.hash) {
      event.preventDefault();
      if (target.hash === location.hash) document.getElementById(decodeURIComponent(target.hash.slice(1)))?.scrollIntoView({ block: 'start' });
      else location.hash = target.hash;
    }
    close({ focus: false });
  });

  // Clicking or tabbing elsewhere closes the results (and the phone's row), without taking focus back.
  document.addEventListener('pointerdown', (event) => {
    if (!root.contains(event.target as Node)) close({ focus: false });
  });
  root.addEventListener('focusout', (event) => {
    const next = event.relatedTarget as Node | null;
    if (next && !root.contains(next)) close({ focus: false });
  });

  loadSearchIndex()
    .then((json) => {
      search = courseSearch(json);
    })
    .catch((error: unknown) => {
      failure = 'The search index could not be loaded. Reload the page to try again.';
      console.warn(error);
    })
    .finally(render);
  render();
}
