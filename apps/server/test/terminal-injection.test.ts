import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/**
 * Names are written to every console of a lab (the prompt, `display` output,
 * session logs): terminal controls in them must never reach a terminal raw,
 * whether typed in a console, sent over the REST CLI, or already stored.
 */

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', ...env }));
  servers.push(s);
  return s;
}

/** A hidden OSC 8 hyperlink, a screen clear by the 8-bit CSI, an 8-bit OSC ended by ST, a bidi override. */
const OSC8 = '\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07';
const PAYLOADS = [OSC8, 'A\x9b2JB', 'A\x9d0;Session expired\x9cB', 'A\u202eB'];
/** What must not be in any byte the console writes: OSC, BEL, the C1 CSI/OSC/ST, the bidi override, a screen clear. */
const RAW = /\x1b\]|\x07|[\x9b\x9c\x9d\u202e]|\x1b\[2J/;

function post(s: RunningServer, lines: string[]): Promise<Response> {
  return fetch(`${s.url}/api/labs/default/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ lines }),
  });
}

async function cli(s: RunningServer, lines: string[]): Promise<{ command: string; output: string }[]> {
  const res = await post(s, lines);
  expect(res.status).toBe(200);
  return (await res.json()) as { command: string; output: string }[];
}

describe('terminal injection through names', () => {
  it('the CLI refuses controls in sysname, alias and VPN instance names with VRP’s wrong-parameter error', async () => {
    const s = await serve();
    // The REST CLI refuses C0 controls in a line as a whole (packages/protocol); the C1 and bidi ones reach the parser.
    expect((await post(s, ['system-view', `sysname ${OSC8}`])).status).toBe(400);
    for (const payload of PAYLOADS.slice(1)) {
      const run = await cli(s, [
        'system-view',
        `sysname ${payload}`,
        `ip vpn-instance V${payload}`,
        'bmp',
        `bmp-session 10.1.1.1 alias X${payload}`,
        'quit',
        `route-policy P${payload} permit node 10`,
        'commit',
      ]);
      for (const i of [1, 2, 4, 6]) {
        expect(run[i]!.output, run[i]!.command).toMatch(/\^\nError: Wrong parameter found at '\^' position\.$/);
        expect(run[i]!.output).not.toMatch(RAW);
      }
    }
    const running = s.lab.device.running;
    expect(running.sysname).toBe('HUAWEI');
    expect(running.vpnInstances).toEqual([]);
    expect(JSON.stringify(running)).not.toMatch(RAW);
  });

  it('a console never echoes the controls typed in a name, nor prints them', async () => {
    const s = await serve();
    const c = await wsClient(s.url);
    await c.hello();
    const id = await c.open();
    const watcher = await c.open();
    for (const payload of PAYLOADS) c.type(id, 'system-view', `sysname R${payload}`, `bmp`, `bmp-session 10.1.1.1 alias X${payload}`, 'commit', 'return');
    c.type(id, 'display current-configuration');
    await eventually(() => /return\r\n<[^>]*>$/.test(c.terminal(id)), 10_000);
    expect(c.terminal(id)).not.toMatch(RAW);
    expect(c.terminal(watcher)).not.toMatch(RAW);
    expect(JSON.stringify(s.lab.device.running)).not.toMatch(RAW);
    c.ws.close();
  });

  it('names stored before the check lose their controls when the lab comes back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-inject-'));
    const first = await serve({ BMPLAB_DATA_DIR: dir });
    const running = structuredClone(first.lab.device.running);
    running.sysname = `R${OSC8}\x9b2J`;
    running.vpnInstances = [`V\x9d0;x\x9c`];
    expect(first.store.setRunning('default', running)).toBe(true);
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const second = await serve({ BMPLAB_DATA_DIR: dir });
    expect(second.lab.device.running.sysname).toBe('R]8;;https://evil.example/click]8;;2J');
    expect(second.lab.device.running.vpnInstances).toEqual(['V0;x']);
    const c = await wsClient(second.url);
    await c.hello();
    const id = await c.open();
    c.type(id, 'display current-configuration');
    await eventually(() => /return\r\n<[^>]*>$/.test(c.terminal(id)), 10_000);
    expect(c.terminal(id)).not.toMatch(RAW);
    c.ws.close();
  });
});
