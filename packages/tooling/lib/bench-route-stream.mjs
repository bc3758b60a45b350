// The BMP stream a router connection sends a station in the benches (the
// server's, the collector's ingest, the web's Routes tab): Initiation, Peer Up,
// then Route Monitoring of `prefixes` routes with attributes (origin, AS path,
// next hop and, unless `attributes: 'path'`, MED, local preference,
// communities; 1,000 distinct sets, 100 prefixes per UPDATE), and optionally a
// Termination. IPv4: consecutive /24s from 16.0.0.0 in the UPDATE's own NLRI.
// IPv6: consecutive /64s under 2001:db8::/32 (2001:db8:1:0::/64 onwards, a
// million of them fit in 32 bits of room) in MP_REACH_NLRI (RFC 4760) with a
// global next hop, from an IPv6 peer (the per-peer header's V flag).
// Encoded with our codec (its BUILT package, as the benches run after a
// build) so the benches need nothing outside the repository.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { encodeBmpMessage, formatIpv6 } = await import(path.join(here, '..', '..', 'codec', 'dist', 'index.js'));

export const PER_UPDATE = 100;
export const DISTINCT_SETS = 1000;

/** The routes' families; `ipv6` is the IPv6 unicast layout above. */
export const FAMILIES = ['ipv4', 'ipv6'];

const IPV6_PREFIX_BYTES = new Uint8Array(16);

/** The j-th prefix of a stream, in the form the station answers with (RFC 5952 text for IPv6). */
export function prefixOf(j, family = 'ipv4') {
  if (family === 'ipv4') {
    const a = (0x10000000 + j * 256) >>> 0;
    return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.0/24`;
  }
  // 2001:db8:H:L::/64 with H:L = j + 65536: the layout's /64s start at 2001:db8:1::/64.
  const n = j + 0x10000;
  const b = IPV6_PREFIX_BYTES;
  b.fill(0);
  b.set([0x20, 0x01, 0x0d, 0xb8, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  return `${formatIpv6(b)}/64`;
}

/** The monitored peer of the stream: IPv4 192.0.2.1, or IPv6 2001:db8:ffff::1 for the IPv6 stream. */
export function streamPeer(family = 'ipv4') {
  return family === 'ipv4' ? '192.0.2.1' : '2001:db8:ffff::1';
}

/**
 * The whole stream as one Buffer. `attributes: 'path'` leaves MED, local preference and communities out (origin, AS
 * path and next hop only); `terminationText` adds a string TLV after the Termination's reason.
 * @param {{ prefixes: number, family?: 'ipv4' | 'ipv6', attributes?: 'all' | 'path', withTermination?: boolean, terminationText?: string }} options
 */
export function buildRouteStream({ prefixes, family = 'ipv4', attributes = 'all', withTermination = false, terminationText }) {
  const v6 = family === 'ipv6';
  const peer = {
    peerType: 0,
    flags: { ipv6: v6, postPolicy: false, legacyAsPath: false, adjRibOut: false },
    distinguisher: '0000000000000000',
    address: streamPeer(family),
    asn: 65001,
    bgpId: '192.0.2.1',
    timestampSeconds: Math.floor(Date.now() / 1000),
    timestampMicroseconds: 0,
  };
  const open = (asn, bgpId) => ({
    type: 'open',
    version: 4,
    myAsn: asn,
    holdTime: 180,
    bgpId,
    parameters: [
      {
        type: 'capabilities',
        capabilities: [
          { type: 'multiprotocol', afi: v6 ? 2 : 1, safi: 1 },
          { type: 'fourOctetAs', asn },
        ],
      },
    ],
  });
  const parts = [
    encodeBmpMessage({
      type: 'initiation',
      tlvs: [
        { type: 'sysDescr', value: 'bmp-lab bench stream' },
        { type: 'sysName', value: 'bench' },
      ],
    }),
    encodeBmpMessage({
      type: 'peer-up',
      peer,
      localAddress: v6 ? '2001:db8:ffff::fe' : '192.0.2.254',
      localPort: 179,
      remotePort: 50001,
      sentOpen: open(65000, '192.0.2.254'),
      receivedOpen: open(65001, '192.0.2.1'),
      tlvs: [],
    }),
  ];
  for (let p = 0, u = 0; p < prefixes; p += PER_UPDATE, u++) {
    const nlri = [];
    for (let j = p; j < Math.min(prefixes, p + PER_UPDATE); j++) nlri.push(prefixOf(j, family));
    const k = u % DISTINCT_SETS;
    const pathAttributes = [
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000 + k] }] },
      v6 ? { type: 'mpReachNlri', afi: 2, safi: 1, nextHops: [streamPeer(family)], nlri } : { type: 'nextHop', value: '192.0.2.1' },
      ...(attributes === 'all'
        ? [
            { type: 'multiExitDisc', value: k },
            { type: 'localPref', value: 100 },
            { type: 'communities', values: [`65001:${k}`, '65001:65535'] },
          ]
        : []),
    ];
    const update = { type: 'update', withdrawnRoutes: [], pathAttributes, nlri: v6 ? [] : nlri };
    parts.push(encodeBmpMessage({ type: 'route-monitoring', peer, update }));
  }
  if (withTermination) {
    const tlvs = [{ type: 'reason', reason: 0 }, ...(terminationText === undefined ? [] : [{ type: 'string', value: terminationText }])];
    parts.push(encodeBmpMessage({ type: 'termination', tlvs }));
  }
  return Buffer.concat(parts);
}

/** Write a stream in 1 MiB chunks, waiting on the socket's back-pressure. */
export async function sendStream(socket, stream) {
  for (let off = 0; off < stream.length; off += 1 << 20) {
    if (!socket.write(stream.subarray(off, Math.min(stream.length, off + (1 << 20))))) await new Promise((r) => socket.once('drain', r));
  }
}
