import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { VTY_MAX_USERS } from '../src/console/login-banner.js';
import { VTY_FULL } from '../src/console/vty-slots.js';
import { TAKEN_OVER_REASON } from '../src/transport/socket-consoles.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/** Browser consoles take the router's VTY lines like SSH and Telnet: 8 at most per lab, stored rows included. */
let server: RunningServer;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bmplab-vty-limit-'));
  server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: dir }));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const errors = (c: Awaited<ReturnType<typeof wsClient>>, code: string) => c.received.filter((m) => m.type === 'error' && m.code === code);

describe('the VTY limit for browser consoles', () => {
  it('refuses console.open beyond the limit with vty-full; consoles and stored rows stay within it', async () => {
    const c = await wsClient(server.url);
    await c.hello();
    for (let i = 0; i < 500; i++) c.send({ type: 'console.open' });
    // Every console.open is answered: opened, refused (vty-full) or dropped by the rate limit (reported).
    await eventually(() => errors(c, 'vty-full').length > 0 && c.received.filter((m) => m.type === 'console.opened').length === VTY_MAX_USERS);
    await eventually(() => errors(c, 'rate-limited').length > 0);
    const refused = errors(c, 'vty-full')[0]!;
    expect(refused.type === 'error' && refused.message).toContain(VTY_FULL);
    expect(server.lab.consoles.size).toBe(VTY_MAX_USERS);
    expect(server.lab.device.vtys.size).toBe(VTY_MAX_USERS);
    // The scrollback of each is stored (a 200 ms write-behind), and nothing more.
    await eventually(() => server.store.consoles(server.lab.id).length === VTY_MAX_USERS);
    await new Promise((r) => setTimeout(r, 400));
    expect(server.store.consoles(server.lab.id).length).toBe(VTY_MAX_USERS);
    c.ws.close();
  }, 20_000);

  it('lets a reconnecting browser resume its consoles without counting them twice, and logs out the longest-unwatched one for a new login', async () => {
    const a = await wsClient(server.url);
    await a.hello();
    const ids: string[] = [];
    for (let i = 0; i < VTY_MAX_USERS; i++) ids.push(await a.open());
    a.ws.terminate();
    await eventually(() => ids.every((id) => server.lab.consoles.get(id)?.detachedSince !== null));

    // The same browser comes back: all of its consoles resume (none refused, none new).
    const b = await wsClient(server.url);
    await b.hello();
    for (const id of ids) b.send({ type: 'console.open', consoleId: id, seen: 0 });
    await eventually(() => b.received.filter((m) => m.type === 'console.opened').length === VTY_MAX_USERS);
    expect(b.received.filter((m) => m.type === 'console.opened').every((m) => m.type === 'console.opened' && m.resumed)).toBe(true);
    expect(errors(b, 'vty-full')).toEqual([]);
    expect(server.lab.consoles.size).toBe(VTY_MAX_USERS);

    // Every line has a watcher: a ninth login is refused.
    b.send({ type: 'console.open' });
    await eventually(() => errors(b, 'vty-full').length === 1);

    // Two consoles lose their watcher, first ids[3] then ids[5]: a new login takes the line of ids[3].
    b.send({ type: 'console.close', consoleId: ids[0]! });
    const c = await wsClient(server.url);
    await c.hello();
    c.send({ type: 'console.open', consoleId: ids[3]!, seen: 0 });
    await eventually(() => c.received.some((m) => m.type === 'console.opened'));
    c.send({ type: 'console.open', consoleId: ids[5]!, seen: 0 });
    await eventually(() => c.received.filter((m) => m.type === 'console.opened').length === 2);
    c.ws.terminate();
    await eventually(() => server.lab.consoles.get(ids[5]!)?.detachedSince !== null);
    const d = await wsClient(server.url);
    await d.hello();
    await d.open(); // the line ids[0] freed
    const fresh = await d.open(); // takes the line of the longest-unwatched console
    expect(fresh).not.toBe(ids[3]);
    expect(server.lab.consoles.get(ids[3]!)).toBeUndefined();
    expect(server.lab.consoles.get(ids[5]!)).toBeDefined();
    expect(server.lab.consoles.size).toBe(VTY_MAX_USERS);
    for (const x of [b, d]) x.ws.close();
  }, 20_000);

  it('tells the first socket when a second one attaches its console', async () => {
    const a = await wsClient(server.url);
    await a.hello();
    const id = await a.open();
    const b = await wsClient(server.url);
    await b.hello();
    await b.open(id, 0);
    const notice = await eventually(() => a.received.find((m) => m.type === 'console.closed' && m.consoleId === id));
    expect(notice).toEqual({ type: 'console.closed', consoleId: id, reason: TAKEN_OVER_REASON, takenOver: true });
    expect(b.received.some((m) => m.type === 'console.closed')).toBe(false);
    // The console lives on in the second window; the first may no longer type into it.
    a.type(id, 'system-view');
    await eventually(() => errors(a, 'unknown-console').length === 1);
    b.type(id, 'system-view');
    await eventually(() => b.terminal(id).endsWith('[~HUAWEI]'));
    // Opening it again on the socket that already has it is no takeover.
    b.send({ type: 'console.open', consoleId: id, seen: b.terminal(id).length });
    await eventually(() => b.received.filter((m) => m.type === 'console.opened').length === 2);
    expect(b.received.some((m) => m.type === 'console.closed')).toBe(false);
    a.ws.close();
    b.ws.close();
  });
});
