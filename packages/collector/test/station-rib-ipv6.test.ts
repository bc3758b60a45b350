import { describe, expect, it } from 'vitest';
import { decodeBmpMessage, encodeBmpMessage, formatIpv6, type PathAttribute, type PerPeerHeader } from '@bmp-lab/codec';
import { peerHeader, seededRandom } from '@bmp-lab/test-support';
import { StationRib, peerViewName } from '../src/index.js';

// The station walks IPv6 unicast prefixes as numbers (the decoder's prefix
// runs) into two-word and four-word tables; it must hold exactly what the
// decoder's strings say, for every prefix length (/0 to /128) and every mix of
// announcements, withdrawals and Peer Downs — whether a message comes decoded
// as runs (as the station decodes) or as text.

function randomPrefix(next: () => number): string {
  // A small pool per length, so announcements, re-announcements and withdrawals meet.
  const length = [0, 16, 32, 48, 56, 63, 64, 65, 80, 112, 127, 128][Math.floor(next() * 12)]!;
  const b = new Uint8Array(16);
  b.set([0x20, 0x01, 0x0d, 0xb8, Math.floor(next() * 4), 0, 0, Math.floor(next() * 3)]);
  b[15] = Math.floor(next() * 3);
  for (let i = 0; i < 16; i++) b[i] = (b[i] as number) & (0xff00 >> Math.max(0, Math.min(8, length - i * 8)));
  return `${formatIpv6(b)}/${length}`;
}

describe('StationRib, IPv6 unicast', () => {
  it('holds exactly the routes the decoded prefixes say, over 3,000 random messages of every prefix length', () => {
    const next = seededRandom(2545);
    const peers: PerPeerHeader[] = [
      peerHeader('2001:db8:ffff::1', 65001, { bgpId: '192.0.2.1', flags: { ipv6: true, postPolicy: false, legacyAsPath: false, adjRibOut: false } }),
      peerHeader('2001:db8:ffff::1', 65001, { bgpId: '192.0.2.1', flags: { ipv6: true, postPolicy: true, legacyAsPath: false, adjRibOut: false } }),
      peerHeader('192.0.2.2', 65002),
    ];
    const rib = new StationRib();
    const model = new Map<string, Map<string, readonly PathAttribute[]>>();
    const many = (n: number) => [...new Set(Array.from({ length: Math.floor(next() * n) }, () => randomPrefix(next)))];
    for (let i = 0; i < 3000; i++) {
      const p = peers[Math.floor(next() * peers.length)]!;
      const key = `${p.address} ${peerViewName(p)}`;
      if (next() < 0.01) {
        const bytes = encodeBmpMessage({ type: 'peer-down', peer: p, reason: { kind: 'peer-de-configured', code: 5 } });
        const m = decodeBmpMessage(bytes);
        if (!m.ok) throw new Error(m.error.message);
        rib.apply(m.value, bytes);
        for (const k of [...model.keys()]) if (k.startsWith(`${p.address} `)) model.delete(k);
        continue;
      }
      const announced = many(40);
      const withdrawn = many(15).filter((x) => !announced.includes(x));
      const pathAttributes: PathAttribute[] = [];
      if (withdrawn.length > 0) pathAttributes.push({ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: withdrawn });
      if (announced.length > 0) {
        pathAttributes.push({ type: 'origin', value: 'igp' }, { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 64500 + (i % 7)] }] });
        pathAttributes.push({ type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8::fe'], nlri: announced });
      }
      const bytes = encodeBmpMessage({ type: 'route-monitoring', peer: p, update: { type: 'update', withdrawnRoutes: [], pathAttributes, nlri: [] } });
      const d = decodeBmpMessage(bytes);
      if (!d.ok || d.value.type !== 'route-monitoring') throw new Error(`message ${i} does not decode`);
      const runs = decodeBmpMessage(bytes, { prefixRuns: true });
      if (!runs.ok) throw new Error(`message ${i} does not decode with runs`);
      rib.apply(i % 2 === 0 ? runs.value : d.value, bytes);
      // The model: the decoder's strings, as the station kept them before it read the bytes.
      const view = model.get(key) ?? new Map<string, readonly PathAttribute[]>();
      model.set(key, view);
      for (const a of d.value.update.pathAttributes) {
        if (a.type === 'mpUnreachNlri') for (const x of a.withdrawnRoutes) view.delete(x);
        if (a.type === 'mpReachNlri') for (const x of a.nlri) view.set(x, d.value.update.pathAttributes);
      }
      if (i % 250 === 0 || i === 2999) {
        expect(Object.fromEntries(rib.summaries().map((s) => [`${s.peer} ${s.view}`, s.prefixes])), `after message ${i}`).toEqual(
          Object.fromEntries([...model].map(([k, v]) => [k, v.size])),
        );
        expect(rib.prefixes).toBe([...model.values()].reduce((n, v) => n + v.size, 0));
        for (const [k, v] of model) {
          const [address, ...rest] = k.split(' ');
          const name = rest.join(' ');
          for (const [prefix, attrs] of v) {
            const held = rib.lookup(address!, name, prefix);
            expect(held, `after message ${i}: ${k} ${prefix}`).toBeDefined();
            expect(held!.find((a) => a.type === 'asPath')).toEqual(attrs.find((a) => a.type === 'asPath'));
          }
          expect(new Set(rib.routes(address!, name, Infinity).map((r) => r.prefix))).toEqual(new Set(v.keys()));
        }
      }
    }
    expect([...model.values()].some((v) => [...v.keys()].some((p) => Number(p.split('/')[1]) > 64))).toBe(true);
  });
});
