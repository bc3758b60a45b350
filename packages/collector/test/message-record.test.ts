import { describe, expect, it } from 'vitest';
import { decodeBmpMessage, encodeBmpMessage, endOfRib, type BmpMessage } from '@bmp-lab/codec';
import { basicIpv4Attributes, peerHeader } from '@bmp-lab/test-support';
import { MessageLog, Station, messageRecord, recordFromBytes, type LoggedMessage, type MessageSink, type StationAddress } from '../src/index.js';
import { ManualClock } from './manual-clock.js';

// A logged message's record is made from the message alone plus where and
// when it came: the station's log makes it from the bytes when someone first
// reads it, and whoever else holds the bytes and origin (the server's writer
// thread, which stores the log) makes the very same record; a message the log
// keeps only in part gets it at once from the station's decoding.

const STATION: StationAddress = { vpnInstance: null, address: '10.1.1.1', port: 1790 };

const v6Peer = peerHeader('2001:db8::2', 65002, { bgpId: '10.9.9.9', flags: { ipv6: true, postPolicy: true, legacyAsPath: false, adjRibOut: false } });
const vpnPeer = peerHeader('10.5.5.5', 65005, { peerType: 1, distinguisher: '0000006400000001' });

const stream: BmpMessage[] = [
  {
    type: 'initiation',
    tlvs: [
      { type: 'sysName', value: 'HUAWEI' },
      { type: 'sysDescr', value: 'Huawei Versatile Routing Platform' },
    ],
  },
  {
    type: 'route-monitoring',
    peer: peerHeader('10.2.2.2', 200),
    update: {
      type: 'update',
      withdrawnRoutes: ['192.0.2.0/24'],
      pathAttributes: [...basicIpv4Attributes('10.2.2.2', [200, 64500]), { type: 'communities', values: ['200:1', '200:2'] }],
      nlri: ['198.18.0.0/24', '198.18.1.0/24', '198.18.2.0/24', '198.18.3.0/24'],
    },
  },
  {
    type: 'route-monitoring',
    peer: v6Peer,
    update: {
      type: 'update',
      withdrawnRoutes: [],
      pathAttributes: [
        { type: 'origin', value: 'igp' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [65002, 65010, 65011] }] },
        { type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8::2'], nlri: ['2001:db8:1::/64', '2001:db8:2::/48'] },
      ],
      nlri: [],
    },
  },
  { type: 'route-monitoring', peer: peerHeader('10.2.2.2', 200), update: endOfRib() },
  { type: 'statistics-report', peer: vpnPeer, stats: [{ kind: 'counter', type: 0, value: 7 }] },
  { type: 'peer-down', peer: peerHeader('10.2.2.2', 200), reason: { kind: 'peer-de-configured', code: 5 } },
  { type: 'termination', tlvs: [{ type: 'reason', reason: 0 }] },
];

describe('a logged message’s record', () => {
  it('is made when first read, from the bytes and origin, as the station’s decoding on arrival would make it', () => {
    const logged: LoggedMessage[] = [];
    const sink: MessageSink = { recent: () => [], add: (m) => void logged.push(m), bytes: () => undefined };
    const station = new Station({ clock: new ManualClock(), sink });
    const decoded: BmpMessage[] = [];
    station.subscribe((u) => {
      if (u.kind === 'message') decoded.push(u.decoded as BmpMessage);
    });
    const input = station.accept(STATION, { router: { address: '127.0.0.1', port: 50000 }, local: { address: '127.0.0.1', port: 1790 } });
    for (const m of stream) input.receive(encodeBmpMessage(m));
    expect(logged.map((l) => l.type)).toEqual(stream.map((m) => m.type));
    // Nobody read them: no record was made.
    expect(logged.filter((l) => l.recordMade)).toEqual([]);
    logged.forEach((l, i) => {
      const onArrival = messageRecord(l.origin, l.seq, decoded[i]!, l.length);
      // Made from the station's decoding (what a viewer's frame does) or from the bytes: the same record.
      if (i % 2 === 0) expect(l.recordFrom(decoded[i]!)).toEqual(onArrival);
      expect(l.view).toEqual(onArrival);
      // The same fields in the same order: the stored JSON is the same text either way.
      expect(JSON.stringify(l.view)).toBe(JSON.stringify(onArrival));
      expect(recordFromBytes(l.origin, l.seq, l.bytes)).toEqual(l.view);
    });
    // What the records carry beyond type and summary: the route fields and a VPN peer's distinguisher.
    expect(logged[1]!.view).toMatchObject({ prefixes: ['198.18.0.0/24', '198.18.1.0/24', '198.18.2.0/24'], prefixCount: 4, withdrawn: 1, asPath: [200, 64500] });
    expect(logged[2]!.view).toMatchObject({ peer: '2001:db8::2', prefixes: ['2001:db8:1::/64', '2001:db8:2::/48'] });
    expect(logged[4]!.view).toMatchObject({ peerType: 1, distinguisher: '0000006400000001' });
  });

  it('of a message kept only in part is made as it is logged, with the whole length', () => {
    const log = new MessageLog(null, 10, 1 << 20, 40);
    const message = stream[1]!;
    const bytes = encodeBmpMessage(message);
    const origin = { receivedAt: 1, station: '10.1.1.1:1790', router: '10.0.0.1:50000', connection: 'c', sessionKey: null };
    const whole = decodeBmpMessage(bytes, { prefixRuns: true });
    if (!whole.ok) throw new Error('does not decode');
    const logged = log.add(origin, whole.value, bytes);
    expect(logged.bytes.length).toBe(40);
    expect(logged.recordMade).toBe(true);
    expect(logged.view).toEqual(recordFromBytes(origin, 0, bytes));
    expect(logged.view.length).toBe(bytes.length);
  });

  it('cannot be made again from bytes that do not decode (a message kept only in part)', () => {
    const bytes = encodeBmpMessage(stream[1]!);
    const origin = { receivedAt: 1, station: '10.1.1.1:1790', router: '10.0.0.1:50000', connection: 'c', sessionKey: null };
    expect(recordFromBytes(origin, 1, bytes.subarray(0, 40))).toBeNull();
    expect(recordFromBytes(origin, 1, bytes)).not.toBeNull();
  });
});
