import { describe, expect, it } from 'vitest';
import { encodeBmpMessage, type PerPeerHeader } from '@bmp-lab/codec';
import { LoggedMessage, Station, type Endpoint, type MessageSink, type StationAddress, type StationUpdate } from '../src/index.js';
import { ManualClock } from './manual-clock.js';

// The station as one aggregate: what it holds per router connection (the
// routes per peer and view follow announcements, RFC 7606 treat-as-withdraw
// errors, Peer Down and the end of the connection), the updates it emits, the
// session that opened a connection, and its message log with a sink.

const STATION: StationAddress = { vpnInstance: null, address: '10.1.1.1', port: 1790 };
const LOCAL: Endpoint = { address: '127.0.0.1', port: 40001 };
const ROUTER: Endpoint = { address: '127.0.0.1', port: 50000 };

const peer = (address: string, postPolicy = false): PerPeerHeader => ({
  peerType: 0,
  flags: { ipv6: false, postPolicy, legacyAsPath: false, adjRibOut: false },
  distinguisher: '0000000000000000',
  address,
  asn: 200,
  bgpId: address,
  timestampSeconds: 0,
  timestampMicroseconds: 0,
});
const announce = (p: PerPeerHeader, nlri: string[]) =>
  encodeBmpMessage({
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
  });

describe('Station routes', () => {
  it('holds what each peer and view announced, drops what RFC 7606 withdraws, a Peer Down and a closed connection', () => {
    const station = new Station({ clock: new ManualClock() });
    const stream = station.accept(STATION, { router: ROUTER, local: LOCAL });
    const routes = () => station.routers()[0]!.routes.map((r) => `${r.peer} ${r.view} ${r.prefixes}`);
    stream.receive(encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'HUAWEI' }] }));
    stream.receive(announce(peer('10.2.2.2'), ['203.0.113.0/24', '198.18.0.0/24', '198.18.1.0/24']));
    stream.receive(announce(peer('10.2.2.2', true), ['203.0.113.0/24', '198.18.0.0/24']));
    stream.receive(announce(peer('10.3.3.3'), ['198.51.100.0/24']));
    expect(routes()).toEqual(['10.2.2.2 adj-rib-in pre-policy 3', '10.2.2.2 adj-rib-in post-policy 2', '10.3.3.3 adj-rib-in pre-policy 1']);

    // The pre-policy UPDATE again for one prefix, its AS_PATH segment type broken (RFC 7606 §7.2: treat-as-withdraw).
    const broken = announce(peer('10.2.2.2'), ['198.18.1.0/24']);
    const segmentType = 6 + 42 + 19 + 2 + 2 + 4 + 3;
    expect(broken[segmentType]).toBe(2); // AS_SEQUENCE
    broken[segmentType] = 7;
    stream.receive(broken);
    expect(routes()).toEqual(['10.2.2.2 adj-rib-in pre-policy 2', '10.2.2.2 adj-rib-in post-policy 2', '10.3.3.3 adj-rib-in pre-policy 1']);

    stream.receive(encodeBmpMessage({ type: 'peer-down', peer: peer('10.2.2.2'), reason: { kind: 'peer-de-configured', code: 5 } }));
    expect(routes()).toEqual(['10.3.3.3 adj-rib-in pre-policy 1']);
    stream.close();
    expect(routes()).toEqual([]);
  });
});

const initiation = encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'HUAWEI' }] });

function watch(station: Station): StationUpdate[] {
  const updates: StationUpdate[] = [];
  // A copy of a card as it was when emitted: the station sends its cards as they are, and goes on changing them (a
  // logged message does not change).
  station.subscribe((u) => updates.push(u.kind === 'message' ? u : structuredClone(u)));
  return updates;
}

/** Updates in words: `router <sysName> <session>`, `message <seq> <type> <session>`, `error <code>`, `catch-up`. */
function words(updates: StationUpdate[]): string[] {
  return updates.map((u) =>
    u.kind === 'router'
      ? `router ${u.router.sysName} ${u.router.sessionKey} ${u.router.closedAt === null ? 'open' : 'closed'} ${u.router.routes.map((r) => r.prefixes).join('+')}`
      : u.kind === 'message'
        ? `message ${u.logged.seq} ${u.logged.view.type} ${u.logged.view.sessionKey}`
        : u.kind === 'error'
          ? `error ${u.error.code}`
          : u.kind,
  );
}

describe('Station updates', () => {
  it('a new card at once, every message once, the card again on a first message of a type, route counts at most every refresh interval', () => {
    const clock = new ManualClock(1000);
    const station = new Station({ clock });
    const updates = watch(station);
    const input = station.accept(STATION, { router: ROUTER, local: LOCAL });
    expect(updates[0]).toMatchObject({ kind: 'router', router: { id: '10.1.1.1:1790<-127.0.0.1:50000', station: '10.1.1.1:1790', router: '127.0.0.1:50000', connectedAt: 1000 } });
    input.receive(initiation);
    for (const nlri of ['198.18.0.0/24', '198.18.1.0/24', '198.18.2.0/24']) input.receive(announce(peer('10.2.2.2'), [nlri]));
    expect(words(updates)).toEqual([
      'router null null open ',
      'message 0 initiation null',
      'router HUAWEI null open ',
      'message 1 route-monitoring null',
      'router HUAWEI null open 1',
      'message 2 route-monitoring null',
      'message 3 route-monitoring null',
    ]);
    const message = updates[1]!;
    expect(message).toMatchObject({ kind: 'message', decoded: { type: 'initiation' } });
    expect(message.kind === 'message' && message.logged.view).toMatchObject({
      connection: '10.1.1.1:1790<-127.0.0.1:50000',
      summary: 'sysName=HUAWEI',
      peer: null,
      peerView: null,
    });
    clock.advance(250);
    expect(words(updates.slice(7))).toEqual(['router HUAWEI null open 3']);
    input.close();
    expect(words(updates.slice(8))).toEqual(['router HUAWEI null closed ']);
    expect(station.pcap('10.1.1.1:1790<-127.0.0.1:50000')).toMatchObject({ client: ROUTER, server: { address: '10.1.1.1', port: 1790 }, closedAt: 1250 });
    expect(station.pcap('10.1.1.1:1790<-127.0.0.1:50000')!.chunks).toHaveLength(4);
  });

  it('reports a connection that sends garbage: its first errors, the rest summed up, the rejection, the end', () => {
    const lines: string[] = [];
    const station = new Station({ clock: new ManualClock(), errorsShownPerConnection: 2, log: (l) => lines.push(l) });
    const updates = watch(station);
    const input = station.accept(STATION, { router: ROUTER, local: LOCAL });
    const garbage = new Uint8Array([3, 0, 0, 0, 10, 4, 0, 0, 0xff, 0xff]); // an Initiation whose TLV claims 65535 bytes
    let open = true;
    for (let i = 0; i < 1000 && open; i++) open = input.receive(garbage);
    expect(open).toBe(false);
    input.close();
    expect(words(updates)).toEqual([
      'router null null open ',
      'error BMP_BAD_TLV_LENGTH',
      'error BMP_BAD_TLV_LENGTH',
      'error BMP_BAD_TLV_LENGTH',
      'error STATION_REJECTED',
      'router null null open ',
      'router null null closed ',
    ]);
    expect(updates[3]).toMatchObject({
      error: { message: expect.stringMatching(/^998 more errors from 127\.0\.0\.1:50000 \(shown one by one only for the first 2\); the latest: /) },
    });
    expect(lines).toEqual(['station 10.1.1.1:1790 closed the connection from 127.0.0.1:50000: 1000 messages failed to decode; closing the connection']);
  });
});

describe('Station session links', () => {
  it('names the session that opened a connection, whether its dial or the station’s accept comes first', () => {
    const station = new Station({ clock: new ManualClock() });
    const updates = watch(station);
    // The dial first: the station accepts on a dual-stack socket, which names IPv4 ends in their IPv6-mapped form.
    station.linkSession({ router: { address: '127.0.0.1', port: 50001 }, station: LOCAL }, { sessionKey: 'k1', inLab: { address: '10.0.0.1', port: 50001 } });
    const a = station.accept(STATION, { router: { address: '::ffff:127.0.0.1', port: 50001 }, local: { address: '::ffff:127.0.0.1', port: LOCAL.port } });
    a.receive(initiation);
    // The accept first: the card names the session as soon as the dial is recorded, before any message.
    const b = station.accept(STATION, { router: { address: '127.0.0.1', port: 50002 }, local: LOCAL });
    station.linkSession({ router: { address: '127.0.0.1', port: 50002 }, station: LOCAL }, { sessionKey: 'k2', inLab: null });
    b.receive(initiation);
    // Another station's connection from the same router port is not this one.
    station.linkSession({ router: { address: '127.0.0.1', port: 50003 }, station: { address: '127.0.0.1', port: 40999 } }, { sessionKey: 'k3', inLab: null });
    const c = station.accept(STATION, { router: { address: '127.0.0.1', port: 50003 }, local: LOCAL });
    c.receive(initiation);
    expect(words(updates)).toEqual([
      'router null k1 open ',
      'message 0 initiation k1',
      'router HUAWEI k1 open ',
      'router null null open ',
      'router null k2 open ',
      'message 1 initiation k2',
      'router HUAWEI k2 open ',
      'router null null open ',
      'message 2 initiation null',
      'router HUAWEI null open ',
    ]);
    expect(station.routers().map((r) => r.sessionKey)).toEqual(['k1', 'k2', null]);
    // A session that dialled through a lab address names its end by that address: the card, its messages and its pcap
    // show it; the real socket stays in `socket` (and the id). One that dialled a real address keeps its real end.
    expect(station.routers().map((r) => [r.router, r.socket])).toEqual([
      ['10.0.0.1:50001', '::ffff:127.0.0.1:50001'],
      ['127.0.0.1:50002', '127.0.0.1:50002'],
      ['127.0.0.1:50003', '127.0.0.1:50003'],
    ]);
    expect(station.log.recent().map((m) => m.router)).toEqual(['10.0.0.1:50001', '127.0.0.1:50002', '127.0.0.1:50003']);
    expect(station.pcap(station.routers()[0]!.id)!.client).toEqual({ address: '10.0.0.1', port: 50001 });
  });

  it('a link that comes after the accept renames the router before its first message', () => {
    const station = new Station({ clock: new ManualClock() });
    const updates = watch(station);
    const tcp = { router: { address: '127.0.0.1', port: 50010 }, local: LOCAL };
    const a = station.accept(STATION, tcp);
    station.linkSession({ router: tcp.router, station: LOCAL }, { sessionKey: 'k', inLab: { address: '10.9.9.9', port: 50010 } });
    // The same link again changes nothing (no second card).
    station.linkSession({ router: tcp.router, station: LOCAL }, { sessionKey: 'k', inLab: { address: '10.9.9.9', port: 50010 } });
    a.receive(initiation);
    const cards = updates.flatMap((u) => (u.kind === 'router' ? [`${u.router.router} ${u.router.sessionKey}`] : []));
    expect(cards).toEqual(['127.0.0.1:50010 null', '10.9.9.9:50010 k', '10.9.9.9:50010 k']);
    const first = updates.find((u) => u.kind === 'message');
    expect(first?.kind === 'message' && first.logged.view).toMatchObject({ router: '10.9.9.9:50010', sessionKey: 'k', connection: `10.1.1.1:1790<-127.0.0.1:50010` });
  });
});

describe('Station message log', () => {
  it('continues its sink’s log: the newest messages come back, seq goes on, older bytes come from the sink', () => {
    const stored: LoggedMessage[] = [7, 8, 9].map((seq) =>
      LoggedMessage.stored(
        {
          seq,
          receivedAt: 0,
          station: '10.1.1.1:1790',
          router: '127.0.0.1:49999',
          connection: 'c',
          type: 'initiation',
          length: 6,
          summary: '',
          peer: null,
          peerView: null,
          sessionKey: null,
        },
        new Uint8Array([3, 0, 0, 0, 6, seq]),
      ),
    );
    const added: number[] = [];
    const sink: MessageSink = {
      recent: (limit) => stored.slice(-limit),
      add: (m) => void added.push(m.seq),
      bytes: (seq) => stored.find((m) => m.seq === seq)?.bytes,
    };
    const station = new Station({ clock: new ManualClock(), sink, logSize: 2 });
    expect(station.log.recent().map((m) => m.seq)).toEqual([8, 9]);
    station.accept(STATION, { router: ROUTER, local: LOCAL }).receive(initiation);
    expect(station.log.recent().map((m) => m.seq)).toEqual([9, 10]);
    expect(added).toEqual([10]);
    expect([...station.messageBytes(7)!]).toEqual([3, 0, 0, 0, 6, 7]);
    expect(station.messageBytes(10)).toEqual(initiation);
    expect(station.messageBytes(11)).toBeUndefined();
  });
});
