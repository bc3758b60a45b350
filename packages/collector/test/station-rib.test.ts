import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBmpMessage, encodeBmpMessage, fromHex, type BmpMessage, type PathAttribute, type PerPeerHeader } from '@bmp-lab/codec';
import { basicIpv4Attributes, peerHeader } from '@bmp-lab/test-support';
import { StationRib, StationStream, peerViewName, type StationEvent } from '../src/index.js';

// The station's RIB against two oracles: GoBGP's own Statistics Report
// (what it says its Adj-RIB-In and Loc-RIB hold) on a capture of a real
// GoBGP, and a plain model built from the decoder's strings on random streams.

const fixtures = new URL('../../codec/test/fixtures/gobgp-3.10.0/live/', import.meta.url);

function decode(bytes: Uint8Array): BmpMessage {
  const r = decodeBmpMessage(bytes);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function withoutPrefixes(attrs: readonly PathAttribute[]): PathAttribute[] {
  return attrs.filter((a) => a.type !== 'mpUnreachNlri').map((a) => (a.type === 'mpReachNlri' ? { ...a, nlri: [] } : a));
}

function counts(rib: StationRib): Record<string, number> {
  return Object.fromEntries(rib.summaries().map((s) => [`${s.peer} ${s.view}`, s.prefixes]));
}

describe('StationRib', () => {
  it('holds what a real GoBGP says it holds: its Statistics Report counts, then withdrawals and Peer Down', () => {
    const rib = new StationRib();
    const files = readdirSync(fixtures)
      .filter((f) => f.endsWith('.hex'))
      .sort();
    for (const name of files) {
      const bytes = fromHex(readFileSync(new URL(name, fixtures), 'utf8').trim());
      const m = decode(bytes);
      const runs = decodeBmpMessage(bytes, { prefixRuns: true });
      if (!runs.ok) throw new Error(runs.error.message);
      if (m.type === 'statistics-report') {
        // GoBGP: type 7 = routes in Adj-RIBs-In (pre-policy), type 8 = routes in Loc-RIB.
        const stat = (t: number) => Number(m.stats.find((s) => s.type === t && 'value' in s)?.value);
        expect(counts(rib)).toEqual({
          '127.0.0.1 adj-rib-in pre-policy': stat(7),
          '127.0.0.1 adj-rib-in post-policy': 2,
          '0.0.0.0 loc-rib': stat(8),
        });
        expect(rib.lookup('127.0.0.1', 'adj-rib-in pre-policy', '198.51.100.0/24')).toContainEqual({ type: 'communities', values: ['65002:100'] });
        expect(rib.lookup('127.0.0.1', 'adj-rib-in pre-policy', '203.0.113.0/24')).toBeUndefined(); // withdrawn
        expect(rib.lookup('0.0.0.0', 'loc-rib', '2/1 2001:db8:1::/48')).toContainEqual(expect.objectContaining({ type: 'mpReachNlri' }));
      }
      rib.apply(runs.value, bytes);
    }
    // B went down: its views are gone; the Loc-RIB was emptied by withdrawals.
    expect(counts(rib)).toEqual({ '0.0.0.0 loc-rib': 0 });
  });

  it('matches a model built from decoded prefixes over 3,000 random Route Monitoring messages and Peer Downs', () => {
    let s = 9069;
    const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
    const peer = (address: string, postPolicy: boolean, adjRibOut: boolean): PerPeerHeader => ({
      peerType: 0,
      flags: { ipv6: false, postPolicy, legacyAsPath: false, adjRibOut },
      distinguisher: '0000000000000000',
      address,
      asn: 65001,
      bgpId: address,
      timestampSeconds: 0,
      timestampMicroseconds: 0,
    });
    const peers = [peer('192.0.2.1', false, false), peer('192.0.2.1', true, false), peer('192.0.2.1', false, true), peer('192.0.2.2', false, false)];
    const pool4 = Array.from({ length: 300 }, (_, i) => `10.${i >> 4}.${(i & 15) * 16}.0/${20 + (i % 5)}`);
    const pool6 = Array.from({ length: 40 }, (_, i) => `2001:db8:${i.toString(16)}::/48`);
    const pick = <T>(xs: T[], n: number) => Array.from({ length: n }, () => xs[Math.floor(next() * xs.length)]!);
    const rib = new StationRib();
    const model = new Map<string, Map<string, readonly PathAttribute[]>>();
    for (let i = 0; i < 3000; i++) {
      const p = peers[Math.floor(next() * peers.length)]!;
      const key = `${p.address} ${peerViewName(p)}`;
      if (next() < 0.01) {
        const bytes = encodeBmpMessage({ type: 'peer-down', peer: p, reason: { kind: 'peer-de-configured', code: 5 } });
        rib.apply(decode(bytes), bytes);
        for (const k of [...model.keys()]) if (k.startsWith(`${p.address} `)) model.delete(k);
        continue;
      }
      const withdrawn = [...new Set(pick(pool4, Math.floor(next() * 8)))];
      const announced = [...new Set(pick(pool4, Math.floor(next() * 30)))].filter((x) => !withdrawn.includes(x));
      const announced6 = [...new Set(pick(pool6, Math.floor(next() * 3)))];
      const withdrawn6 = [...new Set(pick(pool6, Math.floor(next() * 2)))].filter((x) => !announced6.includes(x));
      const pathAttributes: PathAttribute[] = [];
      if (announced.length + announced6.length > 0) {
        pathAttributes.push({ type: 'origin', value: 'igp' }, { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 64500 + i] }] });
        if (announced.length > 0) pathAttributes.push({ type: 'nextHop', value: '192.0.2.254' });
        if (announced6.length > 0) pathAttributes.push({ type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8::fe'], nlri: announced6 });
      }
      if (withdrawn6.length > 0) pathAttributes.push({ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: withdrawn6 });
      const bytes = encodeBmpMessage({ type: 'route-monitoring', peer: p, update: { type: 'update', withdrawnRoutes: withdrawn, pathAttributes, nlri: announced } });
      const m = decode(bytes);
      // As the station decodes it: prefixes as runs over the bytes (the model below reads the text decoding).
      const runs = decodeBmpMessage(bytes, { prefixRuns: true });
      if (!runs.ok) throw new Error(runs.error.message);
      rib.apply(runs.value, bytes);
      if (m.type !== 'route-monitoring') throw new Error('not a route monitoring');
      // The model keeps prefixes as the decoder spells them.
      const mp = <T extends PathAttribute['type']>(t: T) => m.update.pathAttributes.find((a) => a.type === t) as Extract<PathAttribute, { type: T }> | undefined;
      const view = model.get(key) ?? new Map<string, readonly PathAttribute[]>();
      model.set(key, view);
      for (const x of m.update.withdrawnRoutes) view.delete(x);
      for (const x of mp('mpUnreachNlri')?.withdrawnRoutes ?? []) view.delete(`2/1 ${x}`);
      for (const x of m.update.nlri) view.set(x, m.update.pathAttributes);
      for (const x of mp('mpReachNlri')?.nlri ?? []) view.set(`2/1 ${x}`, m.update.pathAttributes);
      if (i % 500 === 0 || i === 2999) {
        expect(counts(rib), `after message ${i}`).toEqual(Object.fromEntries([...model].map(([k, v]) => [k, v.size])));
        for (const [k, v] of model) {
          const [address, ...view] = k.split(' ');
          // The station keeps each distinct attribute set once, without the prefixes MP_REACH_NLRI carried.
          for (const [prefix, attrs] of v) expect(rib.lookup(address!, view.join(' '), prefix), `after message ${i}: ${k} ${prefix}`).toEqual(withoutPrefixes(attrs));
          const listed = rib.routes(address!, view.join(' '), Infinity);
          expect(new Set(listed.map((r) => r.prefix))).toEqual(new Set([...v.keys()].map((p) => p.replace(/^2\/1 /, ''))));
        }
      }
    }
  });

  it('withdraws what a Route Monitoring carried when RFC 7606 says to treat its UPDATE as a withdrawal', () => {
    const peer: PerPeerHeader = peerHeader('192.0.2.1', 65001);
    const announce = (nlri: string[]) =>
      encodeBmpMessage({
        type: 'route-monitoring',
        peer,
        update: {
          type: 'update',
          withdrawnRoutes: [],
          pathAttributes: basicIpv4Attributes('192.0.2.1'),
          nlri,
        },
      });
    // The same UPDATE again for two of the three prefixes, with ORIGIN 7 (RFC 4271 knows 0-2): treat-as-withdraw (RFC 7606 §7.1).
    const broken = announce(['198.51.100.0/24', '203.0.113.0/24']);
    const originValue = 6 + 42 + 19 + 2 + 2 + 3;
    expect(broken[originValue]).toBe(0);
    broken[originValue] = 7;

    const rib = new StationRib();
    const events: StationEvent[] = [];
    const stream = new StationStream(
      () => 0,
      (e) => {
        events.push(e);
        // What the station's connection does with each event.
        if (e.kind === 'message') rib.apply(e.message, e.bytes);
        if (e.kind === 'error' && e.treatAsWithdraw) rib.withdrawUpdate(e.treatAsWithdraw.peer, e.treatAsWithdraw.bytes);
      },
    );
    expect(stream.receive(announce(['198.51.100.0/24', '203.0.113.0/24', '192.0.2.128/25']))).toBe(true);
    expect(counts(rib)).toEqual({ '192.0.2.1 adj-rib-in pre-policy': 3 });
    expect(stream.receive(broken)).toBe(true);
    const error = events.find((e) => e.kind === 'error');
    expect(error).toMatchObject({ kind: 'error', error: { code: 'BGP_BAD_ORIGIN', handling: 'treat-as-withdraw' }, treatAsWithdraw: { peer } });
    expect(counts(rib)).toEqual({ '192.0.2.1 adj-rib-in pre-policy': 1 });
    expect(rib.lookup('192.0.2.1', 'adj-rib-in pre-policy', '192.0.2.128/25')).toBeDefined();
    expect(rib.lookup('192.0.2.1', 'adj-rib-in pre-policy', '198.51.100.0/24')).toBeUndefined();
    // Any other malformed message withdraws nothing (here a Peer Down with peer type 9).
    const badPeerDown = encodeBmpMessage({ type: 'peer-down', peer, reason: { kind: 'peer-de-configured', code: 5 } });
    badPeerDown[6] = 9; // peer type 9
    stream.receive(badPeerDown);
    expect(events.at(-1)).toMatchObject({ kind: 'error', error: { code: 'BMP_BAD_PEER_TYPE' } });
    expect(events.at(-1)).not.toHaveProperty('treatAsWithdraw');
    expect(counts(rib)).toEqual({ '192.0.2.1 adj-rib-in pre-policy': 1 });
  });
});
