import { describe, expect, it } from 'vitest';
import { encodeBmpMessage, type BmpMessage, type PerPeerHeader } from '@bmp-lab/codec';
import { MessageLog, Station, type Endpoint, type LoggedMessage, type MessageSink, type StationAddress, type StationUpdate } from '../src/index.js';
import { ManualClock } from './manual-clock.js';

// What one router connection may make the station hold and how long it may
// stall: Peer Ups by the thousand cost one card per refresh interval, peers
// and prefixes beyond the bounds close the connection and free its routes, a
// message dripped a byte at a time or a connection that never sends its
// Initiation is closed after the timeout, and the message log is bounded in
// bytes as well as in count.

const STATION: StationAddress = { vpnInstance: null, address: '10.1.1.1', port: 1790 };
const LOCAL: Endpoint = { address: '127.0.0.1', port: 40001 };
const router = (port: number): Endpoint => ({ address: '127.0.0.1', port });

const peer = (n: number): PerPeerHeader => ({
  peerType: 0,
  flags: { ipv6: false, postPolicy: false, legacyAsPath: false, adjRibOut: false },
  distinguisher: '0000000000000000',
  address: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
  asn: 200,
  bgpId: '10.2.2.2',
  timestampSeconds: 0,
  timestampMicroseconds: 0,
});
const open = (asn: number) => ({ type: 'open' as const, version: 4, myAsn: asn, holdTime: 180, bgpId: '10.2.2.2', parameters: [] });
const peerUp = (p: PerPeerHeader) =>
  encodeBmpMessage({ type: 'peer-up', peer: p, localAddress: '10.2.2.1', localPort: 179, remotePort: 50000, sentOpen: open(100), receivedOpen: open(200), tlvs: [] });
const announce = (p: PerPeerHeader, first: number, count: number) => {
  const nlri: string[] = [];
  for (let i = first; i < first + count; i++) nlri.push(`198.${(i >> 8) & 255}.${i & 255}.0/24`);
  const m: BmpMessage = {
    type: 'route-monitoring',
    peer: p,
    update: {
      type: 'update',
      withdrawnRoutes: [],
      pathAttributes: [
        { type: 'origin', value: 'igp' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [200] }] },
        { type: 'nextHop', value: '10.2.2.2' },
      ],
      nlri,
    },
  };
  return encodeBmpMessage(m);
};
const initiation = encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'HUAWEI' }] });
const initiationOf = (bytes: number) => encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'string', value: 'x'.repeat(bytes) }] });

function watch(station: Station): StationUpdate[] {
  const updates: StationUpdate[] = [];
  station.subscribe((u) => updates.push(u));
  return updates;
}
const rejections = (updates: StationUpdate[]) => updates.flatMap((u) => (u.kind === 'error' && u.error.code === 'STATION_REJECTED' ? [u.error.message] : []));

describe('Station bounds', () => {
  it('sends one card per refresh interval however many Peer Ups arrive, with every peer on it', () => {
    const clock = new ManualClock();
    const station = new Station({ clock, bounds: { maxPeers: 100_000 } });
    const updates = watch(station);
    const input = station.accept(STATION, { router: router(50000), local: LOCAL });
    input.receive(initiation);
    const n = 5000;
    for (let i = 0; i < n; i++) input.receive(peerUp(peer(i)));
    // The connection, its Initiation, its first Peer Up: at once; the rest wait for the interval.
    expect(updates.filter((u) => u.kind === 'router').length).toBeLessThanOrEqual(3);
    clock.advance(250);
    const cards = updates.flatMap((u) => (u.kind === 'router' ? [u.router] : []));
    expect(cards.length).toBeLessThanOrEqual(4);
    expect(cards.at(-1)!.peersUp.length).toBe(n);
    expect(cards.at(-1)!.routes.length).toBe(n);
    // A Peer Down of one of them: one view gone, the card follows after the interval.
    input.receive(encodeBmpMessage({ type: 'peer-down', peer: peer(7), reason: { kind: 'peer-de-configured', code: 5 } }));
    clock.advance(250);
    const last = updates.flatMap((u) => (u.kind === 'router' ? [u.router] : [])).at(-1)!;
    expect(last.peersUp.length).toBe(n - 1);
    expect(last.peersUp).not.toContain(peer(7).address);
    expect(station.table(last.id)!.peers).toBe(n - 1);
  });

  it('closes a connection beyond its peers or prefixes, or the station beyond its prefixes, and frees its routes', () => {
    const clock = new ManualClock();
    const station = new Station({ clock, bounds: { maxPeers: 3, maxPrefixes: 1000, maxStationPrefixes: 1500 } });
    const updates = watch(station);
    let hungUp = 0;
    const connect = (port: number) => {
      const input = station.accept(STATION, { router: router(port), local: LOCAL, hangUp: () => hungUp++ });
      expect(input.receive(initiation)).toBe(true);
      return input;
    };

    // Peers: the fourth one closes it.
    const peers = connect(50001);
    for (let i = 0; i < 3; i++) expect(peers.receive(peerUp(peer(i)))).toBe(true);
    expect(peers.receive(peerUp(peer(3)))).toBe(false);
    expect(rejections(updates)).toEqual(['more than 3 monitored peers on one connection; closing the connection']);
    expect(hungUp).toBe(1);
    peers.close();

    // Prefixes of one connection: 1,001 closes it; what it held is gone at once.
    const big = connect(50002);
    for (let i = 0; i < 10; i++) expect(big.receive(announce(peer(1), i * 100, 100))).toBe(true);
    expect(station.prefixes).toBe(1000);
    expect(big.receive(announce(peer(1), 1000, 1))).toBe(false);
    expect(rejections(updates).at(-1)).toBe('more than 1000 prefixes on one connection; closing the connection');
    expect(station.prefixes).toBe(0);
    expect(station.routes({ limit: 10 }).routes).toEqual([]);
    // Nothing more of it is read, not even what follows in the same chunk.
    expect(big.receive(announce(peer(2), 0, 1))).toBe(false);
    expect(station.prefixes).toBe(0);
    big.close();

    // The station's prefixes: a second connection that takes it beyond 1,500 is closed, the first keeps its routes.
    const a = connect(50003);
    a.receive(announce(peer(1), 0, 900));
    const b = connect(50004);
    b.receive(announce(peer(1), 0, 500));
    expect(station.prefixes).toBe(1400);
    expect(b.receive(announce(peer(1), 500, 200))).toBe(false);
    expect(rejections(updates).at(-1)).toBe('the station would hold more than 1500 prefixes across its connections; closing this connection');
    expect(station.prefixes).toBe(900);
    b.close();
    expect(station.prefixes).toBe(900);
    a.close();
    expect(station.prefixes).toBe(0);
    expect(hungUp).toBe(3);
  });

  it('closes a connection that drips a message for 30 s, or sends no Initiation for 30 s; a quiet router stays', () => {
    const clock = new ManualClock();
    const station = new Station({ clock });
    const updates = watch(station);
    const hungUp = new Set<number>();
    const connect = (port: number) => station.accept(STATION, { router: router(port), local: LOCAL, hangUp: () => hungUp.add(port) });

    const drip = connect(50001);
    const quiet = connect(50002);
    connect(50003); // a connection that never sends
    quiet.receive(initiation);
    expect(drip.pending).toBe(true);
    expect(quiet.pending).toBe(false);
    const message = peerUp(peer(1));
    // A byte every 5 s: never idle for long, never done.
    for (let i = 0; i < 6; i++) {
      drip.receive(message.subarray(i, i + 1));
      clock.advance(5000);
      if (i < 5) expect(hungUp.has(50001)).toBe(false);
    }
    expect(hungUp.has(50001)).toBe(true);
    expect(rejections(updates)[0]).toMatch(/^a message begun 30(\.\d)? s ago is still incomplete \(6 bytes so far\); closing the connection$/);
    // The silent one went at 30 s too, for its missing Initiation.
    expect(hungUp.has(50003)).toBe(true);
    expect(rejections(updates)).toContain('no Initiation, and nothing received for 30 s; closing the connection');
    // A router that sent its Initiation may be quiet for as long as it likes, and a message split across reads is fine.
    clock.advance(120_000);
    const split = announce(peer(1), 0, 10);
    quiet.receive(split.subarray(0, 20));
    clock.advance(20_000);
    quiet.receive(split.subarray(20));
    clock.advance(60_000);
    expect(hungUp.has(50002)).toBe(false);
    expect(station.prefixes).toBe(10);
    expect(rejections(updates).length).toBe(2);
  });

  it('keeps the captures of all connections within the station budget, forgetting the oldest closed ones first', () => {
    const station = new Station({ clock: new ManualClock(), pcapLimitBytes: 100_000, pcapStationLimitBytes: 200_000 });
    const big = initiationOf(20_000);
    const captured = () => station.routers().reduce((n, c) => n + (station.pcap(c.id)?.chunks.reduce((m, x) => m + x.bytes.length, 0) ?? 0), 0);
    for (let i = 0; i < 10; i++) {
      const input = station.accept(STATION, { router: router(51000 + i), local: LOCAL });
      for (let k = 0; k < 5; k++) input.receive(big);
      input.close();
      expect(captured()).toBeLessThanOrEqual(200_000);
    }
    // Closed ones are forgotten while they hold more than half of it: an open connection still captures.
    const open = station.accept(STATION, { router: router(52000), local: LOCAL });
    for (let k = 0; k < 4; k++) open.receive(big);
    expect(station.pcap(station.routers().at(-1)!.id)!.chunks.length).toBe(4);
    expect(captured()).toBeLessThanOrEqual(200_000);
    expect(station.routers().length).toBeLessThan(11);
  });

  it('keeps the message log within its bytes, and only the head of a message larger than a BGP speaker sends', () => {
    const stored: LoggedMessage[] = [];
    const sink: MessageSink = { recent: () => [], add: (m) => void stored.push(m), bytes: () => undefined };
    const log = new MessageLog(sink, 2000, 1024 * 1024);
    const origin = { receivedAt: 0, station: 's', router: 'r', connection: 'c', sessionKey: null };
    // What the log is told of each message: only its type matters here (the bytes are not a real message).
    const initiation: BmpMessage = { type: 'initiation', tlvs: [] };
    for (let i = 0; i < 100; i++) log.add(origin, initiation, new Uint8Array(100_000));
    expect(log.bytesHeld).toBeLessThanOrEqual(1024 * 1024);
    expect(log.size).toBe(10);
    expect(log.entries().map((m) => m.seq)).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
    expect(log.bytes(99)?.length).toBe(100_000);
    const huge = new Uint8Array(1024 * 1024).fill(7);
    const logged = log.add(origin, initiation, huge);
    expect(logged.view.length).toBe(1024 * 1024);
    expect(log.bytes(logged.seq)?.length).toBe(128 * 1024);
    expect(stored.at(-1)!.bytes.length).toBe(128 * 1024);
    expect(log.bytesHeld).toBeLessThanOrEqual(1024 * 1024);
    // A restart continues from a sink's messages within the same bounds.
    const again = new MessageLog({ ...sink, recent: (n) => stored.slice(-n) }, 2000, 1024 * 1024);
    expect(again.bytesHeld).toBeLessThanOrEqual(1024 * 1024);
    expect(again.newestSeq).toBe(logged.seq);
  });
});
