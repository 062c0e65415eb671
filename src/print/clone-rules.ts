/**
 * The pure rules a figure snapshot follows (snapshot.ts applies them to a DOM clone): ids made unique with their
 * in-figure references (an SVG pattern's url(#…)) kept working, references that would point outside dropped, and
 * form controls turned into the text of their current value, since paper has no controls.
 */

/** Attributes that name other elements by id; in a snapshot on paper they only make duplicate-id trouble. */
export const DROPPED_ATTRIBUTES = ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-owns', 'aria-activedescendant', 'for', 'tabindex', 'data-own-arrows', 'contenteditable'] as const;

/**
 * The id an element of a snapshot gets.
 * @example snapshotId('rope-hatch', 'one-pair') // 'rope-hatch--print-one-pair'
 */
export function snapshotId(id: string, step: string): string {
  return `${id}--print-${step}`;
}

/**
 * Rewrites `url(#id)` and a whole-value `#id` (an SVG href) to the renamed ids; other text is left alone.
 * @example rewriteIdRefs('url(#a) none', new Map([['a', 'a--print-x']])) // 'url(#a--print-x) none'
 */
export function rewriteIdRefs(value: string, renamed: ReadonlyMap<string, string>): string {
  if (value.startsWith('#') && renamed.has(value.slice(1))) return `#${renamed.get(value.slice(1))}`;
  return value.replace(/url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g, (whole, quote: string, id: string) =>
    renamed.has(id) ? `url(${quote}#${renamed.get(id)}${quote})` : whole,
  );
}

/** What a control is showing, as read from the live element. */
export type ControlReading =
  | { readonly kind: 'select'; readonly selected: readonly string[] }
  | { readonly kind: 'checkbox' | 'radio'; readonly checked: boolean }
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'hidden' };

/**
 * The text a control becomes on paper: a select's chosen option, a field's value, a box or a radio as ☒/☐ or ●/○.
 * Undefined means leave nothing in its place (hidden inputs).
 * @example controlText({ kind: 'select', selected: ['Layer 2'] }) // 'Layer 2'
 */
export function controlText(reading: ControlReading): string | undefined {
  switch (reading.kind) {
    case 'select':
      return reading.selected.join(', ');
    case 'checkbox':
      return reading.checked ? '☒' : '☐';
    case 'radio':
      return reading.checked ? '●' : '○';
    case 'value':
      return reading.value;
    case 'hidden':
      return undefined;
  }
}
