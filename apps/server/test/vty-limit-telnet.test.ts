import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import type { RunningServer } from '../src/app.js';
import { VTY_MAX_USERS } from '../src/console/login-banner.js';
import { VTY_FULL } from '../src/console/vty-slots.js';
import { eventually } from './lab-harness.js';
import { PASSWORD, serveVty } from './vty-harness.js';
import { wsClient } from './ws-client.js';

/** One VTY limit for every transport: browser consoles count against Telnet logins, and unwatched ones give way. */
let server: RunningServer;
beforeAll(async () => {
  server = await serveVty();
});
afterAll(async () => {
  await server?.close();
});

/** Log in over Telnet; resolves with everything the server printed once it stops (prompt or refusal). */
async function telnetLogin(): Promise<{ text: string; close: () => void }> {
  const sock = connect(server.telnet!.port, '127.0.0.1');
  let text = '';
  let closed = false;
  sock.on('data', (d: Buffer) => (text += d.toString('latin1').replace(/\xff[\xfb-\xfe]./g, '')));
  sock.on('close', () => (closed = true));
  await eventually(() => text.endsWith('Username:'), 10_000);
  sock.write('admin\r\n');
  await eventually(() => text.endsWith('Password:'), 10_000);
  sock.write(PASSWORD + '\r\n');
  await eventually(() => text.endsWith('<HUAWEI>') || closed, 10_000);
  return { text, close: () => sock.destroy() };
}

describe('the VTY limit across transports', () => {
  it('refuses a Telnet login while browser consoles take every line, and admits it once one of them is unwatched', async () => {
    const browser = await wsClient(server.url);
    await browser.hello();
    const ids: string[] = [];
    for (let i = 0; i < VTY_MAX_USERS; i++) ids.push(await browser.open());

    const refused = await telnetLogin();
    expect(refused.text).toContain(VTY_FULL);
    expect(refused.text).not.toContain('<HUAWEI>');

    browser.ws.terminate();
    await eventually(() => ids.every((id) => server.lab.consoles.get(id)?.detachedSince !== null));
    const admitted = await telnetLogin();
    expect(admitted.text).toMatch(/<HUAWEI>$/);
    // The first console to lose its watcher gave its line up; the others wait for their browser.
    expect(server.lab.consoles.size).toBe(VTY_MAX_USERS - 1);
    expect(server.lab.consoles.get(ids[0]!)).toBeUndefined();
    expect(server.lab.device.vtys.size).toBe(VTY_MAX_USERS);
    admitted.close();
  }, 20_000);
});
