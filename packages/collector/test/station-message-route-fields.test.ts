import { describe, expect, it } from 'vitest';
import { encodeBmpMessage, type PathAttribute, type PerPeerHeader } from '@bmp-lab/codec';
import { Station, type StationAddress, type StationMessageRecord } from '../src/index.js';
import { ManualClock } from './manual-clock.js';

// The route fields of a Route Monitoring's message view: the row of the
// message list shows the first prefixes and the AS path from them, so the
// station fills them once, capped, for IPv4 (NLRI) and IPv6 (MP_REACH_NLRI,
// MP_UNREACH_NLRI) alike, and leaves the summary text as it was.

const STATION: StationAddress = { vpnInstance: null, address: '10.1.1.1', port: 1790 };
const peer: PerPeerHeader = {
  peerType: 0,
  flags: { ipv6: false, postPolicy: true, legacyAsPath: false, adjRibOut: false },
  distinguisher: '0000000000000000',
  address: '10.2.2.2',
  asn: 200,
  bgpId: '10.2.2.2',
  timestampSeconds: 0,
  timestampMicroseconds: 0,
};
const longPath: PathAttribute = {
  type: 'asPath',
  segments: [
    { type: 'sequence', asns: [200, 300, 400, 500, 600, 700, 800, 900] },
    { type: 'set', asns: [65001, 65002, 65003, 65004] },
  ],
};

function messagesOf(send: (receive: (bytes: Uint8Array) => void) => void) {
  const station = new Station({ clock: new ManualClock() });
  const views: StationMessageRecord[] = [];
  station.subscribe((u) => {
    if (u.kind === 'message') views.push(u.logged.view);
  });
  const stream = station.accept(STATION, { router: { address: '127.0.0.1', port: 50000 }, local: { address: '127.0.0.1', port: 40001 } });
  stream.receive(encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'HUAWEI' }] }));
  send((bytes) => stream.receive(bytes));
  return views;
}

describe('a Route Monitoring message view', () => {
  it('carries the first 3 IPv4 prefixes, the counts and the first 10 AS numbers of the path', () => {
    const nlri = ['198.18.0.0/24', '198.18.1.0/24', '198.18.2.0/24', '198.18.3.0/24', '198.18.4.0/24'];
    const [init, rm] = messagesOf((receive) =>
      receive(
        encodeBmpMessage({
          type: 'route-monitoring',
          peer,
          update: {
            type: 'update',
            withdrawnRoutes: ['203.0.113.0/24'],
            pathAttributes: [{ type: 'origin', value: 'igp' }, longPath, { type: 'nextHop', value: '10.2.2.2' }],
            nlri,
          },
        }),
      ),
    );
    expect(init).not.toHaveProperty('prefixes');
    expect(rm).toMatchObject({
      summary: 'peer 10.2.2.2 AS 200 (in post-policy) 5 announced, 1 withdrawn',
      prefixes: ['198.18.0.0/24', '198.18.1.0/24', '198.18.2.0/24'],
      prefixCount: 5,
      withdrawnPrefixes: ['203.0.113.0/24'],
      withdrawn: 1,
      asPath: [200, 300, 400, 500, 600, 700, 800, 900, 65001, 65002],
      asPathLength: 12,
    });
  });

  it('carries IPv6 prefixes from MP_REACH_NLRI and MP_UNREACH_NLRI, and nothing for an End-of-RIB or a Peer Down', () => {
    const reach = ['2001:db8:1::/48', '2001:db8:2::/48', '2001:db8:3::/48', '2001:db8:4::/48'];
    const views = messagesOf((receive) => {
      receive(
        encodeBmpMessage({
          type: 'route-monitoring',
          peer,
          update: {
            type: 'update',
            withdrawnRoutes: [],
            pathAttributes: [
              { type: 'origin', value: 'igp' },
              { type: 'asPath', segments: [{ type: 'sequence', asns: [200, 4200000000] }] },
              { type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8::2'], nlri: reach },
            ],
            nlri: [],
          },
        }),
      );
      receive(
        encodeBmpMessage({
          type: 'route-monitoring',
          peer,
          update: { type: 'update', withdrawnRoutes: [], pathAttributes: [{ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: ['2001:db8:9::/48'] }], nlri: [] },
        }),
      );
      receive(
        encodeBmpMessage({
          type: 'route-monitoring',
          peer,
          update: { type: 'update', withdrawnRoutes: [], pathAttributes: [{ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: [] }], nlri: [] },
        }),
      );
      receive(encodeBmpMessage({ type: 'peer-down', peer, reason: { kind: 'peer-de-configured', code: 5 } }));
    });
    const [, announced, withdrawn, endOfRib, down] = views;
    expect(announced).toMatchObject({
      summary: 'peer 10.2.2.2 AS 200 (in post-policy) 4 announced',
      prefixes: ['2001:db8:1::/48', '2001:db8:2::/48', '2001:db8:3::/48'],
      prefixCount: 4,
      withdrawnPrefixes: [],
      withdrawn: 0,
      asPath: [200, 4200000000],
      asPathLength: 2,
    });
    expect(withdrawn).toMatchObject({ prefixes: [], prefixCount: 0, withdrawnPrefixes: ['2001:db8:9::/48'], withdrawn: 1 });
    expect(withdrawn).not.toHaveProperty('asPath');
    expect(endOfRib?.summary).toBe('peer 10.2.2.2 AS 200 (in post-policy) End-of-RIB (AFI 2, SAFI 1)');
    expect(endOfRib).not.toHaveProperty('prefixes');
    expect(down?.type).toBe('peer-down');
    expect(down).not.toHaveProperty('prefixCount');
  });

  it('shows the real path of a 2-octet session: AS_PATH merged with AS4_PATH, not AS_TRANS (RFC 6793 §4.2.3)', () => {
    const legacy: PerPeerHeader = { ...peer, flags: { ...peer.flags, legacyAsPath: true } };
    const as4: PathAttribute[] = [
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [{ type: 'sequence', asns: [200, 300, 23456, 23456, 64500] }] },
      { type: 'nextHop', value: '10.2.2.2' },
      { type: 'as4Path', segments: [{ type: 'sequence', asns: [4200000001, 4200000002, 64500] }] },
    ];
    const update = (pathAttributes: PathAttribute[]) => ({ type: 'update' as const, withdrawnRoutes: [], pathAttributes, nlri: ['198.18.0.0/24'] });
    const [, merged, fourOctet] = messagesOf((receive) => {
      receive(encodeBmpMessage({ type: 'route-monitoring', peer: legacy, update: update(as4) }));
      // A 4-octet session has no AS_TRANS to resolve: its AS_PATH is the path (RFC 6793 §4.1).
      receive(encodeBmpMessage({ type: 'route-monitoring', peer, update: update(as4) }));
    });
    expect(merged).toMatchObject({ asPath: [200, 300, 4200000001, 4200000002, 64500], asPathLength: 5 });
    expect(fourOctet).toMatchObject({ asPath: [200, 300, 23456, 23456, 64500], asPathLength: 5 });
  });
});
