/** The URL switches of presenter mode (`?present`, `?speaker`) and the plain step link a QR code carries. Pure. */

/** The query parameter that opens presenter mode; `?present` and `?present=1` both do. */
export const PRESENT_PARAM = 'present';
/** The query parameter of the speaker view, the second window presenter mode opens. */
export const SPEAKER_PARAM = 'speaker';

function has(href: string, name: string): boolean {
  return new URL(href).searchParams.has(name);
}

/** @example presentRequested('https://x/chapters/attention/?present#softmax') // true */
export function presentRequested(href: string): boolean {
  return has(href, PRESENT_PARAM);
}

/** @example speakerRequested('https://x/chapters/attention/?speaker#softmax') // true */
export function speakerRequested(href: string): boolean {
  return has(href, SPEAKER_PARAM);
}

/**
 * The page's URL with one mode switch on or off and the other modes' switches removed, other parameters (`?s=`,
 * `?backend=`) kept in their order. A switch is written bare (`?present`, not `?present=`), as people type it.
 * @example withMode('https://x/a/?s=hi#keys', 'present') // 'https://x/a/?s=hi&present#keys'
 * @example withMode('https://x/a/?present#keys', undefined) // 'https://x/a/#keys'
 */
export function withMode(href: string, mode: typeof PRESENT_PARAM | typeof SPEAKER_PARAM | undefined): string {
  const url = new URL(href);
  url.searchParams.delete(PRESENT_PARAM);
  url.searchParams.delete(SPEAKER_PARAM);
  const rest = url.searchParams.toString();
  const query = [rest, mode].filter(Boolean).join('&');
  return `${url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin}${url.pathname}${query ? `?${query}` : ''}${url.hash}`;
}

/**
 * The link a QR code shows for a step: the scroll view of the page at that step, with the presenter switches
 * dropped, so a phone opens the ordinary page. Other parameters are kept as the address has them; a `?s=` there is
 * the sentence the page was opened with, not necessarily the one the figures show now, so callers set it afresh
 * (urlWithSentence with liveSentence.linkSentence(), as presenter.ts does).
 * @example stepLink('https://x/a/?present#keys', 'softmax') // 'https://x/a/#softmax'
 */
export function stepLink(href: string, id: string): string {
  const plain = withMode(href, undefined);
  return `${plain.split('#')[0]}#${encodeURIComponent(id)}`;
}
