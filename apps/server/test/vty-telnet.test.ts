import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { RunningServer } from '../src/app.js';
import { DO, IAC, OPT_ECHO, OPT_NAWS, OPT_SGA, SB, SE, WILL } from '../src/vty/telnet-server.js';
import { eventually } from './lab-harness.js';
import { PASSWORD, python, serveVty } from './vty-harness.js';

/** Telnet (RFC 854) with VRP's Username:/Password: login, as a terminal and as a script would use it. */

let server: RunningServer;
let port: number;
beforeAll(async () => {
  server = await serveVty();
  port = server.telnet!.port;
});
afterAll(async () => {
  await server?.close();
});

/** A raw Telnet client: every byte the server sent, and whether it closed. */
async function telnet(options: { terminal?: { cols: number; rows: number } } = {}) {
  const sock: Socket = await new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  let bytes = Buffer.alloc(0);
  let closed = false;
  sock.on('data', (d: Buffer) => {
    bytes = Buffer.concat([bytes, d]);
  });
  sock.on('close', () => (closed = true));
  if (options.terminal) {
    // A terminal: agrees to the server's echo and go-ahead suppression, reports its size.
    const { cols, rows } = options.terminal;
    sock.write(Buffer.from([IAC, DO, OPT_ECHO, IAC, DO, OPT_SGA, IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, cols >> 8, cols & 255, rows >> 8, rows & 255, IAC, SE]));
  }
  /** What the server sent as text, Telnet commands removed. */
  const text = () =>
    bytes
      .toString('latin1')
      .replace(/\xff[\xfb-\xfe]./g, '')
      .replace(/\r\0/g, '\r');
  return {
    sock,
    bytes: () => bytes,
    text,
    closed: () => closed,
    async waitFor(re: RegExp, from = 0) {
      await eventually(() => re.test(text().slice(from)), 10_000);
      return text().slice(from);
    },
    /** Type like a Telnet client: Enter is CR LF. */
    line(s: string) {
      sock.write(s + '\r\n');
    },
  };
}

describe('Telnet', () => {
  it('negotiates echo, go-ahead suppression and window size, then logs in with Username:/Password:', async () => {
    const t = await telnet({ terminal: { cols: 120, rows: 40 } });
    await t.waitFor(/Username:$/);
    expect([...t.bytes().subarray(0, 9)]).toEqual([IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_NAWS]);
    expect(t.text()).toContain('Warning: Telnet is not a secure protocol, and it is recommended to use Stelnet.\r\n\r\nLogin authentication\r\n\r\n\r\nUsername:');
    t.line('admin');
    await t.waitFor(/Username:admin\r\nPassword:$/);
    let mark = t.text().length;
    t.line(PASSWORD);
    const login = await t.waitFor(/<HUAWEI>$/, mark);
    // The password is not echoed.
    expect(login).not.toContain(PASSWORD);
    expect(login).toMatch(/Info: The max number of VTY users is 8, the number of current VTY users online is 1/);
    mark = t.text().length;
    t.line('display users');
    expect(await t.waitFor(/<HUAWEI>$/, mark)).toMatch(/^\+ 129 VTY 0 {3}\d\d:\d\d:\d\d {2}TEL {4}127\.0\.0\.1 +pass\r\n {2}Username : admin\r\n/m);
    // A terminal that reported its size gets the line editor's cursor movement.
    mark = t.text().length;
    t.sock.write('abc\x1b[D\x1b[DX\x03');
    await t.waitFor(/<HUAWEI>$/, mark);
    expect(t.bytes().toString('latin1')).toMatch(/\x1b\[\d+C/);
    t.line('quit');
    await eventually(() => t.closed());
    expect(server.lab.device.vtys.size).toBe(0);
  });

  it('a script that negotiates nothing gets no escape sequences, and may type ahead of the prompt', async () => {
    const t = await telnet();
    await t.waitFor(/Username:$/);
    t.sock.write(`admin\r\n${PASSWORD}\r\ndisplay version\r\ndis\tver\x7f\x7f\x7fversion\r\n`);
    await t.waitFor(/<HUAWEI>display version\r\nHuawei Versatile[\s\S]*<HUAWEI>display ver(\x08 \x08){3}version\r\nHuawei Versatile[\s\S]*<HUAWEI>$/);
    expect(t.bytes().subarray(9).toString('latin1')).not.toMatch(/\x1b/);
    t.sock.destroy();
  });

  it('refuses a wrong password and an unknown lab alike, and closes after three failures', async () => {
    const t = await telnet();
    await t.waitFor(/Username:$/);
    // Enter alone asks for the name again; it is no failed login.
    t.line('');
    await t.waitFor(/Username:\r\nUsername:$/);
    t.line('admin');
    await t.waitFor(/Password:$/);
    t.line('wrong');
    await t.waitFor(/Error: Failed to authenticate\.\r\n\r\nUsername:$/);
    const afterWrongPassword = t.text().length;
    t.line('no-such-lab');
    await t.waitFor(/Password:$/, afterWrongPassword);
    t.line(PASSWORD);
    await t.waitFor(/Error: Failed to authenticate\.\r\n\r\nUsername:$/, afterWrongPassword);
    t.line('admin');
    await t.waitFor(/Password:$/, afterWrongPassword);
    t.line('again-wrong');
    await eventually(() => t.closed());
    expect(server.lab.device.vtys.size).toBe(0);
  });

  it('opens a lab by its id; netmiko huawei_telnet drives it', { timeout: 90_000 }, async () => {
    const res = await fetch(`${server.url}/api/labs`, { method: 'POST' });
    const id = ((await res.json()) as { id: string }).id;
    const r = await python<{ ok: boolean; message?: string; prompt?: string; commands?: Record<string, string> }>('netmiko_session.py', [
      JSON.stringify({ device_type: 'huawei_telnet', host: '127.0.0.1', port, username: id, password: PASSWORD, commands: ['display version', 'display users'] }),
    ]);
    expect(r, r.message).toMatchObject({ ok: true, prompt: '<HUAWEI>' });
    expect(r.commands!['display version']).toMatch(/^Huawei Versatile Routing Platform Software\n/);
    expect(r.commands!['display users']).toMatch(/^\+ 129 VTY 0 .* TEL .*\n {2}Username : [\w-]{22}$/m);
  });
});
