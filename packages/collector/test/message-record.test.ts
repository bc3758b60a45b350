import { describe, expect, it } from 'vitest';
import { encodeBmpMessage, endOfRib, type BmpMessage } from '@bmp-lab/codec';
import { basicIpv4Attributes, peerHeader } from '@bmp-lab/test-support';
import { Station, recordFromBytes, type LoggedMessage, type MessageSink, type StationAddress } from '../src/index.js';
import { ManualClock } from './manual-clock.js';

// A logged message's record is made from the message alone plus where and
// when it came: whoever holds its bytes and origin (the server's writer
// thread, which stores the log) makes the very record the station made.

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

describe('recordFromBytes', () => {
  it('makes from a message’s bytes and origin the record the station made of it', () => {
    const logged: LoggedMessage[] = [];
    const sink: MessageSink = { recent: () => [], add: (view, bytes) => logged.push({ view, bytes }), bytes: () => undefined };
    const station = new Station({ clock: new ManualClock(), sink });
    const input = station.accept(STATION, { router: { address: '127.0.0.1', port: 50000 }, local: { address: '127.0.0.1', port: 1790 } });
    for (const m of stream) input.receive(encodeBmpMessage(m));
    expect(logged.map((l) => l.view.type)).toEqual(stream.map((m) => m.type));
    for (const { view, bytes } of logged) {
      const { receivedAt, station: s, router, connection, sessionKey } = view;
      const again = recordFromBytes({ receivedAt, station: s, router, connection, sessionKey }, view.seq, bytes);
      expect(again).toEqual(view);
      // The same fields in the same order: the stored JSON is the text the station's record makes.
      expect(JSON.stringify(again)).toBe(JSON.stringify(view));
    }
    // What the records carry beyond type and summary: the route fields and a VPN peer's distinguisher.
    expect(logged[1]!.view).toMatchObject({ prefixes: ['198.18.0.0/24', '198.18.1.0/24', '198.18.2.0/24'], prefixCount: 4, withdrawn: 1, asPath: [200, 64500] });
    expect(logged[2]!.view).toMatchObject({ peer: '2001:db8::2', prefixes: ['2001:db8:1::/64', '2001:db8:2::/48'] });
    expect(logged[4]!.view).toMatchObject({ peerType: 1, distinguisher: '0000006400000001' });
  });

  it('makes no record of bytes that do not decode (a message kept only in part)', () => {
    const bytes = encodeBmpMessage(stream[1]!);
    const origin = { receivedAt: 1, station: '10.1.1.1:1790', router: '10.0.0.1:50000', connection: 'c', sessionKey: null };
    expect(recordFromBytes(origin, 1, bytes.subarray(0, 40))).toBeNull();
    expect(recordFromBytes(origin, 1, bytes)).not.toBeNull();
  });
});
