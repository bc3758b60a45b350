import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../src/lab/lab.js';
import { ConsoleHub } from '../src/console/console-hub.js';
import { VTY_MAX_USERS } from '../src/console/login-banner.js';
import { startLab } from './lab-harness.js';

/** Consoles a server brings back after a restart are bounded like live ones. */
let lab: Lab;
beforeAll(async () => {
  lab = (await startLab()).lab;
});
afterAll(async () => {
  await lab.stop();
});

describe('restoring stored consoles', () => {
  it('brings back only the newest VTY_MAX_USERS and forgets the rest (their stored rows go)', () => {
    const forgotten: string[] = [];
    const hub = new ConsoleHub(
      (login) => lab.device.openVty({ protocol: 'WEB', address: login.address, user: null }),
      () => [],
      60_000,
      { closed: (id) => forgotten.push(id) },
    );
    const stored = Array.from({ length: 3 * VTY_MAX_USERS }, (_, i) => ({ id: `c${i}`, buffer: `<HUAWEI>${i}`, bufferStart: 0 }));
    hub.restore(stored);
    expect(hub.ids()).toEqual(stored.slice(-VTY_MAX_USERS).map((c) => c.id));
    expect(forgotten).toEqual(stored.slice(0, -VTY_MAX_USERS).map((c) => c.id));
    expect(lab.device.vtys.size).toBeLessThanOrEqual(VTY_MAX_USERS + 1);
    // All of them are unwatched: the first restored is the first to give its line up.
    expect(hub.logOutOldestDetached()).toBe(true);
    expect(hub.get(stored.at(-VTY_MAX_USERS)!.id)).toBeUndefined();
    hub.shutdown();
  });
});
