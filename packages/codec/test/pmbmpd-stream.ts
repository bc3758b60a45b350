// The stream sent to pmacct's pmbmpd by pmbmpd.test.ts: every BMP message
// type, several peers (IPv4, IPv6, a 2-octet-AS peer, an Adj-RIB-Out peer and
// the RFC 9069 Loc-RIB instance, each announced by a Peer Up first, as pmbmpd
// drops messages for a peer it never saw come up), documentation prefixes only.
import { locRibHeader, peerHeader } from '@bmp-lab/test-support';
import type { BgpMessage, BmpMessage, OpenMessage, PerPeerHeader, UpdateMessage } from '../src/index.js';

/** Global-instance peer, pre-policy Adj-RIB-In, 4-octet AS. */
export const peerV4: PerPeerHeader = peerHeader('192.0.2.1', 65001, { timestampSeconds: 1700000000, timestampMicroseconds: 250000 });

/** IPv6 peer, post-policy Adj-RIB-In, 4-octet ASN beyond 65535. */
export const peerV6: PerPeerHeader = peerHeader('2001:db8::1', 4200000001, {
  flags: { ipv6: true, postPolicy: true, legacyAsPath: false, adjRibOut: false },
  bgpId: '192.0.2.2',
  timestampSeconds: 1700000001,
});

/** A peer without the 4-octet AS capability: AS_PATH of 2-octet ASNs (A flag). */
export const peerLegacy: PerPeerHeader = peerHeader('192.0.2.3', 65003, {
  flags: { ipv6: false, postPolicy: false, legacyAsPath: true, adjRibOut: false },
  timestampSeconds: 1700000002,
  timestampMicroseconds: 999999,
});

/** RFC 8671 Adj-RIB-Out (O flag), post-policy. */
export const peerOut: PerPeerHeader = peerHeader('198.51.100.4', 64500, {
  flags: { ipv6: false, postPolicy: true, legacyAsPath: false, adjRibOut: true },
  timestampSeconds: 1700000003,
  timestampMicroseconds: 1,
});

/** RFC 9069 Loc-RIB instance (peer type 3). */
export const peerLocRib: PerPeerHeader = locRibHeader(100, '10.0.0.1', { timestampSeconds: 1700000004, timestampMicroseconds: 42 });

/** RD instance peer (type 1, RD 65000:100), the per-VRF view of a PE. */
export const peerRd: PerPeerHeader = peerHeader('203.0.113.5', 64505, { peerType: 1, distinguisher: '0000fde800000064', timestampSeconds: 1700000005, timestampMicroseconds: 500 });

/** Local instance peer (type 2). */
export const peerLocal: PerPeerHeader = peerHeader('203.0.113.6', 64506, {
  peerType: 2,
  distinguisher: '000000000000002a',
  timestampSeconds: 1700000006,
  timestampMicroseconds: 600,
});

function open(asn: number, bgpId: string, fourOctet = true): OpenMessage {
  return {
    type: 'open',
    version: 4,
    myAsn: asn > 0xffff ? 23456 : asn,
    holdTime: 180,
    bgpId,
    parameters: [
      {
        type: 'capabilities',
        capabilities: [
          { type: 'multiprotocol', afi: 1, safi: 1 },
          { type: 'multiprotocol', afi: 2, safi: 1 },
          { type: 'routeRefresh' },
          ...(fourOctet ? [{ type: 'fourOctetAs' as const, asn }] : []),
        ],
      },
    ],
  };
}

const LOCAL_OPEN = open(100, '10.0.0.1');

function update(u: Omit<UpdateMessage, 'type'>): UpdateMessage {
  return { type: 'update', ...u };
}

const notification = (code: number, subcode: number): Extract<BgpMessage, { type: 'notification' }> => ({ type: 'notification', code, subcode, data: new Uint8Array(0) });

export const pmbmpdStream: BmpMessage[] = [
  {
    type: 'initiation',
    tlvs: [
      { type: 'sysDescr', value: 'Huawei Versatile Routing Platform Software, bmp-lab codec oracle' },
      { type: 'sysName', value: 'codec-r1' },
      { type: 'string', value: 'pmbmpd oracle stream' },
    ],
  },
  // Peer Ups: one per peer, the Loc-RIB instance included.
  { type: 'peer-up', peer: peerV4, localAddress: '192.0.2.254', localPort: 179, remotePort: 50001, sentOpen: LOCAL_OPEN, receivedOpen: open(65001, '192.0.2.1'), tlvs: [] },
  { type: 'peer-up', peer: peerV6, localAddress: '2001:db8::fe', localPort: 50002, remotePort: 179, sentOpen: LOCAL_OPEN, receivedOpen: open(4200000001, '192.0.2.2'), tlvs: [] },
  {
    type: 'peer-up',
    peer: peerLegacy,
    localAddress: '192.0.2.254',
    localPort: 179,
    remotePort: 50003,
    sentOpen: open(100, '10.0.0.1', false),
    receivedOpen: open(65003, '192.0.2.3', false),
    tlvs: [],
  },
  { type: 'peer-up', peer: peerOut, localAddress: '198.51.100.254', localPort: 50004, remotePort: 179, sentOpen: LOCAL_OPEN, receivedOpen: open(64500, '198.51.100.4'), tlvs: [] },
  {
    type: 'peer-up',
    peer: peerLocRib,
    localAddress: '0.0.0.0',
    localPort: 0,
    remotePort: 0,
    sentOpen: LOCAL_OPEN,
    receivedOpen: LOCAL_OPEN,
    tlvs: [{ type: 'vrfTableName', value: 'global' }],
  },
  { type: 'peer-up', peer: peerRd, localAddress: '203.0.113.254', localPort: 179, remotePort: 50005, sentOpen: LOCAL_OPEN, receivedOpen: open(64505, '203.0.113.5'), tlvs: [] },
  { type: 'peer-up', peer: peerLocal, localAddress: '203.0.113.254', localPort: 179, remotePort: 50006, sentOpen: LOCAL_OPEN, receivedOpen: open(64506, '203.0.113.6'), tlvs: [] },
  // Route Monitoring
  {
    type: 'route-monitoring',
    peer: peerV4,
    update: update({
      withdrawnRoutes: [],
      pathAttributes: [
        { type: 'origin', value: 'igp' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000] }] },
        { type: 'nextHop', value: '192.0.2.1' },
        { type: 'multiExitDisc', value: 10 },
        { type: 'localPref', value: 200 },
        { type: 'communities', values: ['65001:100', '65001:200'] },
        { type: 'extendedCommunities', values: ['0002fde800000064'] },
        { type: 'largeCommunities', values: ['4200000000:1:2'] },
      ],
      nlri: ['198.51.100.0/24', '203.0.113.0/25'],
    }),
  },
  { type: 'route-monitoring', peer: peerV4, update: update({ withdrawnRoutes: ['203.0.113.0/25'], pathAttributes: [], nlri: [] }) },
  { type: 'route-monitoring', peer: peerV4, update: update({ withdrawnRoutes: [], pathAttributes: [], nlri: [] }) }, // End-of-RIB IPv4
  {
    type: 'route-monitoring',
    peer: peerV6,
    update: update({
      withdrawnRoutes: [],
      pathAttributes: [
        { type: 'origin', value: 'incomplete' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [4200000001, 64496] }] },
        { type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8::1'], nlri: ['2001:db8:1::/48', '2001:db8:2::/48'] },
      ],
      nlri: [],
    }),
  },
  {
    type: 'route-monitoring',
    peer: peerV6,
    update: update({ withdrawnRoutes: [], pathAttributes: [{ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: ['2001:db8:2::/48'] }], nlri: [] }),
  },
  {
    type: 'route-monitoring',
    peer: peerLegacy,
    update: update({
      withdrawnRoutes: [],
      pathAttributes: [
        { type: 'origin', value: 'egp' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [65003, 64999] }] },
        { type: 'nextHop', value: '192.0.2.3' },
      ],
      nlri: ['198.51.100.128/25'],
    }),
  },
  {
    type: 'route-monitoring',
    peer: peerOut,
    update: update({
      withdrawnRoutes: [],
      pathAttributes: [
        { type: 'origin', value: 'igp' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [100] }] },
        { type: 'nextHop', value: '198.51.100.254' },
      ],
      nlri: ['192.0.2.128/26'],
    }),
  },
  {
    type: 'route-monitoring',
    peer: peerLocRib,
    update: update({
      withdrawnRoutes: [],
      pathAttributes: [
        { type: 'origin', value: 'igp' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000] }] },
        { type: 'nextHop', value: '192.0.2.1' },
        { type: 'localPref', value: 200 },
      ],
      nlri: ['198.51.100.0/24'],
    }),
  },
  {
    type: 'route-monitoring',
    peer: peerRd,
    update: update({
      withdrawnRoutes: [],
      pathAttributes: [
        { type: 'origin', value: 'igp' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [64505] }] },
        { type: 'nextHop', value: '203.0.113.5' },
      ],
      nlri: ['203.0.113.64/26'],
    }),
  },
  // Statistics
  {
    type: 'statistics-report',
    peer: peerV4,
    stats: [
      { kind: 'counter', type: 0, value: 3 },
      { kind: 'counter', type: 1, value: 4 },
      { kind: 'counter', type: 2, value: 5 },
      { kind: 'counter', type: 3, value: 0 },
      { kind: 'counter', type: 4, value: 6 },
      { kind: 'counter', type: 5, value: 7 },
      { kind: 'counter', type: 6, value: 8 },
      { kind: 'gauge', type: 7, value: 1234n },
      { kind: 'gauge', type: 8, value: 5000000000n },
      { kind: 'afiSafiGauge', type: 9, afi: 1, safi: 1, value: 1200n },
      { kind: 'afiSafiGauge', type: 10, afi: 2, safi: 1, value: 34n },
      { kind: 'counter', type: 11, value: 9 },
      { kind: 'counter', type: 12, value: 10 },
      { kind: 'counter', type: 13, value: 11 },
    ],
  },
  {
    type: 'statistics-report',
    peer: peerOut,
    stats: [
      { kind: 'gauge', type: 14, value: 77n },
      { kind: 'gauge', type: 15, value: 66n },
      { kind: 'afiSafiGauge', type: 16, afi: 1, safi: 1, value: 55n },
      { kind: 'afiSafiGauge', type: 17, afi: 1, safi: 1, value: 44n },
    ],
  },
  // Route Mirroring
  {
    type: 'route-mirroring',
    peer: peerV4,
    tlvs: [
      { type: 'information', code: 0 },
      { type: 'bgpMessage', message: { type: 'update', withdrawnRoutes: ['192.0.2.0/24'], pathAttributes: [], nlri: [] } },
    ],
  },
  // Peer Down, a different reason per peer
  { type: 'peer-down', peer: peerV4, reason: { kind: 'local-notification', code: 1, notification: notification(6, 2) } },
  { type: 'peer-down', peer: peerV6, reason: { kind: 'local-no-notification', code: 2, fsmEvent: 10 } },
  { type: 'peer-down', peer: peerLegacy, reason: { kind: 'remote-notification', code: 3, notification: notification(6, 3) } },
  { type: 'peer-down', peer: peerOut, reason: { kind: 'remote-no-notification', code: 4 } },
  { type: 'peer-down', peer: peerRd, reason: { kind: 'peer-de-configured', code: 5 } },
  { type: 'peer-down', peer: peerLocRib, reason: { kind: 'local-system-closed-tlv', code: 6, tlvs: [{ type: 'vrfTableName', value: 'global' }] } },
  { type: 'peer-down', peer: peerLocal, reason: { kind: 'remote-no-notification', code: 4 } },
  {
    type: 'termination',
    tlvs: [
      { type: 'reason', reason: 0 },
      { type: 'string', value: 'codec oracle done' },
    ],
  },
];
