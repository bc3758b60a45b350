import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app.js';
import { eventually } from './lab-harness.js';
import { rawTelnet } from './telnet-client.js';
import { PASSWORD, serveVty } from './vty-harness.js';

/**
 * The Telnet login prompts echo the user name as it is typed: C1 controls
 * (an 8-bit CSI or OSC, each a whole escape sequence in terminals that honour
 * 8-bit controls) and bidi controls are skipped like the line editor skips
 * them, never echoed raw.
 */

let server: RunningServer;
beforeAll(async () => {
  server = await serveVty();
});
afterAll(async () => {
  await server?.close();
});

/** What must never come back: the C1 controls CSI, OSC and ST, NEL, and the bidi override, as UTF-8 or as single bytes. */
const RAW_C1 = /[\u0080-\u009f\u202e]/;
const RAW_BYTES = [Buffer.from('\u009b', 'utf8'), Buffer.from('\u009d', 'utf8'), Buffer.from('\u202e', 'utf8'), Buffer.from([0x9b]), Buffer.from([0x9d])];

describe('Telnet login echo', () => {
  it('skips C1 and bidi controls in the user name: not echoed, not part of the name', async () => {
    const t = await rawTelnet(server.telnet!.port);
    await t.waitFor(/Username:$/);
    const mark = t.bytes().length;
    // "ad" CSI "2J" "m" OSC "8;;x" ST "in" RLO: what remains, and is echoed, is "ad2Jm8;;xin".
    t.line('ad\u009b2Jm\u009d8;;x\u009cin\u202e');
    await t.waitFor(/Password:$/);
    const echoed = t.bytes().subarray(mark);
    expect(echoed.toString('utf8')).toMatch(/^ad2Jm8;;xin\r\nPassword:$/);
    expect(RAW_C1.test(echoed.toString('utf8'))).toBe(false);
    for (const raw of RAW_BYTES.slice(3)) expect(echoed.includes(raw)).toBe(false);
    t.sock.destroy();
  });

  it('a name with controls mixed in logs in as the name without them', async () => {
    const t = await rawTelnet(server.telnet!.port);
    await t.waitFor(/Username:$/);
    t.line('adm\u0085in\u009b\u202e');
    await t.waitFor(/Password:$/);
    t.line(PASSWORD);
    await t.waitFor(/<HUAWEI>$/);
    for (const raw of RAW_BYTES) expect(t.bytes().includes(raw)).toBe(false);
    const users = t.text().length;
    t.line('display users');
    expect(await t.waitFor(/<HUAWEI>$/, users)).toContain('Username : admin\r\n');
    t.line('quit');
    await eventually(() => t.closed());
  });
});
