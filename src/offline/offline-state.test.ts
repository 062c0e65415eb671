import { describe, expect, it } from 'vitest';
import { noteText, shouldRegister, transition, type OfflineEvent, type OfflineState } from './offline-state';

/** Feeds events in order from 'off'; returns each state and whether any step asked for a reload. */
function run(events: readonly OfflineEvent[]): { states: OfflineState[]; reloads: number } {
  let state: OfflineState = 'off';
  const states: OfflineState[] = [];
  let reloads = 0;
  for (const event of events) {
    const next = transition(state, event);
    state = next.state;
    states.push(state);
    if (next.reload) reloads++;
  }
  return { states, reloads };
}

describe('the offline note', () => {
  it('says nothing while the first download runs, then "Available offline" once the worker has installed', () => {
    // First visit: register() resolves before the worker has an active state; clients.claim() then takes the page.
    const { states, reloads } = run([
      { type: 'registering' },
      { type: 'registered', active: false },
      { type: 'installed', isUpdate: false },
      { type: 'controlling' },
    ]);
    expect(states).toEqual(['installing', 'installing', 'ready', 'ready']);
    expect(states.map(noteText)).toEqual(['', '', 'Available offline', 'Available offline']);
    expect(reloads).toBe(0);
  });

  it('says "Available offline" at once on a page already served by an active worker', () => {
    expect(run([{ type: 'registering' }, { type: 'registered', active: true }]).states.at(-1)).toBe('ready');
  });

  it('offers the new version when an update has installed, and reloads only after the reader presses Reload', () => {
    const { states, reloads } = run([
      { type: 'registering' },
      { type: 'registered', active: true },
      { type: 'installed', isUpdate: true },
      { type: 'waiting' },
      { type: 'controlling' }, // e.g. another tab took the update: still no reload here
    ]);
    expect(states).toEqual(['installing', 'ready', 'ready', 'update', 'update']);
    expect(noteText('update')).toBe('A new version is ready');
    expect(reloads).toBe(0);

    const pressed = transition('update', { type: 'reload-requested' });
    expect(pressed).toEqual({ state: 'reloading', reload: false });
    expect(transition('reloading', { type: 'controlling' })).toEqual({ state: 'reloading', reload: true });
  });

  it('keeps the update offer when the waiting worker was announced before register() resolved', () => {
    const { states } = run([{ type: 'registering' }, { type: 'waiting' }, { type: 'registered', active: true }]);
    expect(states.at(-1)).toBe('update');
  });

  it('stays silent when registration fails or the first install is discarded', () => {
    expect(run([{ type: 'registering' }, { type: 'failed' }]).states.at(-1)).toBe('off');
    expect(run([{ type: 'registering' }, { type: 'registered', active: false }, { type: 'redundant' }]).states.at(-1)).toBe('off');
    expect(noteText('off')).toBe('');
    // The old worker going redundant after an update is not a failure.
    expect(transition('ready', { type: 'redundant' }).state).toBe('ready');
  });

  it('ignores Reload unless an update is waiting', () => {
    expect(transition('ready', { type: 'reload-requested' })).toEqual({ state: 'ready', reload: false });
    expect(transition('ready', { type: 'controlling' }).reload).toBe(false);
  });
});

describe('where the worker is registered', () => {
  const web = { hasServiceWorker: true, protocol: 'https:', production: true };
  it('registers on http(s) in a production build of a browser with service workers', () => {
    expect(shouldRegister(web)).toBe(true);
    expect(shouldRegister({ ...web, protocol: 'http:' })).toBe(true);
  });
  it('never on the file:// export, in `astro dev`, or without service workers', () => {
    expect(shouldRegister({ ...web, protocol: 'file:' })).toBe(false);
    expect(shouldRegister({ ...web, production: false })).toBe(false);
    expect(shouldRegister({ ...web, hasServiceWorker: false })).toBe(false);
  });
});
