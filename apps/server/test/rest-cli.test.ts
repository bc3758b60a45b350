import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/** `POST /api/labs/<id>/cli`: lines run in a fresh VTY of the lab. */

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
});
afterAll(async () => {
  await server?.close();
});

function cli(lab: string, body: unknown, accept?: string) {
  return fetch(`${server.url}/api/labs/${lab}/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('REST CLI', () => {
  it('answers a text/plain transcript with the prompts, paging off', async () => {
    // Enough configuration for several pages.
    const lines = ['system-view', 'bmp', ...Array.from({ length: 30 }, (_, i) => [`bmp-session 10.9.9.${i}`, 'tcp connect port 1790', 'quit']).flat(), 'commit', 'return'];
    const setup = await cli('default', { lines });
    expect(setup.status).toBe(200);
    const res = await cli('default', { lines: ['display version', 'display current-configuration'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await res.text();
    expect(text.startsWith('<HUAWEI>display version\nHuawei Versatile Routing Platform Software\nVRP (R) software, Version 8.')).toBe(true);
    expect(text).toContain('\n<HUAWEI>display current-configuration\n!Software Version ');
    expect(text).toContain(' bmp-session 10.9.9.29\n');
    expect(text).not.toContain('---- More ----');
    expect(text.endsWith('\nreturn\n<HUAWEI>\n')).toBe(true);
  });

  it('answers JSON per line with Accept: application/json; a line after a question answers it', async () => {
    const res = await cli('default', { lines: ['system-view', 'sysname CORE', 'quit', 'y', 'display users', 'bogus'] }, 'application/json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { command: string; output: string }[];
    expect(body.map((l) => l.command)).toEqual(['system-view', 'sysname CORE', 'quit', 'y', 'display users', 'bogus']);
    expect(body[0]!.output).toBe('Enter system view, return user view with return command.');
    expect(body[4]!.output).toMatch(/^ {2}User-Intf {4}Delay[^\n]*\n\+ 129 VTY 0 {3}00:00:00 {2}API {4}127\.0\.0\.1 +pass\n {2}Username : Unspecified\n$/);
    expect(body[5]!.output).toBe("      ^\nError: Unrecognized command found at '^' position.");
    // The commit took effect; the VTY logged out at the end.
    expect(server.lab.device.running.sysname).toBe('CORE');
    expect(server.lab.device.vtys.size).toBe(0);
    await cli('default', { lines: ['system-view', 'undo sysname', 'commit'] });
  });

  it('is a VTY of its lab like a browser console: it shows in display users, and its commits reach browsers', async () => {
    const created = await fetch(`${server.url}/api/labs`, { method: 'POST' });
    const id = ((await created.json()) as { id: string }).id;
    const browser = await wsClient(server.url, id);
    await browser.hello();
    await browser.open();
    const res = await cli(id, { lines: ['display users', 'system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit'] }, 'application/json');
    const body = (await res.json()) as { output: string }[];
    expect(body[0]!.output).toMatch(/^ {2}129 VTY 0 .* WEB .*\n {2}Username : Unspecified\n\n\+ 130 VTY 1 .* API /m);
    await eventually(() => browser.received.some((m) => m.type === 'session.updated' && m.session.state === 'up'));
    // Another lab saw nothing of it.
    expect(server.lab.device.bmpSessions().filter((s) => s.id.address === '10.1.1.1')).toEqual([]);
    browser.ws.close();
  });

  it('refuses a bad body with 400 and the reason, an unknown lab with 404', async () => {
    const cases: [unknown, RegExp][] = [
      ['not json', /the body is not JSON/],
      [[], /body: the body must be a JSON object/],
      [{}, /lines: "lines" must be an array of strings/],
      [{ lines: [] }, /lines: "lines" needs at least one line/],
      [{ lines: ['ok', 7] }, /lines\[1\]: each line must be a string/],
      [{ lines: ['display version\ndisplay users'] }, /lines\[0\]: a line may not contain control characters/],
      [{ lines: ['x'.repeat(3101)] }, /lines\[0\]: a line is at most 3100 characters/],
      [{ lines: ['display version'], extra: true }, /body: unknown field "extra" \(only "lines" and "router"\)/],
    ];
    for (const [body, error] of cases) {
      const res = await cli('default', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(error);
    }
    const missing = await cli('no-such-lab', { lines: ['display version'] });
    expect(missing.status).toBe(404);
    expect((await fetch(`${server.url}/api/labs/default/cli`)).status).toBe(405);
  });

  it('stops at a logout: the lines after it do not run', async () => {
    const res = await cli('default', { lines: ['quit', 'system-view'] });
    expect(await res.text()).toBe('<HUAWEI>quit\n');
  });
});
