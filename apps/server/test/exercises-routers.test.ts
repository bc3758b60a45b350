import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConfig } from '@bmp-lab/router';
import type { ExerciseStateView, ServerMessage } from '@bmp-lab/protocol';
import type { RunningServer } from '../src/app.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';
import { serveVty, sshShell } from './vty-harness.js';
import type { SshShell } from './vty-harness.js';

/**
 * Exercises of several routers (13 `two-routers`, 14 `route-reflector`): the
 * server adds the routers an exercise needs to the running lab, resets every
 * router's consoles with the exercise, counts a commit on any router as the
 * trainee acting, brings the routers back after a restart, and takes them out
 * again when an exercise without them opens.
 */

let server: RunningServer | null = null;
const shells: SshShell[] = [];
afterEach(async () => {
  for (const s of shells.splice(0)) s.client.end();
  await server?.close();
  server = null;
});

type Client = Awaited<ReturnType<typeof wsClient>>;

const lastState = (c: Client): ExerciseStateView | null | undefined => {
  const m = c.received.filter((x): x is Extract<ServerMessage, { type: 'exercise.state' }> => x.type === 'exercise.state').at(-1);
  return m === undefined ? undefined : m.exercise;
};
const checkState = (c: Client, id: string) => lastState(c)?.checks.find((k) => k.id === id)?.state;

async function openExercise(c: Client, id: string): Promise<void> {
  c.send({ type: 'exercise.start', id });
  await eventually(() => (lastState(c)?.id === id ? true : undefined));
}

/** A new browser console on the router `router`; resolves with its id once its prompt is there. */
async function openOn(c: Client, router: string, consoleId?: string): Promise<{ id: string; resumed: boolean }> {
  const before = c.received.length;
  c.send({ type: 'console.open', router, ...(consoleId ? { consoleId } : {}) });
  const opened = await eventually(() => c.received.slice(before).find((m): m is Extract<ServerMessage, { type: 'console.opened' }> => m.type === 'console.opened'));
  expect(opened.router).toBe(router);
  await eventually(() => /[>\]]$/.test(c.terminal(opened.consoleId)));
  return { id: opened.consoleId, resumed: opened.resumed };
}

/** Terminal output without its cursor movements and erasures (CSI sequences). */
const plain = (bytes: string) => bytes.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
const ends = async (text: () => string, re: RegExp, ms = 8000): Promise<void> => {
  try {
    await eventually(() => re.test(plain(text())), ms);
  } catch {
    throw new Error(`${re} never matched the end of:\n${JSON.stringify(plain(text()).slice(-600))}`);
  }
};

const TITLE = '"13. Two routers, two Loc-RIBs"';

describe('exercises of several routers', () => {
  it("starting two-routers adds R2 to the default lab; R2's browser and SSH consoles follow the reset and the checkpoint", async () => {
    server = await serveVty();
    const s = server;
    expect(s.lab.routerNames()).toEqual(['HUAWEI']);
    const c = await wsClient(s.url);
    await c.hello();
    await openExercise(c, 'two-routers');
    expect(s.lab.routerNames()).toEqual(['HUAWEI', 'R2']);
    // R2 started from the exercise's start: its own router ID and BMP session, nothing of HUAWEI's.
    const r2 = s.lab.router('R2')!;
    expect(r2.address).toBe('10.0.0.2');
    expect(renderConfig(r2.device.running)).toEqual(expect.arrayContaining(['sysname R2', 'bgp 100', ' router-id 2.2.2.2', ' bmp-session 10.1.1.1']));
    expect(renderConfig(r2.device.running)).not.toContain(' router-id 1.1.1.1');

    const con = await openOn(c, 'R2');
    const out = () => c.terminal(con.id);
    await ends(out, /<R2>$/);
    const ssh = await sshShell(s.ssh!.port, 'default.R2');
    shells.push(ssh);
    await ssh.waitFor(/<R2>$/);

    // Work in progress on R2: an uncommitted BMP session.
    c.type(con.id, 'system-view', 'bmp', 'bmp-session 10.5.5.5', 'tcp connect port 1790');
    await ends(out, /\[\*R2-bmp-session-10\.5\.5\.5\]$/);
    c.send({ type: 'exercise.reset' });
    const resetLine = `Info: The lab was reset to the start of exercise ${TITLE}; uncommitted configurations were discarded.`;
    await ends(out, new RegExp(`${resetLine.replace(/[.()"]/g, '\\$&')}\\r\\n<R2>$`));
    await ends(ssh.text, new RegExp(`${resetLine.replace(/[.()"]/g, '\\$&')}\\r\\n<R2>$`));

    // A checkpoint: R2's consoles list what R2 got (its peer HUAWEI), not HUAWEI's lines.
    const mark = out().length;
    c.send({ type: 'exercise.checkpoint', step: 0 });
    await ends(() => out().slice(mark), /Info: Checkpoint applied:[^]*  peer 10\.0\.0\.1 as-number 100[^]*<R2>$/);
    expect(out().slice(mark)).not.toContain('peer 10.0.0.2 as-number 100');
    // R2's facts are judged (R2 reached Established with HUAWEI), and the station names R2's connection R2.
    await eventually(() => (checkState(c, 'peer-huawei') === 'pass' ? true : undefined), 8000);
    const r2Station = await eventually(() => s.lab.station.routers().find((r) => r.sysName === 'R2' && r.closedAt === null));
    expect(r2Station.sessionKey).toMatch(/^R2@/);
    c.ws.close();
  });

  it('a commit on R2 alone is the trainee acting: the checks are judged', async () => {
    server = await serveVty();
    const c = await wsClient(server.url);
    await c.hello();
    await openExercise(c, 'two-routers');
    await eventually(() => (lastState(c)?.checks.every((k) => k.state === 'pending') ? true : undefined));
    const con = await openOn(c, 'R2');
    c.type(con.id, 'system-view', 'bgp 100', 'peer 10.0.0.1 as-number 100', 'commit', 'return');
    // R2 has no `route-mode … local-rib`: judged now, that is red.
    await eventually(() => (checkState(c, 'mode-r2') === 'fail' ? true : undefined));
    c.ws.close();
  });

  it('opening an exercise without R2 takes R2 out of the lab: its consoles are told why and logged out, its BMP session terminates', async () => {
    server = await serveVty();
    const s = server;
    const c = await wsClient(s.url);
    await c.hello();
    await openExercise(c, 'two-routers');
    const listeners = s.labs.budget.listeners;
    const con = await openOn(c, 'R2');
    // A user of R2 over SSH too.
    const ssh = await sshShell(s.ssh!.port, 'default.R2');
    shells.push(ssh);
    await ssh.waitFor(/<R2>$/);
    // R2's start has a BMP session to the station: its connection is up before R2 goes.
    const r2Station = await eventually(() => s.lab.station.routers().find((r) => r.sysName === 'R2' && r.closedAt === null));

    await openExercise(c, 'seed-session');
    await ends(() => c.terminal(con.id), /Info: Router R2 was removed from the lab: exercise "1\.[^"]*" does not use it\. This console is logged out\.\r\n/);
    // The SSH user reads the same line, then the connection ends (as from a device that went away).
    await ssh.closed;
    expect(plain(ssh.text())).toMatch(/Info: Router R2 was removed from the lab: exercise "1\.[^"]*" does not use it\. This console is logged out\./);
    expect(s.lab.routerNames()).toEqual(['HUAWEI']);
    // Its address leads nowhere now: a dial to it fails as an unreachable host, not at a closed loopback port.
    expect(s.lab.network.resolve({ address: '10.0.0.2', port: 179, vpnInstance: null })).toEqual({ error: 'host 10.0.0.2 unreachable' });
    await eventually(() => s.lab.log.recent().some((m) => m.connection === r2Station.id && m.type === 'termination'));
    // The console is gone: input to it is refused.
    const before = c.received.length;
    c.type(con.id, 'display version');
    await eventually(() => c.received.slice(before).find((m) => m.type === 'error' && m.code === 'unknown-console'));
    // Opening two-routers again brings R2 back, fresh.
    await openExercise(c, 'two-routers');
    expect(s.lab.routerNames()).toEqual(['HUAWEI', 'R2']);
    await openOn(c, 'R2');
    // R2's new listener took the slot the removed one gave back: switching exercises does not use up the listener budget.
    expect(s.labs.budget.listeners).toBe(listeners);
    c.ws.close();
  });

  it('a restart with two-routers open brings R2 back with its configuration and its console, in the default lab and in a created one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-ex-routers-'));
    server = await serveVty({ BMPLAB_DATA_DIR: dir });
    let s = server;
    const created = await s.labs.create(s.lab.options.topology);
    const consoles = new Map<string, string>();
    for (const labId of ['default', created.id]) {
      const c = await wsClient(s.url, labId);
      await c.hello();
      await openExercise(c, 'two-routers');
      c.send({ type: 'exercise.checkpoint', step: 0 });
      await eventually(() => (checkState(c, 'peer-huawei') === 'pass' ? true : undefined), 8000);
      const con = await openOn(c, 'R2');
      c.type(con.id, 'display bgp peer');
      await ends(() => c.terminal(con.id), /Established[^]*<R2>$/);
      consoles.set(labId, con.id);
      c.ws.close();
    }
    await s.close();
    server = await serveVty({ BMPLAB_DATA_DIR: dir });
    s = server;
    for (const labId of ['default', created.id]) {
      const lab = s.labs.get(labId)!;
      expect(lab.routerNames()).toEqual(['HUAWEI', 'R2']);
      expect(renderConfig(lab.router('R2')!.device.running)).toContain(' peer 10.0.0.1 as-number 100');
      const c = await wsClient(s.url, labId);
      await c.hello();
      expect(lastState(c)?.id).toBe('two-routers');
      const resumed = await openOn(c, 'R2', consoles.get(labId));
      expect(resumed).toEqual({ id: consoles.get(labId), resumed: true });
      // The scrollback came back with it, and R2 peers with HUAWEI again.
      expect(c.terminal(resumed.id)).toContain('display bgp peer');
      await eventually(() => (lab.router('R2')!.device.bgpPeers()[0]?.state === 'Established' ? true : undefined), 8000);
      c.ws.close();
    }
  });
});
