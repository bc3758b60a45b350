import { describe, expect, it } from 'vitest';
import {
  decodeBgpMessage,
  dissectBmpMessage,
  encodeBgpMessage,
  encodeBmpMessage,
  formatRouteDistinguisher,
  formatRouteTarget,
  fromHex,
  mplsLabelEntry,
  mplsLabelOf,
  routeDistinguisherBytes,
  routeTargetHex,
  toHex,
  type DissectionNode,
  type UpdateMessage,
} from '../src/index.js';
import { bgp } from './helpers.js';
import { peerA } from './samples.js';

// Fixtures assembled by hand from the RFC layouts (RFC 4760 §3/§4, RFC 4364 §4.3.2/§4.3.4, RFC 4659 §3.2,
// RFC 8277 §2, RFC 4360 §4), octet by octet, so they do not come from this codec's encoder.
const ORIGIN = '40010100';
const AS_PATH_200 = '4002060201000000c8';
const RT_100_1 = 'c010080002006400000001';
/** MP_REACH_NLRI 1/128, next hop RD 0 + 10.2.2.2, label 1024 (S), RD 200:1 (type 0), 10.1.0.0/24. */
const VPNV4_REACH = '800e20' + '000180' + '0c' + '0000000000000000' + '0a020202' + '00' + '70' + '004001' + '00' + '00' + '00c8' + '00000001' + '0a0100';
/** MP_UNREACH_NLRI 1/128 withdrawing 200:1:10.1.0.0/24 with the compatibility label 0x800000. */
const VPNV4_UNREACH = '800f12' + '000180' + '70' + '800000' + '000000c800000001' + '0a0100';
/** MP_REACH_NLRI 2/128, next hop RD 0 + ::ffff:10.2.2.2, label 1025 (S), RD 192.0.2.1:7 (type 1), 2001:db8:1::/48. */
const VPNV6_REACH = '800e2f' + '000280' + '18' + '0000000000000000' + '00000000000000000000ffff0a020202' + '00' + '88' + '004011' + '0001c00002010007' + '20010db80001';

function update(attributesHex: string): Uint8Array {
  const len = attributesHex.length / 2;
  return bgp(2, '0000' + len.toString(16).padStart(4, '0') + attributesHex);
}

function decodeUpdate(bytes: Uint8Array): UpdateMessage {
  const m = decodeBgpMessage(bytes);
  if (!m.ok) throw new Error(JSON.stringify(m.error));
  if (m.value.type !== 'update') throw new Error('not an UPDATE');
  return m.value;
}

describe('VPNv4 / VPNv6 NLRI (SAFI 128)', () => {
  it('decodes a VPNv4 announcement with its label, RD, zero-RD next hop and route target, and re-encodes it byte for byte', () => {
    const bytes = update(ORIGIN + AS_PATH_200 + VPNV4_REACH + RT_100_1);
    const u = decodeUpdate(bytes);
    expect(u.pathAttributes).toContainEqual({ type: 'mpReachNlri', afi: 1, safi: 128, nextHops: ['10.2.2.2'], nlri: ['200:1:10.1.0.0/24'], labels: [[mplsLabelEntry(1024)]] });
    const ext = u.pathAttributes.find((a) => a.type === 'extendedCommunities');
    expect(ext?.type === 'extendedCommunities' && ext.values.map(formatRouteTarget)).toEqual(['100:1']);
    expect(encodeBgpMessage(u)).toEqual(bytes);
  });

  it('decodes a withdrawal with the compatibility label and writes that label when none is given', () => {
    const bytes = update(VPNV4_UNREACH);
    const u = decodeUpdate(bytes);
    expect(u.pathAttributes).toEqual([{ type: 'mpUnreachNlri', afi: 1, safi: 128, withdrawnRoutes: ['200:1:10.1.0.0/24'] }]);
    expect(encodeBgpMessage(u)).toEqual(bytes);
  });

  it('keeps a withdrawal label other than the compatibility value', () => {
    const bytes = update(VPNV4_UNREACH.replace('800000', '004001'));
    const u = decodeUpdate(bytes);
    expect(u.pathAttributes[0]).toMatchObject({ withdrawnRoutes: ['200:1:10.1.0.0/24'], labels: [[0x004001]] });
    expect(encodeBgpMessage(u)).toEqual(bytes);
  });

  it('decodes VPNv6 (RFC 4659) with an IPv4-mapped next hop and a type 1 RD, and re-encodes it', () => {
    const bytes = update(ORIGIN + AS_PATH_200 + VPNV6_REACH);
    const u = decodeUpdate(bytes);
    expect(u.pathAttributes).toContainEqual({
      type: 'mpReachNlri',
      afi: 2,
      safi: 128,
      nextHops: ['::ffff:10.2.2.2'],
      nlri: ['192.0.2.1:7:2001:db8:1::/48'],
      labels: [[mplsLabelEntry(1025)]],
    });
    expect(encodeBgpMessage(u)).toEqual(bytes);
  });

  it('round-trips several prefixes with a two-label stack and a 4-octet-AS RD', () => {
    const u: UpdateMessage = {
      type: 'update',
      withdrawnRoutes: [],
      nlri: [],
      pathAttributes: [
        { type: 'origin', value: 'igp' },
        {
          type: 'mpReachNlri',
          afi: 1,
          safi: 128,
          nextHops: ['192.0.2.9'],
          nlri: ['4200000000:7:0.0.0.0/0', '200:1:10.9.9.9/32'],
          labels: [[0x000100, 0x004001], [mplsLabelEntry(16)]],
        },
      ],
    };
    expect(decodeUpdate(encodeBgpMessage(u))).toEqual(u);
  });

  it('rejects a VPN prefix too short for its label and RD, a bad next hop length and a non-zero next-hop RD', () => {
    // 80 bits: a label (24) and only 56 of the RD's 64.
    const short = decodeBgpMessage(update('800e1c' + '000180' + '0c' + '0000000000000000' + '0a020202' + '00' + '50' + '004001' + '000000c8000000'));
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.error.code).toBe('BGP_BAD_PREFIX_LENGTH');
    const nh = decodeBgpMessage(update('800e09' + '000180' + '04' + '0a020202' + '00'));
    expect(nh.ok).toBe(false);
    if (!nh.ok) expect(nh.error.code).toBe('BGP_BAD_NEXT_HOP_LENGTH');
    const rd = decodeBgpMessage(update(VPNV4_REACH.replace('0c0000000000000000', '0c0000000000000001')));
    expect(rd.ok).toBe(false);
    if (!rd.ok) expect(rd.error.message).toMatch(/non-zero route distinguisher/);
  });
});

describe('route distinguishers and route targets as text', () => {
  it('reads and writes the three RD types, and keeps an RD that has no text form as hex', () => {
    expect(toHex(routeDistinguisherBytes('200:1')!)).toBe('000000c800000001');
    expect(toHex(routeDistinguisherBytes('192.0.2.1:7')!)).toBe('0001c00002010007');
    expect(toHex(routeDistinguisherBytes('4200000000:7')!)).toBe('0002fa56ea000007');
    expect(routeDistinguisherBytes('1.2.3:4')).toBeNull();
    expect(routeDistinguisherBytes('200:4294967296')).toBeNull();
    for (const hex of ['000000c800000001', '0001c00002010007', '0002fa56ea000007']) {
      expect(toHex(routeDistinguisherBytes(formatRouteDistinguisher(fromHex(hex)))!)).toBe(hex);
    }
    // Type 2 with a 2-octet ASN would read back as type 0, and type 3 has no text: both stay hex.
    expect(formatRouteDistinguisher(fromHex('0002000000c80001'))).toBe('0x0002000000c80001');
    expect(formatRouteDistinguisher(fromHex('0003000000000001'))).toBe('0x0003000000000001');
    expect(toHex(routeDistinguisherBytes('0x0003000000000001')!)).toBe('0003000000000001');
  });

  it('reads and writes route targets of the three types, and names nothing else a route target', () => {
    expect(routeTargetHex('100:1')).toBe('0002006400000001');
    expect(routeTargetHex('192.0.2.1:5')).toBe('0102c00002010005');
    expect(routeTargetHex('4200000000:5')).toBe('0202fa56ea000005');
    expect(routeTargetHex('100')).toBeNull();
    for (const t of ['100:1', '192.0.2.1:5', '4200000000:5']) expect(formatRouteTarget(routeTargetHex(t)!)).toBe(t);
    // Route origin (sub-type 0x03) is not a route target.
    expect(formatRouteTarget('0003006400000001')).toBeNull();
    expect(mplsLabelOf(mplsLabelEntry(1048575))).toBe(1048575);
  });
});

describe('VPN NLRI in the inspector tree', () => {
  it('dissects a VPNv4 Route Monitoring into tiled fields, one prefix node per VPN prefix with its label and RD', () => {
    const u = decodeUpdate(update(ORIGIN + AS_PATH_200 + VPNV4_REACH + RT_100_1));
    const bytes = encodeBmpMessage({ type: 'route-monitoring', peer: peerA, update: u });
    const d = dissectBmpMessage(bytes);
    expect(d.error).toBeUndefined();
    const all: DissectionNode[] = [];
    const walk = (n: DissectionNode) => {
      all.push(n);
      let at = n.offset;
      for (const c of n.children ?? []) {
        expect(c.offset, `${n.name} > ${c.name}`).toBe(at);
        at += c.length;
        walk(c);
      }
      if (n.children?.length) expect(at, n.name).toBe(n.offset + n.length);
    };
    walk(d);
    expect(all.filter((n) => n.name === 'malformed' || n.name === 'trailing data' || n.name === 'not decoded')).toEqual([]);
    const prefix = all.find((n) => n.name === 'prefix');
    expect(prefix?.value).toBe('200:1:10.1.0.0/24');
    expect(prefix?.children?.map((c) => [c.name, c.length, c.value])).toEqual([
      ['prefix length', 1, 112],
      ['label', 3, '1024 (bottom)'],
      ['route distinguisher', 8, '200:1'],
      ['prefix bytes', 3, '10.1.0.0/24'],
    ]);
  });
});
