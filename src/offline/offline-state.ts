/**
 * The offline note's states and what moves between them, free of the DOM and of workbox-window (offline-status.ts
 * wires both), so every path, the update prompt included, is unit-tested.
 */

/**
 * off: no note (no service worker here, or it failed). installing: the first download is under way, no note yet.
 * ready: an active worker holds the whole course ("Available offline"). update: a newer version has installed and
 * waits for the reader. reloading: the reader pressed Reload; the page reloads once the new worker controls it.
 */
export type OfflineState = 'off' | 'installing' | 'ready' | 'update' | 'reloading';

export type OfflineEvent =
  /** The page decided to register (http(s), production, service workers supported). */
  | { readonly type: 'registering' }
  /** register() resolved; `active`: the registration already has an active worker (this page's or an earlier one's). */
  | { readonly type: 'registered'; readonly active: boolean }
  /** Registration threw (or was blocked): stay silent. */
  | { readonly type: 'failed' }
  /** A worker finished installing, so its precache is complete; `isUpdate`: the page was already controlled. */
  | { readonly type: 'installed'; readonly isUpdate: boolean }
  /** The worker being installed was discarded (its precache failed). */
  | { readonly type: 'redundant' }
  /** A newer worker is installed and waiting. */
  | { readonly type: 'waiting' }
  /** The reader pressed Reload. */
  | { readonly type: 'reload-requested' }
  /** A worker took control of the page. */
  | { readonly type: 'controlling' };

export interface Transition {
  readonly state: OfflineState;
  /** Reload the page now: only ever after the reader asked for it. */
  readonly reload: boolean;
}

/**
 * @example transition('update', { type: 'reload-requested' }) // { state: 'reloading', reload: false }
 */
export function transition(state: OfflineState, event: OfflineEvent): Transition {
  const to = (next: OfflineState, reload = false): Transition => ({ state: next, reload });
  switch (event.type) {
    case 'registering':
      return to(state === 'off' ? 'installing' : state);
    case 'registered':
      // A worker that was already waiting is announced (as 'waiting') before register() resolves: keep 'update'.
      return to(state === 'installing' && event.active ? 'ready' : state);
    case 'failed':
      return to('off');
    case 'installed':
      // An update's install is followed by 'waiting'; only the first install makes the course available offline.
      return to(state === 'installing' && !event.isUpdate ? 'ready' : state);
    case 'redundant':
      return to(state === 'installing' ? 'off' : state);
    case 'waiting':
      return to(state === 'reloading' ? state : 'update');
    case 'reload-requested':
      return to(state === 'update' ? 'reloading' : state);
    case 'controlling':
      // The first install's clients.claim() also fires this: never reload unless the reader asked.
      return state === 'reloading' ? to(state, true) : to(state);
  }
}

/**
 * The note's text for a state ('' for none).
 * @example noteText('ready') // 'Available offline'
 */
export function noteText(state: OfflineState): string {
  if (state === 'ready') return 'Available offline';
  if (state === 'update' || state === 'reloading') return 'A new version is ready';
  return '';
}

export interface RegisterEnvironment {
  readonly hasServiceWorker: boolean;
  /** location.protocol, e.g. 'https:'; the file:// export cannot run service workers. */
  readonly protocol: string;
  /** import.meta.env.PROD: never in `astro dev`. */
  readonly production: boolean;
}

/**
 * @example shouldRegister({ hasServiceWorker: true, protocol: 'file:', production: true }) // false
 */
export function shouldRegister(env: RegisterEnvironment): boolean {
  return env.hasServiceWorker && env.production && (env.protocol === 'http:' || env.protocol === 'https:');
}
