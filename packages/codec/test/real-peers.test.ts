import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createBmpFramer,
  decodeBmpMessage,
  encodeBmpMessage,
  endOfRibFamily,
  fromHex,
  openCapabilities,
  type BmpMessage,
  type PathAttribute,
  type PerPeerHeader,
} from '../src/index.js';
import { concat } from './helpers.js';

// Oracle: BMP bytes captured from real speakers — GoBGP 3.10.0 and FRR 8.4.4
// bgpd with its BMP module — on loopback (fixtures/*/PROVENANCE.md says how).
// Every message decodes with the values the capture set up and re-encodes
// byte for byte; the framer cuts the concatenated stream into the same messages.

const CAPTURES = ['gobgp-3.10.0/live', 'gobgp-3.10.0/dump', 'frr-8.4.4'] as const;
type Capture = (typeof CAPTURES)[number];

interface Fixture {
  name: string;
  bytes: Uint8Array;
  message: BmpMessage;
}

function load(capture: Capture): Fixture[] {
  const dir = new URL(`./fixtures/${capture}/`, import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hex'))
    .sort()
    .map((name) => {
      const bytes = fromHex(readFileSync(new URL(name, dir), 'utf8').trim());
      const r = decodeBmpMessage(bytes);
      if (!r.ok) throw new Error(`${capture}/${name}: ${JSON.stringify(r.error)}`);
      return { name, bytes, message: r.value };
    });
}

const fixtures = Object.fromEntries(CAPTURES.map((c) => [c, load(c)])) as Record<Capture, Fixture[]>;

function attr<T extends PathAttribute['type']>(m: BmpMessage, type: T): Extract<PathAttribute, { type: T }> | undefined {
  if (m.type !== 'route-monitoring') throw new Error(`expected Route Monitoring, got ${m.type}`);
  return m.update.pathAttributes.find((a) => a.type === type) as Extract<PathAttribute, { type: T }> | undefined;
}

/** What a Route Monitoring message says, in one comparable line per message. */
function rmSummary(m: BmpMessage): string {
  if (m.type !== 'route-monitoring') return m.type;
  const p = m.peer;
  const view = p.peerType === 3 ? 'loc-rib' : p.flags.postPolicy ? 'post' : 'pre';
  const u = m.update;
  const eor = endOfRibFamily(u);
  if (eor !== null) return `${view} EoR ${eor.afi}/${eor.safi}`;
  const reach = attr(m, 'mpReachNlri');
  const unreach = attr(m, 'mpUnreachNlri');
  const ann = [...u.nlri, ...(reach?.nlri ?? [])];
  const wd = [...u.withdrawnRoutes, ...(unreach?.withdrawnRoutes ?? [])];
  return `${view} ${ann.length ? `+${ann.join(',')}` : ''}${wd.length ? `-${wd.join(',')}` : ''}`;
}

const peerB = { peerType: 0, address: '127.0.0.1', asn: 65002, bgpId: '192.0.2.12', distinguisher: '0000000000000000' } satisfies Partial<PerPeerHeader>;
const gobgpLocRib = { peerType: 3, flags: { filtered: false }, address: '0.0.0.0', asn: 65001, bgpId: '192.0.2.11' } satisfies Partial<PerPeerHeader>;

/** The route 198.51.100.0/24 as B announced it (gobgp global rib add … community 65002:100 large-community 65002:1:2), with `asPath` as seen. */
function route198(asns: number[]): PathAttribute[] {
  return [
    { type: 'origin', value: 'igp' },
    { type: 'asPath', segments: [{ type: 'sequence', asns }] },
    { type: 'nextHop', value: '192.0.2.200' },
    { type: 'communities', values: ['65002:100'] },
    { type: 'largeCommunities', values: ['65002:1:2'] },
  ];
}

/** RFC 8203 shutdown communication as sent by `gobgp neighbor … shutdown --reason "fixture capture"`. */
const SHUTDOWN_COMMUNICATION = Uint8Array.from([15, ...new TextEncoder().encode('fixture capture')]);

describe('real-peer fixtures', () => {
  for (const capture of CAPTURES) {
    it(`${capture}: every message decodes, names its type, re-encodes byte for byte, and frames back out of the stream`, () => {
      const list = fixtures[capture];
      expect(list.length).toBeGreaterThan(10);
      for (const f of list) {
        expect(f.name.replace(/^\d+-|\.hex$/g, ''), f.name).toBe(f.message.type);
        expect(encodeBmpMessage(f.message), `${capture}/${f.name} re-encoded`).toEqual(f.bytes);
      }
      const stream = concat(...list.map((f) => f.bytes));
      const framer = createBmpFramer();
      const out: Uint8Array[] = [];
      for (let at = 0, step = 1; at < stream.length; at += step, step = (step * 7 + 3) % 97) {
        for (const item of framer.push(stream.subarray(at, at + step))) {
          if (!item.ok) throw new Error(JSON.stringify(item.error));
          out.push(item.bytes);
        }
      }
      expect(out).toEqual(list.map((f) => f.bytes));
    });
  }

  it('GoBGP 3.10.0, station configured from the start: live updates, stats, Peer Down, Termination', () => {
    const m = fixtures['gobgp-3.10.0/live'].map((f) => f.message);
    expect(m[0]).toEqual({
      type: 'initiation',
      tlvs: [
        { type: 'sysName', value: 'GoBGP' },
        { type: 'sysDescr', value: '3.10.0' },
      ],
    });
    const up = m[1];
    if (up?.type !== 'peer-up') throw new Error('expected Peer Up');
    expect(up).toMatchObject({
      peer: { ...peerB, flags: { ipv6: false, postPolicy: false, legacyAsPath: false, adjRibOut: false } },
      localAddress: '127.0.0.1',
      remotePort: 20180,
      tlvs: [],
    });
    expect(up.sentOpen).toMatchObject({ myAsn: 65001, bgpId: '192.0.2.11', holdTime: 90 });
    expect(up.receivedOpen).toMatchObject({ myAsn: 65002, bgpId: '192.0.2.12', holdTime: 90 });
    // capabilities: route refresh, FQDN (73), MP IPv4/IPv6 unicast, 4-octet AS, extended next hop (5)
    expect(openCapabilities(up.sentOpen).map((c) => (c.type === 'unknown' ? c.code : c.type))).toEqual(['routeRefresh', 73, 'multiprotocol', 'multiprotocol', 'fourOctetAs', 5]);
    expect(openCapabilities(up.receivedOpen)).toContainEqual({ type: 'fourOctetAs', asn: 65002 });

    expect(m.map(rmSummary)).toEqual([
      'initiation',
      'peer-up',
      'pre +198.51.100.0/24',
      'post +198.51.100.0/24',
      'loc-rib +198.51.100.0/24',
      'pre +203.0.113.0/24',
      'post +203.0.113.0/24',
      'loc-rib +203.0.113.0/24',
      'pre +2001:db8:1::/48',
      'post +2001:db8:1::/48',
      'loc-rib +2001:db8:1::/48',
      'pre -203.0.113.0/24',
      'post -203.0.113.0/24',
      'loc-rib -203.0.113.0/24',
      'statistics-report',
      // when B goes away GoBGP withdraws from post-policy and Loc-RIB only
      'post -198.51.100.0/24',
      'loc-rib -198.51.100.0/24',
      'post -2001:db8:1::/48',
      'loc-rib -2001:db8:1::/48',
      'peer-down',
      'termination',
    ]);
    for (const x of m) {
      if (x.type !== 'route-monitoring') continue;
      expect(x.peer).toMatchObject(x.peer.peerType === 3 ? gobgpLocRib : peerB);
    }
    expect(m[2]).toMatchObject({ update: { withdrawnRoutes: [], nlri: ['198.51.100.0/24'], pathAttributes: route198([65002]) } });
    expect(m[4]).toMatchObject({ update: { pathAttributes: route198([65002]) } });
    expect(m[5]).toMatchObject({
      update: {
        pathAttributes: [
          { type: 'origin', value: 'incomplete' },
          { type: 'asPath', segments: [{ type: 'sequence', asns: [65002] }] },
          { type: 'nextHop', value: '192.0.2.200' },
          { type: 'multiExitDisc', value: 20 },
        ],
      },
    });
    const v6 = m[8] as BmpMessage;
    expect(attr(v6, 'mpReachNlri')).toEqual({ type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8::200'], nlri: ['2001:db8:1::/48'] });
    expect(attr(m[18] as BmpMessage, 'mpUnreachNlri')).toEqual({ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: ['2001:db8:1::/48'] });

    // Statistics: routes in Adj-RIB-In and Loc-RIB (64-bit gauges), treat-as-withdraw counters
    expect(m[14]).toMatchObject({
      peer: peerB,
      stats: [
        { kind: 'gauge', type: 7, value: 2n },
        { kind: 'gauge', type: 8, value: 2n },
        { kind: 'counter', type: 11, value: 1 },
        { kind: 'counter', type: 12, value: 1 },
      ],
    });
    // B shut the session down: reason 3 (remote NOTIFICATION), Cease / Administrative Shutdown with the RFC 8203 message
    expect(m[19]).toMatchObject({
      peer: peerB,
      reason: { kind: 'remote-notification', code: 3, notification: { type: 'notification', code: 6, subcode: 2, data: SHUTDOWN_COMMUNICATION } },
    });
    // `gobgp bmp del`: Termination, reason 4 (permanently administratively closed)
    expect(m[20]).toEqual({ type: 'termination', tlvs: [{ type: 'reason', reason: 4 }] });
  });

  it('GoBGP 3.10.0, station added at run time: table dump with End-of-RIB markers', () => {
    const m = fixtures['gobgp-3.10.0/dump'].map((f) => f.message);
    expect(m.map(rmSummary)).toEqual([
      'initiation',
      'peer-up',
      'loc-rib +198.51.100.0/24',
      'loc-rib +2001:db8:1::/48',
      'pre +198.51.100.0/24',
      'pre EoR 1/1',
      'pre +2001:db8:1::/48',
      'pre EoR 2/1',
      'post +198.51.100.0/24',
      'post EoR 1/1',
      'post +2001:db8:1::/48',
      'post EoR 2/1',
      'loc-rib -198.51.100.0/24',
      'loc-rib -2001:db8:1::/48',
      'peer-down',
      'termination',
    ]);
    // GoBGP quirk kept as sent: its post-policy End-of-RIB markers carry the A (legacy AS_PATH) flag.
    expect(m[9]).toMatchObject({ peer: { flags: { postPolicy: true, legacyAsPath: true } } });
    expect(m[11]).toMatchObject({
      peer: { flags: { postPolicy: true, legacyAsPath: true } },
      update: { pathAttributes: [{ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: [] }] },
    });
    expect(m[4]).toMatchObject({ peer: peerB, update: { nlri: ['198.51.100.0/24'], pathAttributes: route198([65002]) } });
    expect(m[14]).toMatchObject({ reason: { code: 3, notification: { code: 6, subcode: 2 } } });
    expect(m[15]).toEqual({ type: 'termination', tlvs: [{ type: 'reason', reason: 4 }] });
  });

  it('FRR 8.4.4 bgpd -M bmp: sync with End-of-RIB, pre/post-policy, vendor statistic 65531, Peer Down', () => {
    const m = fixtures['frr-8.4.4'].map((f) => f.message);
    expect(m[0]).toEqual({
      type: 'initiation',
      tlvs: [
        { type: 'sysDescr', value: 'FRRouting 8.4.4' },
        { type: 'sysName', value: 'fixture-frr' },
      ],
    });
    const up = m[1];
    if (up?.type !== 'peer-up') throw new Error('expected Peer Up');
    expect(up).toMatchObject({
      peer: { ...peerB, flags: { ipv6: false, postPolicy: false, legacyAsPath: false, adjRibOut: false } },
      localAddress: '127.0.0.1',
      remotePort: 20180,
      tlvs: [],
    });
    expect(up.sentOpen).toMatchObject({ myAsn: 65001, bgpId: '192.0.2.13', holdTime: 180 });
    // FRR sends one capability per optional parameter; kept grouped as sent
    expect(up.sentOpen.parameters.length).toBe(11);
    expect(openCapabilities(up.sentOpen)).toContainEqual({
      type: 'addPath',
      entries: [
        { afi: 1, safi: 1, sendReceive: 1 },
        { afi: 2, safi: 1, sendReceive: 1 },
      ],
    });
    expect(openCapabilities(up.sentOpen)).toContainEqual({ type: 'extendedMessage' });
    expect(up.receivedOpen).toMatchObject({ myAsn: 65002, bgpId: '192.0.2.12' });

    expect(m.map(rmSummary)).toEqual([
      'initiation',
      'peer-up',
      'post +198.51.100.0/24',
      'pre +198.51.100.0/24',
      'post EoR 1/1',
      'pre EoR 1/1',
      'post +2001:db8:1::/48',
      'pre +2001:db8:1::/48',
      'post EoR 2/1',
      'pre EoR 2/1',
      'post +203.0.113.0/24',
      'pre +203.0.113.0/24',
      'statistics-report',
      'post -203.0.113.0/24',
      'pre -203.0.113.0/24',
      'peer-down',
    ]);
    for (const x of m) if (x.type === 'route-monitoring') expect(x.peer).toMatchObject(peerB);
    // FRR's RMs carry its own AS prepended (65001 65002), AS_PATH with the extended-length flag (0x50)
    expect(m[2]).toMatchObject({ update: { nlri: ['198.51.100.0/24'] } });
    expect(attr(m[2] as BmpMessage, 'asPath')).toEqual({ type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 65002] }], flags: 0x50 });
    expect(attr(m[3] as BmpMessage, 'communities')).toEqual({ type: 'communities', values: ['65002:100'] });
    expect(attr(m[3] as BmpMessage, 'largeCommunities')).toEqual({ type: 'largeCommunities', values: ['65002:1:2'] });
    expect(attr(m[6] as BmpMessage, 'mpReachNlri')).toEqual({ type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8::200'], nlri: ['2001:db8:1::/48'], flags: 0x90 });
    expect(attr(m[10] as BmpMessage, 'multiExitDisc')).toEqual({ type: 'multiExitDisc', value: 20 });
    // End-of-RIB markers have timestamp 0; the others a real one with microseconds
    expect(m[4]).toMatchObject({ peer: { timestampSeconds: 0, timestampMicroseconds: 0 } });
    expect((m[2] as Extract<BmpMessage, { type: 'route-monitoring' }>).peer.timestampSeconds).toBeGreaterThan(1_700_000_000);

    expect(m[12]).toMatchObject({
      peer: peerB,
      stats: [
        { kind: 'counter', type: 0, value: 0 },
        { kind: 'counter', type: 4, value: 0 },
        { kind: 'counter', type: 5, value: 0 },
        { kind: 'counter', type: 3, value: 0 },
        { kind: 'counter', type: 2, value: 0 },
        { kind: 'counter', type: 11, value: 0 },
        { kind: 'unknown', type: 65531, value: new Uint8Array(4) }, // FRR vendor type, kept as sent
      ],
    });
    expect(m[15]).toMatchObject({ peer: peerB, reason: { kind: 'remote-notification', code: 3, notification: { code: 6, subcode: 2, data: SHUTDOWN_COMMUNICATION } } });
  });
});
