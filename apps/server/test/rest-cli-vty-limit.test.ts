import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { VTY_MAX_USERS } from '../src/console/login-banner.js';
import { VTY_FULL } from '../src/console/vty-slots.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/** `POST /api/labs/<id>/cli` opens a VTY of the lab: it counts against the lab's 8 lines like any login. */

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: 'off' }));
});
afterAll(async () => {
  await server?.close();
});

const cli = (lines: string[], accept = 'application/json') =>
  fetch(`${server.url}/api/labs/default/cli`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ lines }) });

describe('REST CLI and the VTY limit', () => {
  it('answers 503 with VRP’s refusal while every line has a watched console, and runs again once a line is free', async () => {
    const browser = await wsClient(server.url);
    await browser.hello();
    const ids: string[] = [];
    for (let i = 0; i < VTY_MAX_USERS; i++) ids.push(await browser.open());
    expect(server.lab.device.vtys.size).toBe(VTY_MAX_USERS);

    const refused = await cli(['system-view', 'sysname REFUSED', 'commit']);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toBe('application/json');
    expect(await refused.json()).toEqual({ error: VTY_FULL });
    // Nothing ran, and no line was taken from a watched console.
    expect(server.lab.device.running.sysname).toBe('HUAWEI');
    expect(server.lab.consoles.size).toBe(VTY_MAX_USERS);
    expect(server.lab.device.vtys.size).toBe(VTY_MAX_USERS);

    // One browser console logs out: the REST CLI has a line again.
    browser.send({ type: 'console.close', consoleId: ids[0]! });
    await eventually(() => server.lab.device.vtys.size === VTY_MAX_USERS - 1);
    const run = await cli(['display users'], 'text/plain');
    expect(run.status).toBe(200);
    // Its own line, current (+), marked API; its idle time is a few protocol seconds at most (timers run 50x here).
    expect(await run.text()).toMatch(/\+ 1\d\d VTY \d+ +00:00:0\d {2}API /);
    expect(server.lab.device.vtys.size).toBe(VTY_MAX_USERS - 1);
    browser.ws.close();
  });
});
