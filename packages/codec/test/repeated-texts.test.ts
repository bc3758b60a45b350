import { describe, expect, it } from 'vitest';
import { decodeBgpMessage, decodeBmpMessage, encodeBgpMessage, encodeBmpMessage, type BgpMessage, type BmpMessage, type PerPeerHeader } from '../src/index.js';
import { peerA } from './samples.js';

// The texts a table dump repeats in every message (the per-peer header's distinguisher, address and BGP ID, the IPv6
// next hop) are made once while the next message repeats their bytes: every message still decodes to what was
// encoded, whatever came before it and whatever its buffer held before.

const stats = (peer: PerPeerHeader): BmpMessage => ({ type: 'statistics-report', peer, stats: [{ kind: 'counter', type: 0, value: 1 }] });
const peer = (over: Partial<PerPeerHeader> & { ipv6?: boolean }): PerPeerHeader => {
  const { ipv6, ...rest } = over;
  const base = { ...peerA, ...rest } as PerPeerHeader;
  return base.peerType === 3 ? base : { ...base, flags: { ...base.flags, ipv6: ipv6 ?? base.flags.ipv6 } };
};

describe('per-peer header texts', () => {
  it('decode to what was encoded in any order, an IPv4 and an IPv6 address with the same 16 octets included', () => {
    const peers = [
      peer({ address: '10.2.2.2', ipv6: false }),
      peer({ address: '10.2.2.2', ipv6: false }),
      // The same 16 octets as 10.2.2.2 in its field, read as IPv6 (IPv4-compatible: RFC 5952 §5 text).
      peer({ address: '::10.2.2.2', ipv6: true }),
      peer({ address: '10.2.2.2', ipv6: false }),
      peer({ address: '10.2.2.2', ipv6: false, distinguisher: '0001fde800000064' }),
      peer({ address: '10.2.2.2', ipv6: false, bgpId: '10.2.2.3' }),
      peer({ address: '10.2.2.3', ipv6: false, bgpId: '10.2.2.3' }),
      peer({ address: '2001:db8::2', ipv6: true }),
      peer({ address: '2001:db8::2', ipv6: true }),
    ];
    for (const p of peers) {
      const back = decodeBmpMessage(encodeBmpMessage(stats(p)));
      if (!back.ok) throw new Error(JSON.stringify(back.error));
      expect(back.value.type === 'statistics-report' && back.value.peer).toEqual(p);
    }
  });

  it('read the bytes of each message, not of a buffer seen before that now holds another header', () => {
    const first = encodeBmpMessage(stats(peer({ address: '10.2.2.2', ipv6: false })));
    const second = encodeBmpMessage(stats(peer({ address: '10.9.9.9', ipv6: false, bgpId: '10.9.9.9' })));
    const buffer = first.slice();
    const a = decodeBmpMessage(buffer);
    buffer.set(second);
    const b = decodeBmpMessage(buffer);
    expect(a.ok && a.value.type === 'statistics-report' && [a.value.peer.address, a.value.peer.bgpId]).toEqual(['10.2.2.2', peerA.bgpId]);
    expect(b.ok && b.value.type === 'statistics-report' && [b.value.peer.address, b.value.peer.bgpId]).toEqual(['10.9.9.9', '10.9.9.9']);
  });
});

describe('IPv6 next hop texts', () => {
  const update = (nextHops: string[]): BgpMessage => ({
    type: 'update',
    withdrawnRoutes: [],
    pathAttributes: [
      { type: 'mpReachNlri', afi: 2, safi: 1, nextHops, nlri: ['2001:db8:1::/48'] },
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [{ type: 'sequence', asns: [200] }] },
    ],
    nlri: [],
  });

  it('decode to what was encoded in any order, with and without a link-local address', () => {
    const hops = [['2001:db8::2'], ['2001:db8::2'], ['2001:db8::3'], ['2001:db8::2', 'fe80::2'], ['2001:db8::2'], ['2001:db8::a'], ['2001:db8::3', 'fe80::3']];
    for (const nextHops of hops) {
      const back = decodeBgpMessage(encodeBgpMessage(update(nextHops)));
      if (!back.ok) throw new Error(JSON.stringify(back.error));
      expect(back.value.type === 'update' && back.value.pathAttributes[0]).toMatchObject({ type: 'mpReachNlri', nextHops });
    }
  });
});
