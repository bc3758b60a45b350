import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBgpFramer, decodeBgpMessage, encodeBgpMessage } from '@bmp-lab/codec';
import type { BgpMessage } from '@bmp-lab/codec';
import { Device } from '@bmp-lab/router';
import type { StreamConnection } from '@bmp-lab/router';
import { listenStream, systemClock, tcpDial } from '@bmp-lab/router/node';
import { LoopbackLab, TIME_SCALE, configOf, until } from './loopback-lab.js';

/**
 * BGP connection collisions between lab routers (RFC 4271 §6.8; Cease
 * subcode 7, RFC 4486): every configured peer both dials and accepts, and
 * of two connections the one dialled by the higher BGP Identifier stays.
 */
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

/** A raw BGP speaker on one TCP socket: records what it receives. */
interface RawEnd {
  received: BgpMessage[];
  write(m: BgpMessage): void;
  closed: () => boolean;
}

function rawEnd(socket: Socket): RawEnd {
  const received: BgpMessage[] = [];
  const framer = createBgpFramer();
  let closed = false;
  socket.on('data', (chunk) => {
    for (const item of framer.push(new Uint8Array(chunk))) {
      const m = item.ok ? decodeBgpMessage(item.bytes) : null;
      if (m?.ok) received.push(m.value);
    }
  });
  socket.on('close', () => void (closed = true));
  socket.on('error', () => {});
  return { received, write: (m) => void socket.write(encodeBgpMessage(m)), closed: () => closed };
}

const open = (bgpId: string): BgpMessage => ({ type: 'open', version: 4, myAsn: 100, holdTime: 180, bgpId, parameters: [] });
const cease7 = (r: RawEnd) => r.received.some((m) => m.type === 'notification' && m.code === 6 && m.subcode === 7);

/**
 * A router (10.0.0.1, router ID 1.1.1.1, AS 100) whose peer 10.0.0.9 is a
 * raw speaker: the router's dial reaches the raw speaker's listener (its
 * `dialled` end), and the raw speaker's own connection is handed to
 * `acceptBgp` as coming from 10.0.0.9 (its `dialling` end).
 */
async function routerAndRawPeer(): Promise<{ device: Device; dialled: () => RawEnd | undefined; dialIn: () => Promise<RawEnd> }> {
  let dialled: RawEnd | undefined;
  const listener = await listenStream('127.0.0.1', 0, (c) => {
    // The raw speaker needs the socket: the listener's StreamConnection is enough to write and read.
    const received: BgpMessage[] = [];
    const framer = createBgpFramer();
    let closed = false;
    c.onData((bytes) => {
      for (const item of framer.push(bytes)) {
        const m = item.ok ? decodeBgpMessage(item.bytes) : null;
        if (m?.ok) received.push(m.value);
      }
    });
    c.onClose(() => void (closed = true));
    dialled = { received, write: (m) => void c.write(encodeBgpMessage(m)), closed: () => closed };
  });
  cleanup.push(() => listener.close());
  const config = configOf(['bgp 100', 'router-id 1.1.1.1', 'peer 10.0.0.9 as-number 100']);
  const device = new Device({
    dialer: {
      dial: async () => {
        const r = await tcpDial('127.0.0.1', listener.port);
        return r.ok ? { ok: true, connection: labbed(r.connection, '10.0.0.1', '10.0.0.9') } : r;
      },
    },
    clock: systemClock(TIME_SCALE),
    events: { sessionChanged() {}, sessionRemoved() {}, committed() {} },
    initial: config,
  });
  cleanup.push(() => device.shutdown());
  // The router's own listener: what it accepts is handed to acceptBgp as coming from 10.0.0.9.
  const inbound = await listenStream('127.0.0.1', 0, (c) => device.acceptBgp(labbed(c, '10.0.0.1', '10.0.0.9')));
  cleanup.push(() => inbound.close());
  const dialIn = async () => {
    const socket = connect(inbound.port, '127.0.0.1');
    cleanup.push(() => socket.destroy());
    const end = rawEnd(socket);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return end;
  };
  return { device, dialled: () => dialled, dialIn };
}

function labbed(c: StreamConnection, local: string, remote: string): StreamConnection {
  return Object.create(c, { localAddress: { value: local }, remoteAddress: { value: remote } }) as StreamConnection;
}

const peerState = (d: Device, address: string) => d.bgpPeers().find((p) => p.address === address)?.state;

describe('connection collision with one peer (RFC 4271 §6.8)', () => {
  it('a peer with the higher BGP Identifier: its connection stays, ours is closed with Cease / Connection Collision Resolution', async () => {
    const { device, dialled, dialIn } = await routerAndRawPeer();
    await until(() => dialled() !== undefined && dialled()!.received.some((m) => m.type === 'open'), 'the router dialled and sent OPEN');
    const incoming = await dialIn();
    await until(() => incoming.received.some((m) => m.type === 'open'), 'the router answered the incoming connection with OPEN');
    // The peer's OPEN on the router's own connection tells its Identifier (2.2.2.2 > 1.1.1.1): the router keeps the peer's connection.
    dialled()!.write(open('2.2.2.2'));
    await until(() => cease7(dialled()!), 'Cease/7 on the connection the router dialled');
    expect(cease7(incoming)).toBe(false);
    incoming.write(open('2.2.2.2'));
    incoming.write({ type: 'keepalive' });
    await until(() => peerState(device, '10.0.0.9') === 'Established', 'Established on the incoming connection');
    expect(device.bgpPeers()[0]!.established!.peerBgpId).toBe('2.2.2.2');
  });

  it('a peer with the lower BGP Identifier: our connection stays, the incoming one is closed with Cease/7', async () => {
    const { device, dialled, dialIn } = await routerAndRawPeer();
    await until(() => dialled() !== undefined, 'the router dialled');
    const incoming = await dialIn();
    await until(() => incoming.received.some((m) => m.type === 'open'), 'the router answered the incoming connection with OPEN');
    incoming.write(open('0.0.0.9'));
    await until(() => cease7(incoming), 'Cease/7 on the incoming connection');
    dialled()!.write(open('0.0.0.9'));
    dialled()!.write({ type: 'keepalive' });
    await until(() => peerState(device, '10.0.0.9') === 'Established', 'Established on the dialled connection');
    expect(cease7(dialled()!)).toBe(false);
  });

  it('an incoming connection while Established is closed with Cease/7 and the session stays up', async () => {
    const { device, dialled, dialIn } = await routerAndRawPeer();
    await until(() => dialled() !== undefined, 'the router dialled');
    dialled()!.write(open('2.2.2.2'));
    dialled()!.write({ type: 'keepalive' });
    await until(() => peerState(device, '10.0.0.9') === 'Established', 'Established');
    const late = await dialIn();
    await until(() => cease7(late) && late.closed(), 'the late connection got Cease/7 and was closed');
    expect(late.received.some((m) => m.type === 'open')).toBe(false);
    expect(peerState(device, '10.0.0.9')).toBe('Established');
    expect(dialled()!.closed()).toBe(false);
  });
});

describe('two routers that peer with each other', () => {
  const lines = (routerId: string, peer: string) => ['bgp 100', `router-id ${routerId}`, `peer ${peer} as-number 100`];
  // Dial delays (ms) of R1 and R2: both at once, either one slightly first, and one well after the other came up.
  const timings: [number, number][] = [
    [0, 0],
    [0, 2],
    [2, 0],
    [0, 15],
    [15, 0],
    [0, 300],
    [300, 0],
  ];

  it.each(timings)('both dial (R1 after %i ms, R2 after %i ms): one Established session each, on the same connection', async (d1, d2) => {
    const lab = new LoopbackLab();
    cleanup.push(() => lab.close());
    lab.dialDelayMs.set('10.0.0.1', d1);
    lab.dialDelayMs.set('10.0.0.2', d2);
    const r1 = await lab.router('10.0.0.1', lines('1.1.1.1', '10.0.0.2'), false);
    const r2 = await lab.router('10.0.0.2', lines('2.2.2.2', '10.0.0.1'), false);
    r1.start();
    r2.start();
    const info = (d: Device) => d.bgpPeers()[0]!;
    // Settled: both dials finished, and of all connections one is left open (its two ends), Established at both.
    await until(
      () => lab.dialsDone === 2 && lab.openEnds === 2 && info(r1).state === 'Established' && info(r2).state === 'Established',
      'both Established on the one connection left',
    );
    const [a, b] = [info(r1).established!, info(r2).established!];
    // The same TCP connection seen from both ends.
    expect([a.localPort, a.remotePort]).toEqual([b.remotePort, b.localPort]);
    expect(a.peerBgpId).toBe('2.2.2.2');
    expect(b.peerBgpId).toBe('1.1.1.1');
    // The connection that lost got Cease/7: the higher Identifier's dial won, or the one that came up first.
    expect(lab.notifications.filter((n) => n.code === 6 && n.subcode === 7).length).toBeGreaterThan(0);
    if (d1 === d2) expect(a.localPort).toBe(lab.listenPort('10.0.0.1'));
    // Any other NOTIFICATION would be a failure of the session (bad AS, FSM error, hold timer).
    expect(lab.notifications.filter((n) => !(n.code === 6 && n.subcode === 7))).toEqual([]);
  });
});

describe('two internal routers with one router ID (RFC 6286 §2.2)', () => {
  it('refuse each other with Bad BGP Identifier (2/3) and never come up', async () => {
    const lab = new LoopbackLab();
    cleanup.push(() => lab.close());
    const r1 = await lab.router('10.0.0.1', ['bgp 100', 'router-id 1.1.1.1', 'peer 10.0.0.2 as-number 100']);
    const r2 = await lab.router('10.0.0.2', ['bgp 100', 'router-id 1.1.1.1', 'peer 10.0.0.1 as-number 100']);
    await until(() => lab.notifications.some((n) => n.code === 2 && n.subcode === 3), 'a Bad BGP Identifier NOTIFICATION');
    expect(r1.bgpPeers()[0]!.state).not.toBe('Established');
    expect(r2.bgpPeers()[0]!.state).not.toBe('Established');
  });

  it('a router without router-id takes the default its owner gives it, so two lab routers differ', () => {
    const device = new Device({
      dialer: { dial: () => Promise.resolve({ ok: false, error: 'none' }) },
      clock: systemClock(),
      events: { sessionChanged() {}, sessionRemoved() {}, committed() {} },
      defaultRouterId: '10.0.0.2',
    });
    const c = device.openConsole();
    for (const line of ['system-view', 'bgp 100', 'commit']) c.execute(line);
    expect(device.bgpIdentity()).toEqual({ asn: 100, routerId: '10.0.0.2' });
    device.shutdown();
  });
});
