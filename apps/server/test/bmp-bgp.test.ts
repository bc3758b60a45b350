import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBgpFramer, decodeBgpMessage } from '@bmp-lab/codec';
import type { BgpMessage, BmpMessage } from '@bmp-lab/codec';
import { BGP_PORT, cloneConfig } from '@bmp-lab/router';
import type { DeviceConfig } from '@bmp-lab/router';
import { eventually } from './lab-harness.js';
import { labConfig, rawStation, startBgpLab } from './bgp-lab.js';

/**
 * The router's BGP peers come up against the lab's neighbors over real TCP,
 * and a BMP session reports them to a station on 127.0.0.1: Peer Up with
 * both OPENs, the neighbors' routes, End-of-RIB, Statistics Reports, Peer
 * Down with the reason, Termination.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});
const station = () => rawStation(cleanup);

/**
 * A TCP proxy to 127.0.0.1:`port` that decodes the BGP messages going each way
 * (client: the router, server: the lab neighbor), to check them on the wire.
 */
async function recordingProxy(port: number) {
  const seen = { fromClient: [] as BgpMessage[], fromServer: [] as BgpMessage[] };
  const record = (into: BgpMessage[]) => {
    const framer = createBgpFramer();
    return (chunk: Buffer) => {
      for (const item of framer.push(new Uint8Array(chunk))) {
        if (!item.ok) throw new Error(item.error.message);
        const m = decodeBgpMessage(item.bytes);
        if (!m.ok) throw new Error(m.error.message);
        into.push(m.value);
      }
    };
  };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', record(seen.fromClient));
    upstream.on('data', record(seen.fromServer));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanup.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise((r) => server.close(() => r()));
  });
  return { port: (server.address() as { port: number }).port, fromClient: () => seen.fromClient, fromServer: () => seen.fromServer };
}
const startLab = (config: DeviceConfig) => startBgpLab(config, cleanup);

const prefixesOf = (ms: BmpMessage[], pred: (m: Extract<BmpMessage, { type: 'route-monitoring' }>) => boolean) =>
  ms.flatMap((m) => (m.type === 'route-monitoring' && pred(m) ? m.update.nlri : [])).sort();

describe('BGP peers and BMP monitoring', () => {
  it('brings both peers up and reports them, their routes, the Loc-RIB and statistics', async () => {
    const st = await station();
    const lab = await startLab(labConfig(st.port));
    await eventually(() => lab.device.bgpPeers().every((p) => p.state === 'Established') && lab.device.bgpPeers().length === 2);

    const ms = st.messages;
    // Both neighbors' tables are complete once each adj-rib-in feed got its End-of-RIB.
    await eventually(
      () =>
        ms.filter((m) => m.type === 'route-monitoring' && m.update.nlri.length === 0 && m.update.withdrawnRoutes.length === 0 && m.peer.peerType === 0 && !m.peer.flags.adjRibOut)
          .length >= 4,
    );
    await eventually(() => ms.some((m) => m.type === 'statistics-report'));

    expect(ms[0]).toMatchObject({ type: 'initiation', tlvs: [{ type: 'sysDescr' }, { type: 'sysName', value: 'HUAWEI' }] });
    const peerUps = ms.filter((m) => m.type === 'peer-up');
    const upKeys = peerUps.map((m) =>
      m.peer.peerType === 3 ? 'loc-rib' : `${m.peer.address} ${m.peer.flags.adjRibOut ? 'out' : 'in'} ${m.peer.flags.postPolicy ? 'post' : 'pre'}`,
    );
    expect(upKeys.sort()).toEqual(['10.2.2.2 in post', '10.2.2.2 in pre', '10.2.2.2 out post', '10.3.3.3 in post', '10.3.3.3 in pre', '10.3.3.3 out post', 'loc-rib']);
    const up2 = peerUps.find((m) => m.peer.address === '10.2.2.2' && m.peer.peerType === 0)!;
    expect(up2.type === 'peer-up' && up2.sentOpen).toMatchObject({ myAsn: 100, bgpId: '1.1.1.1' });
    expect(up2.type === 'peer-up' && up2.receivedOpen).toMatchObject({ myAsn: 200, bgpId: '10.2.2.2' });
    expect(up2.peer).toMatchObject({ asn: 200, bgpId: '10.2.2.2' });

    // Adj-RIB-In post-policy of 10.2.2.2: exactly the neighbor's prefixes, with its attributes.
    const in2 = (m: Extract<BmpMessage, { type: 'route-monitoring' }>) =>
      m.peer.peerType === 0 && m.peer.address === '10.2.2.2' && !m.peer.flags.adjRibOut && m.peer.flags.postPolicy;
    expect(prefixesOf(ms, in2)).toEqual(['192.0.2.128/25', '198.18.0.0/24', '198.18.1.0/24', '198.18.4.0/24', '203.0.113.0/24']);
    const rm = ms.find((m) => m.type === 'route-monitoring' && in2(m) && m.update.nlri.includes('203.0.113.0/24'));
    expect(rm?.type === 'route-monitoring' && rm.update.pathAttributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'asPath', segments: [{ type: 'sequence', asns: [200] }] }),
        expect.objectContaining({ type: 'nextHop', value: '10.2.2.2' }),
        expect.objectContaining({ type: 'multiExitDisc', value: 10 }),
        expect.objectContaining({ type: 'communities', values: ['200:1'] }),
      ]),
    );
    // Loc-RIB: every best route once; 198.18.0.0/24 via AS 200 and 198.18.4.0/24 via AS 300 (shorter paths), plus our own network.
    const loc = (m: Extract<BmpMessage, { type: 'route-monitoring' }>) => m.peer.peerType === 3;
    await eventually(() => prefixesOf(ms, loc).length >= 9);
    const locRoutes = ms.flatMap((m) => (m.type === 'route-monitoring' && loc(m) ? m.update.nlri.map((p) => [p, m.update.pathAttributes] as const) : []));
    const best = new Map(locRoutes);
    expect([...best.keys()].sort()).toEqual([
      '172.16.0.0/16',
      '192.0.2.128/25',
      '198.18.0.0/24',
      '198.18.1.0/24',
      '198.18.2.0/24',
      '198.18.3.0/24',
      '198.18.4.0/24',
      '198.51.100.0/24',
      '203.0.113.0/24',
    ]);
    expect(best.get('198.18.0.0/24')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'nextHop', value: '10.2.2.2' })]));
    expect(best.get('198.18.4.0/24')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'nextHop', value: '10.3.3.3' })]));
    // Adj-RIB-Out to 10.3.3.3: what we advertise, our AS first, next hop self, nothing learned from 10.3.3.3 itself.
    const out3 = (m: Extract<BmpMessage, { type: 'route-monitoring' }>) => m.peer.peerType === 0 && m.peer.address === '10.3.3.3' && m.peer.flags.adjRibOut;
    await eventually(() => prefixesOf(ms, out3).includes('203.0.113.0/24'));
    const adv = ms.find((m) => m.type === 'route-monitoring' && out3(m) && m.update.nlri.includes('203.0.113.0/24'));
    expect(adv?.type === 'route-monitoring' && adv.update.pathAttributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'asPath', segments: [{ type: 'sequence', asns: [100, 200] }] }),
        expect.objectContaining({ type: 'nextHop', value: '1.1.1.1' }),
      ]),
    );
    expect(prefixesOf(ms, out3)).not.toContain('198.51.100.0/24');

    // Statistics: real counts (5 routes in 10.2.2.2's Adj-RIB-In).
    await eventually(() => ms.some((m) => m.type === 'statistics-report' && m.peer.address === '10.2.2.2'));
    const stats = ms.find((m) => m.type === 'statistics-report' && m.peer.peerType === 0 && m.peer.address === '10.2.2.2' && !m.peer.flags.adjRibOut);
    expect(stats?.type === 'statistics-report' && stats.stats).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 7, value: 5n }), expect.objectContaining({ type: 9, afi: 1, safi: 1, value: 5n })]),
    );
  });

  it('a removed peer gets Peer Down (local NOTIFICATION, Cease / Peer De-configured); undo bmp-session ends with Termination', async () => {
    const st = await station();
    const config = labConfig(st.port);
    const lab = await startLab(config);
    await eventually(() => lab.device.bgpPeers().filter((p) => p.state === 'Established').length === 2);
    await eventually(() => st.messages.filter((m) => m.type === 'peer-up').length === 7);

    const next = cloneConfig(config);
    next.bgp!.peers = next.bgp!.peers.filter((p) => p.address !== '10.2.2.2');
    lab.device.commit(next);
    const downs = await eventually(() => {
      const d = st.messages.filter((m) => m.type === 'peer-down');
      return d.length >= 1 && d;
    });
    for (const d of downs) {
      expect(d.type === 'peer-down' && d.peer.address).toBe('10.2.2.2');
      expect(d.type === 'peer-down' && d.reason).toMatchObject({ kind: 'local-notification', code: 1, notification: { code: 6, subcode: 3 } });
    }
    // Its routes leave the Loc-RIB: 198.18.0.0/24 now goes via AS 300, the rest of AS 200's prefixes are withdrawn.
    await eventually(() => st.messages.some((m) => m.type === 'route-monitoring' && m.peer.peerType === 3 && m.update.withdrawnRoutes.includes('203.0.113.0/24')));

    const last = cloneConfig(next);
    last.bmp!.sessions = [];
    lab.device.commit(last);
    await eventually(() => st.messages.at(-1)?.type === 'termination');
    // One Peer Down for the peer, though it had three feeds (in pre, in post, out post): the Termination ends
    // the stream, so any other Peer Down would have come before it.
    expect(st.messages.filter((m) => m.type === 'peer-down')).toHaveLength(1);
  });

  it('a neighbor refuses the wrong AS with NOTIFICATION Bad Peer AS on the wire, and the peer never comes up', async () => {
    const st = await station();
    const config = labConfig(st.port);
    config.bgp!.asNumber = 65000;
    // Start without peers, put a recording proxy in front of neighbor 10.2.2.2, then configure the peers.
    const withoutPeers = cloneConfig(config);
    withoutPeers.bgp!.peers = [];
    withoutPeers.bgp!.ipv4Unicast!.enabledPeers = [];
    const lab = await startLab(withoutPeers);
    const neighbor = lab.neighborEndpoints().find((n) => n.address === '10.2.2.2')!;
    const proxy = await recordingProxy(neighbor.port);
    lab.network.attach('10.2.2.2', BGP_PORT, { host: '127.0.0.1', port: proxy.port });
    lab.device.commit(config);

    // Each attempt (ConnectRetry is 32 s, 0.64 s at the lab's 50x clock) ends with the neighbor's NOTIFICATION
    // OPEN Message Error / Bad Peer AS carrying the AS it was sent (RFC 4271 §6.2): wait for two.
    const notifications = await eventually(() => {
      const n = proxy.fromServer().filter((m) => m.type === 'notification');
      return n.length >= 2 && n;
    }, 10_000);
    for (const n of notifications) expect(n).toEqual({ type: 'notification', code: 2, subcode: 2, data: Uint8Array.of(65000 >> 8, 65000 & 0xff) });
    expect(
      proxy
        .fromClient()
        .filter((m) => m.type === 'open')
        .map((m) => m.type === 'open' && m.myAsn),
    ).toEqual([65000, 65000]);
    expect(proxy.fromServer().some((m) => m.type === 'keepalive')).toBe(false);
    expect(lab.device.bgpPeers().find((p) => p.address === '10.2.2.2')?.state).not.toBe('Established');
    // The BMP stream never had a Peer Up for an Adj-RIB peer: only the Loc-RIB's.
    await eventually(() => st.messages.some((m) => m.type === 'peer-up'));
    expect(st.messages.filter((m) => m.type === 'peer-up').map((m) => m.peer.peerType)).toEqual([3]);
  });

  it('a station that goes away gets everything again after ConnectRetry', async () => {
    const st = await station();
    const lab = await startLab(labConfig(st.port));
    await eventually(() => st.messages.filter((m) => m.type === 'peer-up').length === 7);
    const before = st.messages.length;
    for (const s of st.sockets) s.destroy();
    await eventually(() => lab.device.bmpSessions()[0]?.state === 'down');
    expect(lab.device.bmpSessions()[0]).toMatchObject({ downReason: 'Peer Closed' });
    expect(lab.device.bmpSessions()[0]!.connectRetryAt).not.toBeNull();
    await eventually(() => st.messages.slice(before).filter((m) => m.type === 'peer-up').length === 7, 5000);
    expect(st.messages[before]).toMatchObject({ type: 'initiation' });
    expect(lab.device.bmpSessions()[0]).toMatchObject({ state: 'up', connects: 2 });
  });

  it('two stations on one address, told apart by alias, receive identical message sequences', async () => {
    const a = await station();
    const b = await station();
    const config = labConfig(a.port);
    const first = config.bmp!.sessions[0]!;
    config.bmp!.sessions = [
      { ...first, alias: 'a', port: a.port },
      { ...first, alias: 'b', port: b.port },
    ];
    // BGP first, so both sessions start from the same converged state.
    const lab = await startLab({ ...cloneConfig(config), bmp: null });
    await eventually(() => lab.device.bgpPeers().every((p) => p.prefixesReceived === 5) && lab.device.bgpPeers().length === 2);
    lab.device.commit(config);
    await eventually(() => a.messages.filter((m) => m.type === 'statistics-report').length >= 4 && b.messages.filter((m) => m.type === 'statistics-report').length >= 4);
    // Compare what each station got, message by message, without the per-peer timestamps.
    const shape = (ms: BmpMessage[]) =>
      JSON.stringify(
        ms.map((m) => ('peer' in m ? { ...m, peer: { ...m.peer, timestampSeconds: 0, timestampMicroseconds: 0 } } : m)),
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      );
    const n = Math.min(a.messages.length, b.messages.length);
    expect(shape(a.messages.slice(0, n))).toBe(shape(b.messages.slice(0, n)));
    expect(n).toBeGreaterThan(20);
  });
});
