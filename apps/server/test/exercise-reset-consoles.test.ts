import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/app.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';
import { serveVty, sshShell } from './vty-harness.js';
import type { SshShell } from './vty-harness.js';

/**
 * Starting, resetting or restoring a checkpoint of an exercise replaces the
 * lab's configuration; every open console — browser and SSH — follows: its
 * candidate is dropped, it is back at `<HUAWEI>` with a notice, and a bare
 * `commit` afterwards changes nothing.
 */

let server: RunningServer;
beforeAll(async () => {
  server = await serveVty();
});
afterAll(async () => {
  await server?.close();
});

type Client = Awaited<ReturnType<typeof wsClient>>;

async function newLab(): Promise<string> {
  const res = await fetch(`${server.url}/api/labs`, { method: 'POST' });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The running configuration, read through the REST CLI (a console of its own). */
async function running(lab: string): Promise<string> {
  const res = await fetch(`${server.url}/api/labs/${lab}/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ lines: ['display current-configuration'] }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { output: string }[])[0]!.output;
}

/** A browser with one console open on `lab`. */
async function browserConsole(lab: string): Promise<{ c: Client; id: string; out: () => string }> {
  const c = await wsClient(server.url, lab);
  await c.hello();
  const id = await c.open();
  return { c, id, out: () => c.terminal(id) };
}

/** Terminal output without its cursor movements and erasures (CSI sequences). */
const plain = (bytes: string) => bytes.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
/** Waits until what a console printed (escape sequences left out) matches; on timeout the error shows its last characters. */
const ends = async (text: () => string, re: RegExp, ms = 8000): Promise<void> => {
  try {
    await eventually(() => re.test(plain(text())), ms);
  } catch {
    throw new Error(`${re} never matched the end of:\n${JSON.stringify(plain(text()).slice(-600))}`);
  }
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The notice line, then the user-view prompt, at the very end of what the console shows. */
const noticeThenPrompt = (notice: string) => new RegExp(`${escape(notice)}\\r\\n<HUAWEI>$`);

const UNCOMMITTED_SESSION = /\[\*HUAWEI-bmp-session-10\.5\.5\.5\]$/;
const YNC = /\[Y\(yes\)\/N\(no\)\/C\(cancel\)\]:$/;

/**
 * Two browser consoles and an SSH shell with work in progress: A in the BMP
 * session view with an uncommitted session 10.5.5.5, B at the uncommitted-changes
 * question, the SSH user in a session view of another address.
 */
async function busyConsoles(lab: string) {
  const a = await browserConsole(lab);
  const b = await browserConsole(lab);
  const ssh = await sshShell(server.ssh!.port, lab);
  await ssh.waitFor(/<HUAWEI>$/);
  a.c.type(a.id, 'system-view', 'bmp', 'bmp-session 10.5.5.5', 'tcp connect port 1790');
  await ends(a.out, UNCOMMITTED_SESSION);
  b.c.type(b.id, 'system-view', 'sysname EDGE', 'return');
  await ends(b.out, YNC);
  ssh.write('system-view\rbmp\rbmp-session 10.2.2.2\rtcp connect port 1790\r');
  await ssh.waitFor(/\[\*HUAWEI-bmp-session-10\.2\.2\.2\]$/);
  return { a, b, ssh };
}

/** Every console ends at `<HUAWEI>` right after `notice`. */
async function allShow(consoles: { a: { out: () => string }; b: { out: () => string }; ssh: SshShell }, notice: string): Promise<void> {
  const re = noticeThenPrompt(notice);
  await ends(consoles.a.out, re);
  await ends(consoles.b.out, re);
  await ends(consoles.ssh.text, re);
}

/** A bare `system-view` + `commit` on every console: each commits whatever candidate it still has. */
async function bareCommits(consoles: { a: { c: Client; id: string; out: () => string }; b: { c: Client; id: string; out: () => string }; ssh: SshShell }): Promise<void> {
  const { a, b, ssh } = consoles;
  for (const x of [a, b]) {
    const mark = x.out().length;
    x.c.type(x.id, 'system-view', 'commit', 'return');
    await ends(() => x.out().slice(mark), /return\r\n<\w+>$/);
  }
  const mark = ssh.text().length;
  ssh.write('system-view\rcommit\rreturn\r');
  await ends(() => ssh.text().slice(mark), /return\r\n<\w+>$/);
}

const close = (consoles: { a: { c: Client }; b: { c: Client }; ssh: SshShell }) => {
  consoles.a.c.ws.close();
  consoles.b.c.ws.close();
  consoles.ssh.client.end();
};

describe('an exercise reset resets every console of the lab', () => {
  it('starting an exercise: browser and SSH consoles drop their candidates and questions; a bare commit changes nothing', async () => {
    const lab = await newLab();
    const consoles = await busyConsoles(lab);
    consoles.a.c.send({ type: 'exercise.start', id: 'seed-session' });
    await allShow(consoles, 'Info: The lab was reset for exercise "1. Set up a BMP session"; uncommitted configurations were discarded.');
    const start = await running(lab);
    expect(start).not.toContain('bmp-session');
    expect(start).not.toContain('EDGE');

    await bareCommits(consoles);
    expect(await running(lab)).toBe(start);
    expect(consoles.b.out()).not.toMatch(/<EDGE>/);
    close(consoles);
  });

  it('resetting an exercise, with a pager open: every console is back at <HUAWEI>, the running configuration is the start', async () => {
    const lab = await newLab();
    const a = await browserConsole(lab);
    a.c.send({ type: 'exercise.start', id: 'export-policy' });
    await ends(a.out, noticeThenPrompt('Info: The lab was reset for exercise "10. An export policy and Adj-RIB-Out"; uncommitted configurations were discarded.'));
    const start = await running(lab);
    a.c.ws.close();

    const consoles = await busyConsoles(lab);
    // A third browser console waits at `---- More ----` (a small terminal paging the configuration).
    const paged = await browserConsole(lab);
    paged.c.send({ type: 'console.resize', consoleId: paged.id, cols: 80, rows: 5 });
    paged.c.type(paged.id, 'display current-configuration');
    await ends(paged.out, /---- More ----$/);

    consoles.a.c.send({ type: 'exercise.reset' });
    const notice = 'Info: The lab was reset to the start of exercise "10. An export policy and Adj-RIB-Out"; uncommitted configurations were discarded.';
    await allShow(consoles, notice);
    await ends(paged.out, noticeThenPrompt(notice));
    // The pager is gone: a key is a key of a new line again.
    const mark = paged.out().length;
    paged.c.type(paged.id, 'display clock');
    await ends(() => paged.out().slice(mark), /display clock\r\n[\s\S]*<HUAWEI>$/);

    await bareCommits(consoles);
    expect(await running(lab)).toBe(start);
    paged.c.ws.close();
    close(consoles);
  });

  it('restoring a checkpoint: the consoles print the lines it applied, and keep nothing of their own', async () => {
    const lab = await newLab();
    const consoles = await busyConsoles(lab);
    consoles.a.c.send({ type: 'exercise.start', id: 'seed-session' });
    await allShow(consoles, 'Info: The lab was reset for exercise "1. Set up a BMP session"; uncommitted configurations were discarded.');

    // Work in progress again, then the checkpoint of step 2.
    consoles.a.c.type(consoles.a.id, 'system-view', 'bmp', 'bmp-session 10.7.7.7');
    await ends(consoles.a.out, /\[\*HUAWEI-bmp-session-10\.7\.7\.7\]$/);
    consoles.a.c.send({ type: 'exercise.checkpoint', step: 1 });
    const applied = [
      'Info: The lab was reset to the checkpoint of step 2 of exercise "1. Set up a BMP session"; uncommitted configurations were discarded.',
      'Info: Checkpoint applied:',
      '  system-view',
      '  bmp',
      '  bmp-session 10.1.1.1',
      '  tcp connect port 1790',
      '  commit',
      '  return',
    ].join('\r\n');
    await allShow(consoles, applied);
    const checkpoint = await running(lab);
    expect(checkpoint).toContain('bmp-session 10.1.1.1');

    await bareCommits(consoles);
    const after = await running(lab);
    expect(after).toBe(checkpoint);
    expect(after).not.toContain('10.7.7.7');
    expect(after).not.toContain('10.5.5.5');
    close(consoles);
  });
});
