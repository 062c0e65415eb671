/**
 * Registers the course's service worker (production, http(s) only, after the page's load event) and keeps the
 * offline note in the header in step with it: "Available offline", or a new version with a Reload button.
 */
import { Workbox } from 'workbox-window';
import { noteText, shouldRegister, transition, type OfflineEvent, type OfflineState } from './offline-state';

/** Runs `fn` once the page has loaded, so the precache download never competes with the first paint. */
function afterLoad(fn: () => void): void {
  if (document.readyState === 'complete') setTimeout(fn, 0);
  else addEventListener('load', () => setTimeout(fn, 0), { once: true });
}

/**
 * Starts the worker and the note inside `root` ([data-offline-status] with [data-offline-note] and a Reload button).
 * Does nothing, silently, where a worker cannot or must not run (file://, `astro dev`, old browsers).
 * @example startOfflineStatus(document.querySelector('[data-offline-status]')!)
 */
export function startOfflineStatus(root: HTMLElement): void {
  const env = { hasServiceWorker: 'serviceWorker' in navigator, protocol: location.protocol, production: import.meta.env.PROD };
  if (!shouldRegister(env)) return;
  const note = root.querySelector<HTMLElement>('[data-offline-note]')!;
  const reload = root.querySelector<HTMLButtonElement>('[data-offline-reload]')!;
  const workbox = new Workbox(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}sw.js`);

  let state: OfflineState = 'off';
  const apply = (event: OfflineEvent) => {
    const next = transition(state, event);
    if (next.state !== state) {
      state = next.state;
      root.dataset.state = state;
      note.textContent = noteText(state);
      reload.hidden = state !== 'update' && state !== 'reloading';
      reload.disabled = state === 'reloading';
    }
    if (next.reload) location.reload();
  };

  reload.addEventListener('click', () => {
    apply({ type: 'reload-requested' });
    // The waiting worker takes over; its 'controlling' event then reloads the page (see transition).
    workbox.messageSkipWaiting();
  });
  workbox.addEventListener('installed', (event) => apply({ type: 'installed', isUpdate: event.isUpdate === true }));
  workbox.addEventListener('waiting', () => apply({ type: 'waiting' }));
  workbox.addEventListener('redundant', () => apply({ type: 'redundant' }));
  workbox.addEventListener('controlling', () => apply({ type: 'controlling' }));

  apply({ type: 'registering' });
  afterLoad(() => {
    workbox.register({ immediate: true }).then(
      (registration) => apply({ type: 'registered', active: Boolean(registration?.active) }),
      // No worker, no note, and nothing in the console: the site works online as before.
      () => apply({ type: 'failed' }),
    );
  });
}
