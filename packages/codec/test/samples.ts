// One message of every BMP type (and BGP type), used by the round-trip,
// malformed-corpus and tshark tests. Values mirror the interop sample stream:
// documentation prefixes only.
import { PRE_POLICY_IPV4, locRibHeader, peerHeader } from '@bmp-lab/test-support';
import type { BgpMessage, BmpMessage, OpenMessage, PerPeerHeader } from '../src/index.js';

export const peerA: PerPeerHeader = peerHeader('192.0.2.1', 65001, { timestampSeconds: 1700000000, timestampMicroseconds: 123456 });

export const peerB: PerPeerHeader = peerHeader('2001:db8::1', 4200000001, {
  peerType: 1,
  flags: { ipv6: true, postPolicy: true, legacyAsPath: false, adjRibOut: true },
  distinguisher: '0000fde800000064', // RD type 0, 65000:100
  bgpId: '192.0.2.2',
  timestampSeconds: 1700000001,
});

export const peerC: PerPeerHeader = peerHeader('192.0.2.3', 65003, {
  flags: { ...PRE_POLICY_IPV4, legacyAsPath: true },
  timestampSeconds: 1700000002,
  timestampMicroseconds: 999999,
});

export const locRib: PerPeerHeader = locRibHeader(100, '10.0.0.1', { timestampSeconds: 1700000003, timestampMicroseconds: 5 });

export function open(asn: number, bgpId: string): OpenMessage {
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
          { type: 'fourOctetAs', asn },
          { type: 'addPath', entries: [{ afi: 1, safi: 1, sendReceive: 3 }] },
          { type: 'unknown', code: 64, value: Uint8Array.from([0x00, 0x78]) }, // graceful restart, restart time 120
        ],
      },
    ],
  };
}

export const updateV4: BgpMessage = {
  type: 'update',
  withdrawnRoutes: ['203.0.113.128/25'],
  pathAttributes: [
    { type: 'origin', value: 'igp' },
    {
      type: 'asPath',
      segments: [
        { type: 'sequence', asns: [65001, 4200000000] },
        { type: 'set', asns: [64512, 64513] },
      ],
    },
    { type: 'nextHop', value: '192.0.2.1' },
    { type: 'multiExitDisc', value: 10 },
    { type: 'localPref', value: 100 },
    { type: 'atomicAggregate' },
    { type: 'aggregator', asn: 65001, address: '192.0.2.1' },
    { type: 'communities', values: ['65001:100', '65535:65281'] },
    { type: 'originatorId', value: '192.0.2.9' },
    { type: 'clusterList', values: ['192.0.2.10'] },
    { type: 'extendedCommunities', values: ['0002fde800000064'] },
    { type: 'largeCommunities', values: ['4200000000:1:2'] },
    { type: 'unknown', code: 200, flags: 0xe0, value: Uint8Array.from([1, 2, 3]) },
  ],
  nlri: ['198.51.100.0/24', '203.0.113.0/25', '10.0.0.0/8', '0.0.0.0/0'],
};

export const updateV6: BgpMessage = {
  type: 'update',
  withdrawnRoutes: [],
  pathAttributes: [
    { type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8::1', 'fe80::1'], nlri: ['2001:db8:1::/48', '2001:db8:2::/48', '::/0'] },
    { type: 'origin', value: 'incomplete' },
    { type: 'asPath', segments: [{ type: 'sequence', asns: [4200000001] }] },
    { type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: ['2001:db8:3::/64'] },
  ],
  nlri: [],
};

export const updateLegacy: BgpMessage = {
  type: 'update',
  withdrawnRoutes: [],
  pathAttributes: [
    { type: 'origin', value: 'egp' },
    { type: 'asPath', segments: [{ type: 'sequence', asns: [65003, 23456] }] },
    { type: 'nextHop', value: '192.0.2.3' },
    { type: 'aggregator', asn: 65003, address: '192.0.2.3' },
    { type: 'as4Path', segments: [{ type: 'sequence', asns: [65003, 4200000002] }] },
    { type: 'as4Aggregator', asn: 4200000002, address: '192.0.2.3' },
  ],
  nlri: ['198.51.100.128/25'],
};

export const notification: BgpMessage = { type: 'notification', code: 6, subcode: 2, data: Uint8Array.from([5, 0x62, 0x79, 0x65, 0x21, 0x21]) };

export const allBmpMessages: BmpMessage[] = [
  {
    type: 'initiation',
    tlvs: [
      { type: 'sysDescr', value: 'Huawei Versatile Routing Platform Software VRP (R) software, Version 8.180' },
      { type: 'sysName', value: 'HUAWEI' },
      { type: 'string', value: 'ünïcode ✓' },
    ],
  },
  {
    type: 'peer-up',
    peer: peerA,
    localAddress: '192.0.2.254',
    localPort: 179,
    remotePort: 50001,
    sentOpen: open(100, '10.0.0.1'),
    receivedOpen: open(65001, '192.0.2.1'),
    tlvs: [{ type: 'string', value: 'peer A' }],
  },
  {
    type: 'peer-up',
    peer: peerB,
    localAddress: '2001:db8::fe',
    localPort: 50002,
    remotePort: 179,
    sentOpen: open(100, '10.0.0.1'),
    receivedOpen: open(4200000001, '192.0.2.2'),
    tlvs: [],
  },
  {
    type: 'peer-up',
    peer: peerC,
    localAddress: '192.0.2.254',
    localPort: 179,
    remotePort: 50003,
    sentOpen: open(100, '10.0.0.1'),
    receivedOpen: open(65003, '192.0.2.3'),
    tlvs: [],
  },
  {
    type: 'peer-up',
    peer: locRib,
    localAddress: '0.0.0.0',
    localPort: 0,
    remotePort: 0,
    sentOpen: open(100, '10.0.0.1'),
    receivedOpen: open(100, '10.0.0.1'),
    tlvs: [{ type: 'vrfTableName', value: 'global' }],
  },
  { type: 'route-monitoring', peer: peerA, update: updateV4 },
  { type: 'route-monitoring', peer: peerB, update: updateV6 },
  { type: 'route-monitoring', peer: peerC, update: updateLegacy },
  { type: 'route-monitoring', peer: peerA, update: { type: 'update', withdrawnRoutes: [], pathAttributes: [], nlri: [] } },
  {
    type: 'statistics-report',
    peer: peerA,
    stats: [
      { kind: 'counter', type: 0, value: 3 },
      { kind: 'counter', type: 1, value: 4 },
      { kind: 'gauge', type: 7, value: 1234n },
      { kind: 'gauge', type: 8, value: 0xffffffffffffn },
      { kind: 'afiSafiGauge', type: 9, afi: 1, safi: 1, value: 1000n },
      { kind: 'counter', type: 11, value: 0 },
      { kind: 'gauge', type: 14, value: 7n },
      { kind: 'afiSafiGauge', type: 17, afi: 2, safi: 1, value: 9n },
    ],
  },
  {
    type: 'route-mirroring',
    peer: peerA,
    tlvs: [
      { type: 'information', code: 0 },
      { type: 'bgpMessage', message: updateV4 },
      { type: 'bgpMessage', message: { type: 'keepalive' } },
    ],
  },
  { type: 'peer-down', peer: peerA, reason: { kind: 'local-notification', code: 1, notification: notification } },
  { type: 'peer-down', peer: peerB, reason: { kind: 'local-no-notification', code: 2, fsmEvent: 10 } },
  { type: 'peer-down', peer: peerC, reason: { kind: 'remote-notification', code: 3, notification: { type: 'notification', code: 4, subcode: 0, data: new Uint8Array(0) } } },
  { type: 'peer-down', peer: peerA, reason: { kind: 'remote-no-notification', code: 4 } },
  { type: 'peer-down', peer: peerA, reason: { kind: 'peer-de-configured', code: 5 } },
  { type: 'peer-down', peer: locRib, reason: { kind: 'local-system-closed-tlv', code: 6, tlvs: [{ type: 'vrfTableName', value: 'global' }] } },
  {
    type: 'termination',
    tlvs: [
      { type: 'reason', reason: 0 },
      { type: 'string', value: 'bmp-session removed' },
    ],
  },
];
