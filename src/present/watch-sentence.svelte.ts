/**
 * Tells presenter mode when the figures' sentence changes (the reader submitted another in a slide's sentence
 * field), so an open speaker view can show the same numbers. A .svelte.ts module because only runes code can
 * follow the shared runes object.
 */
import { untrack } from 'svelte';
import { liveSentence } from '../live/live-sentence.svelte';

/**
 * Calls `changed` with the sentence a link should carry (undefined for the page's own) each time the figures
 * show a different one; not for the sentence already shown when it starts. Returns the function that stops it.
 * @example const stop = watchLinkSentence((text) => link.send({ kind: 'sentence', text }))
 */
export function watchLinkSentence(changed: (text: string | undefined) => void): () => void {
  let last = liveSentence.linkSentence();
  return $effect.root(() => {
    $effect(() => {
      void liveSentence.shownText; // the one dependency: a sentence the figures now show
      const text = untrack(() => liveSentence.linkSentence());
      if (text === last) return;
      last = text;
      changed(text);
    });
  });
}
