import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBmpMessage } from '@bmp-lab/codec';
import type { BmpMessage, PerPeerHeader } from '@bmp-lab/codec';
import { peerHeader as samplePeerHeader } from '@bmp-lab/test-support';
import type { ExerciseProgressEntry, ExerciseStateView, ServerMessage } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

// Progress through the ladder is the lab's, kept on the server: it survives
// opening another exercise and a restart. Wire checks count only what the
// station received on connections opened after the exercise's (re)start.

let server: RunningServer | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = null;
});

const start = async (env: Record<string, string> = {}) => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', ...env }));
  return server;
};

type Client = Awaited<ReturnType<typeof wsClient>>;
type StateMessage = Extract<ServerMessage, { type: 'exercise.state' }>;
const lastMessage = (c: Client): StateMessage | undefined => c.received.filter((x): x is StateMessage => x.type === 'exercise.state').at(-1);
const lastState = (c: Client): ExerciseStateView | null | undefined => lastMessage(c)?.exercise;
const progressOf = (c: Client): ExerciseProgressEntry[] | undefined => lastMessage(c)?.progress;
const stateOf = (c: Client, check: string) => lastState(c)?.checks.find((k) => k.id === check);

const finished = (c: Client, id: string) =>
  eventually(() => {
    const s = lastState(c);
    return s?.id === id && s.completedAt !== null && progressOf(c)?.some((p) => p.id === id) ? s : undefined;
  }, 10_000);

describe('exercise progress', () => {
  it('marks finished exercises, done alone apart from done with a checkpoint, and keeps them across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-progress-'));
    let s = await start({ BMPLAB_DATA_DIR: dir });
    let c = await wsClient(s.url);
    await c.hello();
    expect(progressOf(c)).toEqual([]);

    // Solved by typing: done on one's own.
    c.send({ type: 'exercise.start', id: 'seed-session' });
    await eventually(() => (lastState(c)?.id === 'seed-session' ? true : undefined));
    const con = await c.open();
    c.type(con, 'system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return');
    await finished(c, 'seed-session');

    // Solved by restoring the last checkpoint: done with a checkpoint.
    c.send({ type: 'exercise.start', id: 'termination' });
    await eventually(() => (lastState(c)?.id === 'termination' ? true : undefined));
    c.send({ type: 'exercise.checkpoint', step: 0 });
    await finished(c, 'termination');

    // Opening another exercise forgets nothing.
    c.send({ type: 'exercise.start', id: 'loc-rib' });
    await eventually(() => (lastState(c)?.id === 'loc-rib' ? true : undefined));
    const want = [
      { id: 'seed-session', withCheckpoint: false },
      { id: 'termination', withCheckpoint: true },
    ];
    expect(progressOf(c)).toMatchObject(want);
    c.ws.close();
    await s.close();

    s = await start({ BMPLAB_DATA_DIR: dir });
    c = await wsClient(s.url);
    await c.hello();
    const restored = await eventually(() => progressOf(c));
    expect(restored).toMatchObject(want);
    expect(restored.every((p) => typeof p.completedAt === 'number')).toBe(true);
    expect(lastState(c)?.id).toBe('loc-rib');
    c.ws.close();
  });
});

const peerHeader: PerPeerHeader = samplePeerHeader('10.2.2.2', 200, { timestampSeconds: 1_700_000_000 });
const open = (asn: number, bgpId: string) => ({
  type: 'open' as const,
  version: 4,
  myAsn: asn,
  holdTime: 180,
  bgpId,
  parameters: [
    {
      type: 'capabilities' as const,
      capabilities: [
        { type: 'multiprotocol' as const, afi: 1, safi: 1 },
        { type: 'fourOctetAs' as const, asn },
      ],
    },
  ],
});
const initiation: BmpMessage = { type: 'initiation', tlvs: [{ type: 'sysName', value: 'HUAWEI' }] };
const peerUp: BmpMessage = {
  type: 'peer-up',
  peer: peerHeader,
  localAddress: '10.2.2.1',
  localPort: 179,
  remotePort: 50000,
  sentOpen: open(100, '1.1.1.1'),
  receivedOpen: open(200, '10.2.2.2'),
  tlvs: [],
};

/** A BMP speaker of the test's own on the lab's station 10.1.1.1:1790 (loopback). */
async function speaker(s: RunningServer): Promise<Socket> {
  const endpoint = s.lab.stationEndpoints().find((e) => e.name === '10.1.1.1:1790');
  if (!endpoint) throw new Error('the lab has no station 10.1.1.1:1790');
  const socket = connect({ host: endpoint.host, port: endpoint.port });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

const logged = (s: RunningServer, type: string, after: number) => eventually(() => s.lab.log.recent().find((m) => m.type === type && m.seq >= after));

describe('wire checks after a reset', () => {
  it('ignore what arrives on a connection that was open before the reset; a new connection counts', async () => {
    const s = await start();
    const c = await wsClient(s.url);
    await c.hello();
    c.send({ type: 'exercise.start', id: 'monitor-peers' });
    await eventually(() => (lastState(c)?.id === 'monitor-peers' ? true : undefined));

    const old = await speaker(s);
    old.write(encodeBmpMessage(initiation));
    await logged(s, 'initiation', 0);

    const before = lastState(c)!.startedAt;
    c.send({ type: 'exercise.reset' });
    await eventually(() => ((lastState(c)?.startedAt ?? 0) > before ? true : undefined));
    // The reset's own messages (the router's sessions closing) are logged by now or later; what counts starts here.
    const resetAt = (s.lab.log.recent().at(-1)?.seq ?? -1) + 1;

    // After the reset, the connection from before it reports a Peer Up for 10.2.2.2 …
    old.write(encodeBmpMessage(peerUp));
    await logged(s, 'peer-up', resetAt);
    // … and the trainee commits BGP without monitoring: the router itself sends no Peer Up.
    const con = await c.open();
    c.type(con, 'system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'peer 10.3.3.3 as-number 300', 'commit', 'return');
    await eventually(() => (stateOf(c, 'peer-2')?.state === 'pass' ? true : undefined), 10_000);
    expect(stateOf(c, 'peer-up-2')?.state).toBe('pending');

    // A connection opened after the reset is evidence.
    const fresh = await speaker(s);
    fresh.write(encodeBmpMessage(initiation));
    fresh.write(encodeBmpMessage(peerUp));
    await eventually(() => (stateOf(c, 'peer-up-2')?.state === 'pass' ? true : undefined), 5000);
    c.ws.close();
  });

  it('no check is judged after opening an exercise until the trainee commits', async () => {
    const s = await start();
    const c = await wsClient(s.url);
    await c.hello();
    // The troubleshooting lab starts broken: nothing is red until the trainee acts.
    c.send({ type: 'exercise.start', id: 'troubleshoot' });
    await eventually(() => (lastState(c)?.id === 'troubleshoot' ? true : undefined));
    // Let the broken session try (and fail) to dial, and BGP to try, before looking.
    await eventually(() => (s.lab.device.bmpSessions()[0]?.downReason ? true : undefined), 5000);
    expect(lastState(c)!.checks.map((k) => k.state)).toEqual(['pending', 'pending', 'pending', 'pending']);
    const con = await c.open();
    c.type(con, 'system-view', 'sysname R1', 'commit', 'return');
    const up = await eventually(() => (stateOf(c, 'up')?.state === 'fail' ? stateOf(c, 'up') : undefined), 5000);
    // A nudge, not the fault.
    expect(up.detail).toMatch(/down: why\?/);
    expect(up.detail).not.toContain('1799');
    c.ws.close();
  });
});
