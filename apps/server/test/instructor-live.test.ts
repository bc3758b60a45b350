import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, parseInstructorServerMessage, parseServerMessage } from '@bmp-lab/protocol';
import type { InstructorLabRow, InstructorServerMessage, LabSummary, ServerMessage } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

// The instructor's live table over `/ws?instructor=1`, trainee names, the
// read-only watch of a trainee's console, and resets from the table.

let server: RunningServer | null = null;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server?.close();
  server = null;
});

const TOKEN = 'class-of-twenty';
const start = async (env: Record<string, string> = {}) => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_INSTRUCTOR_TOKEN: TOKEN, ...env }));
  return server;
};

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  sockets.push(ws);
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  return ws;
}

/** An instructor's socket: every frame it received (validated), and how it closed. */
async function instructor(base: string, token: string | null) {
  const ws = await open(base.replace('http', 'ws') + '/ws?instructor=1');
  const received: InstructorServerMessage[] = [];
  const invalid: string[] = [];
  let closed: number | null = null;
  ws.on('message', (d) => {
    const m = parseInstructorServerMessage((d as Buffer).toString());
    if (m.ok) received.push(m.value);
    else invalid.push(m.error);
  });
  ws.on('close', (code) => (closed = code));
  if (token !== null) ws.send(JSON.stringify({ type: 'instructor.hello', protocol: PROTOCOL_VERSION, token }));
  /** The table as the messages so far build it. */
  const table = (): Map<string, InstructorLabRow> => {
    const rows = new Map<string, InstructorLabRow>();
    for (const m of received) {
      if (m.type === 'instructor.snapshot') {
        rows.clear();
        for (const r of m.labs) rows.set(r.id, r);
      } else if (m.type === 'instructor.labs') {
        for (const r of m.labs) rows.set(r.id, r);
        for (const id of m.removed) rows.delete(id);
      }
    }
    return rows;
  };
  return { ws, received, invalid, table, closed: () => closed, send: (m: object) => ws.send(JSON.stringify(m)) };
}

async function createLab(base: string, body: object): Promise<{ status: number; lab: LabSummary & { error?: string } }> {
  const res = await fetch(`${base}/api/labs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, lab: (await res.json()) as LabSummary & { error?: string } };
}

describe('instructor subscription', () => {
  it('is refused without a token, with a wrong one, and when the instructor view is off', async () => {
    const s = await start();
    const none = await instructor(s.url, null);
    none.send({ type: 'instructor.reset', labId: 'default', to: 'default' });
    await eventually(() => none.closed() === 4401);
    expect(none.received).toEqual([expect.objectContaining({ type: 'error', code: 'instructor-token' })]);

    const wrong = await instructor(s.url, 'not-the-token');
    await eventually(() => wrong.closed() === 4401);
    expect(wrong.received.map((m) => m.type)).toEqual(['error']);
    expect(wrong.received[0]).toMatchObject({ code: 'instructor-token' });

    // The token never travels in the URL: a token there is ignored (the first message still decides).
    const inUrl = await open(s.url.replace('http', 'ws') + `/ws?instructor=1&token=${TOKEN}`);
    const inUrlClosed = new Promise<number>((r) => inUrl.once('close', (code) => r(code)));
    inUrl.send(JSON.stringify({ type: 'instructor.reset', labId: 'default', to: 'default' }));
    expect(await inUrlClosed).toBe(4401);

    await server!.close();
    server = null;
    const off = await start({ BMPLAB_INSTRUCTOR_TOKEN: '' });
    const refused = new WebSocket(off.url.replace('http', 'ws') + '/ws?instructor=1');
    refused.on('error', () => undefined);
    const status = await new Promise<number>((r) => refused.once('unexpected-response', (_req, res) => r(res.statusCode ?? 0)));
    expect(status).toBe(404);
  });

  it('shows a named trainee’s commit in the stream within a second, and resets the lab from the table', async () => {
    const s = await start();
    const { status, lab } = await createLab(s.url, { name: 'Ada Lovelace' });
    expect(status).toBe(201);
    expect(lab.name).toBe('Ada Lovelace');

    const teacher = await instructor(s.url, TOKEN);
    const row = () => teacher.table().get(lab.id);
    await eventually(() => row());
    expect(row()).toMatchObject({ name: 'Ada Lovelace', exercise: null, bmp: [], lastActivity: null });

    const trainee = await wsClient(s.url, lab.id);
    await trainee.hello();
    trainee.send({ type: 'exercise.start', id: 'seed-session' });
    await eventually(() => row()?.exercise?.id === 'seed-session');
    expect(row()!.stuck).toMatchObject({ id: expect.any(String), label: expect.any(String) });
    const con = await trainee.open();
    await eventually(() => row()?.consoles.includes(con));
    trainee.type(con, 'system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790');
    await eventually(() => trainee.terminal(con).includes('[~'));
    const before = teacher.received.length;

    const committedAt = Date.now();
    trainee.type(con, 'commit');
    await eventually(() => row()?.bmp.some((b) => b.address === '10.1.1.1' && b.port === 1790), 1000);
    const seenAfter = Date.now() - committedAt;
    expect(seenAfter).toBeLessThan(1000);
    expect(row()!.lastActivity).toBeGreaterThanOrEqual(committedAt - 1000);
    // Throttled for the whole class: nothing like one message per event.
    expect(teacher.received.length - before).toBeLessThan(10);

    // The exercise finishes: progress and "exercises done" follow.
    trainee.type(con, 'return');
    await eventually(() => row()?.exercise?.completed === true && row()!.exercisesDone === 1 && row()!.stuck === null, 10_000);

    // Reset from the table: back to the exercise's start (no BMP session any more).
    teacher.send({ type: 'instructor.reset', labId: lab.id, to: 'exercise' });
    await eventually(() => teacher.received.some((m) => m.type === 'instructor.reset' && m.labId === lab.id));
    await eventually(() => row()?.bmp.length === 0 && row()!.exercise?.completed === false);
    expect(row()!.exercisesDone).toBe(1);

    // Back to the lab's default configuration (blank): the trainee's commit is gone from the running configuration.
    trainee.type(con, 'system-view', 'sysname TRAINEE', 'commit', 'return');
    await eventually(() => row()?.router === 'TRAINEE');
    teacher.send({ type: 'instructor.reset', labId: lab.id, to: 'default' });
    await eventually(() => row()?.router !== 'TRAINEE' && row()!.bmp.length === 0);

    teacher.send({ type: 'instructor.reset', labId: 'no-such-lab', to: 'exercise' });
    await eventually(() => teacher.received.some((m) => m.type === 'error' && m.code === 'unknown-lab'));
    teacher.send({ type: 'instructor.reset', labId: 'default', to: 'exercise' });
    await eventually(() => teacher.received.some((m) => m.type === 'error' && m.code === 'no-exercise'));
    expect(teacher.invalid).toEqual([]);
  });
});

describe('instructor table of a lab of several routers', () => {
  it('lists every router’s BGP peers and BMP sessions (named), its consoles, and counts a commit on R2 as activity', async () => {
    const s = await start();
    const teacher = await instructor(s.url, TOKEN);
    const row = () => teacher.table().get('default');
    await eventually(() => row());
    const trainee = await wsClient(s.url);
    await trainee.hello();
    // Exercise 13 adds R2 (10.0.0.2), whose start reports to the station; its BGP peer is the trainee's to configure.
    trainee.send({ type: 'exercise.start', id: 'two-routers' });
    await eventually(() => row()?.bmp.some((b) => b.router === 'R2' && b.key.startsWith('R2@')), 10_000);
    // The first router's entries name no router.
    expect(row()!.bmp.some((b) => b.router === undefined)).toBe(s.lab.device.bmpSessions().length > 0);
    const before = row()!.lastActivity;
    trainee.send({ type: 'console.open', router: 'R2' });
    const opened = await eventually(() => trainee.received.find((m): m is Extract<ServerMessage, { type: 'console.opened' }> => m.type === 'console.opened'));
    await eventually(() => row()?.consoles.includes(opened.consoleId));
    const committedAt = Date.now();
    trainee.type(opened.consoleId, 'system-view', 'bgp 100', 'peer 10.0.0.1 as-number 100', 'commit', 'return');
    await eventually(() => row()?.bgp.some((p) => p.router === 'R2' && p.address === '10.0.0.1'), 10_000);
    expect(row()!.lastActivity).not.toBe(before);
    expect(row()!.lastActivity!).toBeGreaterThanOrEqual(committedAt - 1000);
    expect(teacher.invalid).toEqual([]);
  });
});

describe('read-only watch', () => {
  it('streams the trainee’s console but cannot type, close or take it over', async () => {
    const s = await start();
    const trainee = await wsClient(s.url);
    await trainee.hello();
    const con = await trainee.open();

    const ws = await open(s.url.replace('http', 'ws') + '/ws?lab=default&readonly=1');
    const seen: ServerMessage[] = [];
    ws.on('message', (d) => {
      const m = parseServerMessage((d as Buffer).toString());
      if (m.ok) seen.push(m.value);
    });
    const send = (m: object) => ws.send(JSON.stringify(m));
    const output = () => seen.flatMap((m) => (m.type === 'console.output' && m.consoleId === con ? [m.data] : [])).join('');
    send({ type: 'hello', protocol: PROTOCOL_VERSION });
    send({ type: 'console.open' });
    await eventually(() => seen.some((m) => m.type === 'error' && m.code === 'read-only'));
    send({ type: 'console.open', consoleId: con, seen: 0 });
    await eventually(() => seen.some((m) => m.type === 'console.opened' && m.consoleId === con));

    trainee.type(con, 'display clock');
    await eventually(() => output().includes('display clock'));

    const errors = () => seen.filter((m) => m.type === 'error' && m.code === 'read-only').length;
    send({ type: 'console.input', consoleId: con, data: 'system-view\rsysname WATCHER\rcommit\r' });
    await eventually(() => errors() === 2);
    send({ type: 'console.close', consoleId: con });
    send({ type: 'exercise.start', id: 'seed-session' });
    await eventually(() => errors() === 4);

    // The trainee still types into the console, and nothing the watcher sent reached it.
    trainee.type(con, 'display current-configuration | include sysname');
    await eventually(() => output().split('display current-configuration').length > 1 && /sysname \S+\r?\n/.test(output().split('display current-configuration')[1]!));
    expect(output()).not.toContain('WATCHER');
    expect(s.lab.device.running.sysname).not.toBe('WATCHER');
    expect(trainee.received.some((m) => m.type === 'console.closed')).toBe(false);
  });
});

describe('trainee names', () => {
  it('are validated on POST and PUT, and kept across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-names-'));
    let s = await start({ BMPLAB_DATA_DIR: dir });
    for (const bad of ['', '   ', 'x'.repeat(41), 'Eve\u001b[2J', 'Mallory\u202eevil', 'tab\there', 42, null]) {
      const { status, lab } = await createLab(s.url, { name: bad });
      expect(status, JSON.stringify(bad)).toBe(400);
      expect(lab.error).toMatch(/"name"/);
    }
    expect(s.labs.size).toBe(1);
    const { lab } = await createLab(s.url, {});
    expect(lab.name).toBeNull();

    const put = (name: unknown) => fetch(`${s.url}/api/labs/${lab.id}/name`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    expect((await put('Grace\u0007')).status).toBe(400);
    expect((await put('  Grace Hopper  ')).status).toBe(200);
    expect(((await (await put('Grace Hopper 🐛')).json()) as LabSummary).name).toBe('Grace Hopper 🐛');
    expect((await fetch(`${s.url}/api/labs/nope/name`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' })).status).toBe(404);

    await server!.close();
    server = null;
    s = await start({ BMPLAB_DATA_DIR: dir });
    const again = (await (await fetch(`${s.url}/api/labs/${lab.id}`)).json()) as LabSummary;
    expect(again.name).toBe('Grace Hopper 🐛');
  });
});
