import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createBmpFramer,
  decodeBmpMessage,
  dissectBmpMessage,
  encodeBmpMessage,
  formatIpv4,
  formatIpv6,
  fromHex,
  openCapabilities,
  PATH_ATTRIBUTE_TYPE,
  toHex,
  type BmpMessage,
  type DissectionNode,
  type PathAttribute,
} from '../src/index.js';
import { SpanRecorder } from '../src/bytes/spans.js';
import { recordBmpMessage } from '../src/dissect.js';
import { bgp, bmp, concat, PEER_A_HEADER, rm, withOwnLength } from './helpers.js';
import { pmbmpdStream } from './pmbmpd-stream.js';
import { allBmpMessages } from './samples.js';

// dissectBmpMessage: a tree of { name, offset, length, value?, children? } for
// a hex-view inspector, recorded by the decoders as they read. For any input,
// every node's children tile it exactly (so each leaf lies inside its parent
// and the leaves cover the message), and each leaf's value is what its bytes say.

function* nodes(n: DissectionNode): Generator<DissectionNode> {
  yield n;
  for (const c of n.children ?? []) yield* nodes(c);
}

/** Throws unless every node's children are contiguous, in order, and cover it exactly. */
function checkTiling(n: DissectionNode, path = n.name): void {
  if (!Number.isInteger(n.offset) || !Number.isInteger(n.length) || n.offset < 0 || n.length < 0) throw new Error(`${path}: bad span ${n.offset}+${n.length}`);
  if (n.children === undefined) return;
  let at = n.offset;
  for (const c of n.children) {
    if (c.offset !== at) throw new Error(`${path} > ${c.name}: starts at ${c.offset}, expected ${at}`);
    checkTiling(c, `${path} > ${c.name}`);
    at += c.length;
  }
  if (at !== n.offset + n.length) throw new Error(`${path}: children end at ${at}, the node at ${n.offset + n.length}`);
}

function leaves(n: DissectionNode): DissectionNode[] {
  return [...nodes(n)].filter((x) => x.children === undefined);
}

/** Big-endian unsigned value of `b[at, at + n)` as a bigint. */
function beAt(b: Uint8Array, at: number, n: number): bigint {
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[at + i] as number);
  return v;
}

/**
 * The exact-highlight check: every leaf whose value can be read back from its
 * own bytes is, and has the width of its kind: numbers are the big-endian
 * value of 1, 2, 4 or 8 bytes, `name (code)` labels of 1 or 2, hex strings
 * are the bytes, addresses and communities their 4, 12 or 16 bytes.
 * Returns how many leaves were checked.
 */
function checkLeafBytes(bytes: Uint8Array, d: DissectionNode, where: string): number {
  let checked = 0;
  const u32 = (at: number) => Number(beAt(bytes, at, 4));
  const u16 = (at: number) => Number(beAt(bytes, at, 2));
  for (const l of leaves(d)) {
    if (l.name === 'malformed' || l.name === 'not decoded' || l.value === undefined) continue;
    const at = `${where} > ${l.name} @${l.offset}+${l.length} = ${String(l.value)}`;
    const v = l.value;
    const coded = typeof v === 'string' ? /\((\d+)\)$/.exec(v) : null;
    const width = (...ok: number[]) => expect(ok, `${at}: width`).toContain(l.length);
    if (typeof v === 'number') {
      width(1, 2, 4, 8);
      expect(beAt(bytes, l.offset, l.length), at).toBe(BigInt(v));
    } else if (typeof v !== 'string') continue;
    else if (l.name === 'gauge') {
      width(8);
      expect(beAt(bytes, l.offset, 8).toString(), at).toBe(v);
    } else if (/^[0-9a-f]*$/.test(v) && v.length === 2 * l.length) expect(toHex(bytes.subarray(l.offset, l.offset + l.length)), at).toBe(v);
    else if (/^0x[0-9a-f]{2}/.test(v)) {
      width(1);
      expect(`0x${toHex(bytes.subarray(l.offset, l.offset + 1))}`, at).toBe(v.slice(0, 4));
    } else if (coded !== null) {
      width(1, 2);
      expect(beAt(bytes, l.offset, l.length), at).toBe(BigInt(coded[1] as string));
    } else if (/^\d+\.\d+\.\d+\.\d+$/.test(v)) {
      width(4, 16);
      expect(formatIpv4(bytes, l.offset + l.length - 4), at).toBe(v);
    } else if (/^[0-9a-f]*:[0-9a-f:]*$/.test(v) && /[a-f]|::/.test(v)) {
      width(16);
      expect(formatIpv6(bytes, l.offset), at).toBe(v);
    } else if (/^\d+:\d+$/.test(v)) {
      width(4);
      expect(`${u16(l.offset)}:${u16(l.offset + 2)}`, at).toBe(v);
    } else if (/^\d+:\d+:\d+$/.test(v)) {
      width(12);
      expect(`${u32(l.offset)}:${u32(l.offset + 4)}:${u32(l.offset + 8)}`, at).toBe(v);
    } else continue;
    checked++;
  }
  return checked;
}

/** Wire width of every fixed-size field, by its name in the tree (the layout of RFC 7854 / RFC 4271 and friends). */
const WIDTH: Readonly<Record<string, readonly number[]>> = {
  version: [1],
  'message length': [4],
  'message type': [1],
  'peer type': [1],
  'peer flags': [1],
  'peer distinguisher': [8],
  'peer address': [16],
  'peer AS': [4],
  'peer BGP ID': [4],
  'timestamp (seconds)': [4],
  'timestamp (microseconds)': [4],
  marker: [16],
  'my AS': [2],
  'hold time': [2],
  'BGP identifier': [4],
  'optional parameters length': [1],
  'parameter type': [1],
  'parameter length': [1],
  'capability code': [1],
  'capability length': [1],
  AFI: [2],
  SAFI: [1],
  reserved: [1],
  subtype: [1],
  AS: [4],
  'send/receive': [1],
  'withdrawn routes length': [2],
  'total path attribute length': [2],
  'prefix length': [1],
  flags: [1],
  'type code': [1],
  origin: [1],
  'segment type': [1],
  'segment length (ASNs)': [1],
  ASN: [2, 4],
  'next hop': [4, 16, 32],
  MED: [4],
  'local preference': [4],
  'aggregator AS': [2, 4],
  'aggregator address': [4],
  community: [4],
  'originator ID': [4],
  'cluster ID': [4],
  'extended community': [8],
  'large community': [12],
  'next hop length': [1],
  'IPv4 next hop': [4],
  'IPv6 next hop': [16],
  'IPv6 link-local next hop': [16],
  'error code': [1],
  'error subcode': [1],
  'stats count': [4],
  'stat type': [2],
  'stat length': [2],
  counter: [4],
  gauge: [8],
  reason: [1],
  'FSM event code': [2],
  'local address': [16],
  'local port': [2],
  'remote port': [2],
  code: [2],
};

/** Every fixed-size field has its wire width. Returns how many were checked. */
function checkWidths(d: DissectionNode, where: string): number {
  let checked = 0;
  for (const n of nodes(d)) {
    const w = WIDTH[n.name];
    if (w === undefined) continue;
    expect(w, `${where} > ${n.name} @${n.offset}+${n.length}`).toContain(n.length);
    checked++;
  }
  return checked;
}

/** Length fields agree with the spans of what they measure. Returns how many were checked. */
function checkDeclaredLengths(d: DissectionNode, where: string): number {
  let checked = 0;
  const same = (what: string, declared: unknown, span: number | undefined) => {
    expect(span, `${where} > ${what}`).toBe(declared);
    checked++;
  };
  for (const n of nodes(d)) {
    const kids = n.children ?? [];
    const kid = (name: string) => kids.find((k) => k.name === name);
    for (const [i, k] of kids.entries()) {
      const next = kids[i + 1];
      if (k.name === 'message length') same('message length', k.value, d.length);
      else if (k.name === 'length' && n.name === 'BGP header') continue;
      else if (k.name === 'length' && next?.name === 'value') same(`${n.name} length`, k.value, next.length);
      // a TLV-like structure: what follows its length field
      else if (k.name === 'stat length' || k.name === 'capability length' || k.name === 'parameter length') same(k.name, k.value, n.offset + n.length - (k.offset + k.length));
      else if (k.name === 'optional parameters length') same(k.name, k.value, kid('optional parameters')?.length);
      else if (k.name === 'withdrawn routes length') same(k.name, k.value, kid('withdrawn routes')?.length);
      else if (k.name === 'total path attribute length') same(k.name, k.value, kid('path attributes')?.length);
      else if (k.name === 'next hop length') same(k.name, k.value, kid('next hop')?.length);
      else if (k.name === 'prefix length') same(k.name, Math.ceil(Number(k.value) / 8), kid('prefix bytes')?.length ?? 0);
    }
    if (kids[0]?.name === 'BGP header') same(`${n.name} BGP length`, kids[0].children?.find((c) => c.name === 'length')?.value, n.length);
  }
  return checked;
}

/** The tree's name for a decoded path attribute. */
function attributeName(a: PathAttribute): string {
  const code = a.type === 'unknown' ? a.code : PATH_ATTRIBUTE_TYPE[ATTRIBUTE_KEY[a.type]];
  const name = Object.entries(PATH_ATTRIBUTE_TYPE).find(([, c]) => c === code)?.[0];
  return name ?? `attribute ${code}`;
}
const ATTRIBUTE_KEY: Record<Exclude<PathAttribute['type'], 'unknown'>, keyof typeof PATH_ATTRIBUTE_TYPE> = {
  origin: 'ORIGIN',
  asPath: 'AS_PATH',
  nextHop: 'NEXT_HOP',
  multiExitDisc: 'MULTI_EXIT_DISC',
  localPref: 'LOCAL_PREF',
  atomicAggregate: 'ATOMIC_AGGREGATE',
  aggregator: 'AGGREGATOR',
  communities: 'COMMUNITIES',
  originatorId: 'ORIGINATOR_ID',
  clusterList: 'CLUSTER_LIST',
  mpReachNlri: 'MP_REACH_NLRI',
  mpUnreachNlri: 'MP_UNREACH_NLRI',
  extendedCommunities: 'EXTENDED_COMMUNITIES',
  as4Path: 'AS4_PATH',
  as4Aggregator: 'AS4_AGGREGATOR',
  largeCommunities: 'LARGE_COMMUNITY',
};

/** The values a decoded attribute shows in its `value` structure, in byte order. */
function attributeValues(a: PathAttribute): unknown[] {
  switch (a.type) {
    case 'origin':
      return [`${a.value.toUpperCase()} (${['igp', 'egp', 'incomplete'].indexOf(a.value)})`];
    case 'asPath':
    case 'as4Path':
      return a.segments.flatMap((s) => [
        `${{ set: 'AS_SET', sequence: 'AS_SEQUENCE', confedSequence: 'AS_CONFED_SEQUENCE', confedSet: 'AS_CONFED_SET' }[s.type]} of ${s.asns.length}`,
        ...s.asns,
      ]);
    case 'nextHop':
    case 'originatorId':
    case 'multiExitDisc':
    case 'localPref':
      return [a.value];
    case 'atomicAggregate':
      return [];
    case 'aggregator':
    case 'as4Aggregator':
      return [a.asn, a.address];
    case 'communities':
    case 'clusterList':
    case 'extendedCommunities':
    case 'largeCommunities':
      return a.values;
    case 'mpReachNlri':
      return [a.afi, a.safi, ...a.nextHops, ...a.nlri];
    case 'mpUnreachNlri':
      return [a.afi, a.safi, ...a.withdrawnRoutes];
    case 'unknown':
      return [toHex(a.value)];
  }
}

/** The values under an attribute's `value` node that {@link attributeValues} lists (segment and prefix summaries, leaves otherwise). */
function shownValues(value: DissectionNode): unknown[] {
  const out: unknown[] = [];
  const walk = (n: DissectionNode): void => {
    for (const c of n.children ?? []) {
      if (c.name === 'segment' || c.name === 'prefix') out.push(c.value);
      if (c.name === 'prefix') continue;
      if (c.children === undefined) {
        if (!['segment type', 'segment length (ASNs)', 'next hop length', 'reserved'].includes(c.name)) out.push(c.value);
      } else walk(c);
    }
  };
  walk(value);
  // MP_UNREACH/MP_REACH opaque and unknown values are hex; ORIGIN and the rest are as decoded
  return out;
}

function fixtureMessages(): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const dir of ['gobgp-3.10.0/live', 'gobgp-3.10.0/dump', 'frr-8.4.4']) {
    const url = new URL(`./fixtures/${dir}/`, import.meta.url);
    for (const f of readdirSync(url)
      .filter((x) => x.endsWith('.hex'))
      .sort())
      out.push({ name: `${dir}/${f}`, bytes: fromHex(readFileSync(new URL(f, url), 'utf8')) });
  }
  const harness = fromHex(readFileSync(new URL('./fixtures/harness-sample/stream.hex', import.meta.url), 'utf8'));
  for (const [i, item] of createBmpFramer().push(harness).entries()) if (item.ok) out.push({ name: `harness #${i}`, bytes: item.bytes });
  return out;
}

const valid: { name: string; bytes: Uint8Array }[] = [
  ...allBmpMessages.map((m, i) => ({ name: `sample #${i} ${m.type}`, bytes: encodeBmpMessage(m) })),
  ...pmbmpdStream.map((m, i) => ({ name: `pmbmpd stream #${i} ${m.type}`, bytes: encodeBmpMessage(m) })),
  ...fixtureMessages(),
];

/** The prefixes of a Route Monitoring message in byte order: withdrawn, MP attributes in order, NLRI. */
function prefixesInOrder(m: BmpMessage): string[] {
  if (m.type !== 'route-monitoring') return [];
  const u = m.update;
  const mp = u.pathAttributes.flatMap((a) => (a.type === 'mpReachNlri' ? a.nlri : a.type === 'mpUnreachNlri' ? a.withdrawnRoutes : []));
  return [...u.withdrawnRoutes, ...mp, ...u.nlri];
}

describe('dissectBmpMessage', () => {
  it(`tiles and labels ${valid.length} valid messages (samples, pmbmpd stream, GoBGP/FRR/harness fixtures) with the decoded values`, () => {
    for (const { name, bytes } of valid) {
      const d = dissectBmpMessage(bytes);
      const decoded = decodeBmpMessage(bytes);
      if (!decoded.ok) throw new Error(`${name}: ${decoded.error.message}`);
      const m = decoded.value;
      expect(d.error, name).toBeUndefined();
      expect({ offset: d.offset, length: d.length, value: d.value }, name).toEqual({ offset: 0, length: bytes.length, value: m.type });
      checkTiling(d);
      const all = [...nodes(d)];
      expect(
        all.filter((n) => n.name === 'malformed' || n.name === 'trailing data' || n.name === 'not decoded').map((n) => `${n.name} @${n.offset}: ${String(n.value)}`),
        name,
      ).toEqual([]);
      expect(checkLeafBytes(bytes, d, name), name).toBeGreaterThan(3);
      expect(checkDeclaredLengths(d, name), name).toBeGreaterThan(0);
      expect(checkWidths(d, name), name).toBeGreaterThanOrEqual(3);
      expect(
        leaves(d).reduce((s, l) => s + l.length, 0),
        name,
      ).toBe(bytes.length);
      expect(
        leaves(d).filter((l) => l.length === 0),
        `${name}: fields are never empty (structures may be)`,
      ).toEqual([]);
      expect(() => JSON.stringify(d), name).not.toThrow(); // JSON-friendly values (no bigint)
      // values agree with the decoder
      const header = d.children?.[0];
      expect(
        header?.children?.map((c) => [c.name, c.offset, c.length]),
        name,
      ).toEqual([
        ['version', 0, 1],
        ['message length', 1, 4],
        ['message type', 5, 1],
      ]);
      if ('peer' in m) {
        const pph = all.find((n) => n.name === 'per-peer header');
        expect({ offset: pph?.offset, length: pph?.length }, name).toEqual({ offset: 6, length: 42 });
        expect(all.find((n) => n.name === 'peer AS')?.value, name).toBe(m.peer.asn);
        expect(all.find((n) => n.name === 'peer address')?.value, name).toBe(m.peer.address);
        expect(all.find((n) => n.name === 'peer BGP ID')?.value, name).toBe(m.peer.bgpId);
      }
      const bgpNodes = all.filter((n) => ['BGP message', 'sent OPEN', 'received OPEN', 'BGP NOTIFICATION'].includes(n.name));
      for (const b of bgpNodes) expect(b.children?.[0]?.name, name).toBe('BGP header');
      if (m.type === 'route-monitoring') {
        expect(
          all.filter((n) => n.name === 'prefix').map((n) => n.value),
          name,
        ).toEqual(prefixesInOrder(m));
        expect(
          bgpNodes.map((n) => [n.offset, n.value]),
          name,
        ).toEqual([[48, 'UPDATE']]);
        const attrs = all.find((n) => n.name === 'path attributes')?.children ?? [];
        expect(
          attrs.map((a) => a.name),
          name,
        ).toEqual(m.update.pathAttributes.map(attributeName));
        for (const [i, a] of m.update.pathAttributes.entries()) {
          const node = attrs[i] as DissectionNode;
          expect(
            node.children?.map((c) => c.name),
            `${name} ${node.name}`,
          ).toEqual(['flags', 'type code', 'length', 'value']);
          const value = node.children?.[3] as DissectionNode;
          expect(node.children?.[2]?.value, `${name} ${node.name}`).toBe(value.length);
          const opaqueMp = a.type === 'unknown' && (a.code === 14 || a.code === 15);
          if (!opaqueMp) expect(shownValues(value), `${name} ${node.name}`).toEqual(attributeValues(a));
        }
      }
      if (m.type === 'statistics-report') {
        expect(all.filter((n) => n.name === 'stat type').length, name).toBe(m.stats.length);
        const values = all.filter((n) => n.name === 'counter' || n.name === 'gauge').map((n) => String(n.value));
        expect(values, name).toEqual(m.stats.filter((s) => s.kind !== 'unknown').map((s) => String(s.value)));
        expect(
          all.filter((n) => n.name === 'AFI').map((n) => n.value),
          name,
        ).toEqual(m.stats.flatMap((s) => (s.kind === 'afiSafiGauge' ? [s.afi] : [])));
      }
      if (m.type === 'peer-up') {
        expect(all.find((n) => n.name === 'local address')?.value, name).toBe(m.localAddress);
        expect(
          bgpNodes.map((n) => [n.name, n.value]),
          name,
        ).toEqual([
          ['sent OPEN', 'OPEN'],
          ['received OPEN', 'OPEN'],
        ]);
        expect(
          all.filter((n) => n.name === 'my AS').map((n) => n.value),
          name,
        ).toEqual([m.sentOpen.myAsn, m.receivedOpen.myAsn]);
        expect(
          all.filter((n) => n.name === 'BGP identifier').map((n) => n.value),
          name,
        ).toEqual([m.sentOpen.bgpId, m.receivedOpen.bgpId]);
        expect(all.filter((n) => n.name === 'capability').length, name).toBe(openCapabilities(m.sentOpen).length + openCapabilities(m.receivedOpen).length);
      }
      if (m.type === 'initiation' || m.type === 'peer-up' || (m.type === 'peer-down' && m.reason.kind === 'local-system-closed-tlv')) {
        const tlvs = m.type === 'peer-down' && m.reason.kind === 'local-system-closed-tlv' ? m.reason.tlvs : m.type === 'peer-down' ? [] : m.tlvs;
        expect(
          all.filter((n) => n.name === 'information TLV').map((n) => n.children?.[2]?.value ?? ''),
          name,
        ).toEqual(tlvs.map((t) => (t.type === 'unknown' ? toHex(t.value) : t.value)));
      }
      if (m.type === 'peer-down') {
        expect(all.find((n) => n.name === 'reason')?.value, name).toMatch(new RegExp(`\\(${m.reason.code}\\)$`));
        if ('notification' in m.reason) {
          const n = m.reason.notification;
          expect(
            bgpNodes.map((b) => [b.name, b.value]),
            name,
          ).toEqual([['BGP NOTIFICATION', 'NOTIFICATION']]);
          expect([all.find((x) => x.name === 'error code')?.value, all.find((x) => x.name === 'error subcode')?.value], name).toEqual([
            expect.stringMatching(new RegExp(`\\(${n.code}\\)$`)),
            expect.anything(),
          ]);
        }
        if (m.reason.kind === 'local-no-notification') expect(all.find((x) => x.name === 'FSM event code')?.value, name).toBe(m.reason.fsmEvent);
      }
      if (m.type === 'termination') {
        expect(
          all.filter((n) => n.name === 'termination TLV').map((n) => n.children?.[2]?.value),
          name,
        ).toEqual(m.tlvs.map((t) => (t.type === 'reason' ? expect.stringMatching(new RegExp(`\\(${t.reason}\\)$`)) : t.type === 'string' ? t.value : toHex(t.value))));
      }
      if (m.type === 'route-mirroring') {
        const tlvNodes = all.filter((n) => n.name === 'route mirroring TLV');
        expect(
          tlvNodes.map((n) => n.value),
          name,
        ).toEqual(m.tlvs.map((t) => (t.type === 'information' ? 'information' : t.type === 'unknown' ? `type ${t.code}` : 'BGP message')));
        expect(
          bgpNodes.map((n) => n.value),
          name,
        ).toEqual(m.tlvs.flatMap((t) => (t.type === 'bgpMessage' ? [t.message.type.toUpperCase()] : [])));
      }
    }
  });

  it('an RM in full: offsets of the BGP header, attributes and prefixes', () => {
    const bytes = fromHex(readFileSync(new URL('./fixtures/frr-8.4.4/03-route-monitoring.hex', import.meta.url), 'utf8'));
    const d = dissectBmpMessage(bytes);
    const find = (name: string) => [...nodes(d)].find((n) => n.name === name);
    expect(find('marker')).toMatchObject({ offset: 48, length: 16 });
    expect(find('BGP message')).toMatchObject({ offset: 48, length: 74, value: 'UPDATE' });
    expect(find('AS_PATH')).toMatchObject({ offset: 75, length: 14 });
    expect(find('segment')?.children?.map((c) => c.value)).toEqual(['AS_SEQUENCE (2)', 2, 65001, 65002]);
    expect(find('large community')).toMatchObject({ offset: 106, length: 12, value: '65002:1:2' });
    expect(find('prefix')).toMatchObject({
      offset: 118,
      length: 4,
      value: '198.51.100.0/24',
      children: [
        { name: 'prefix length', offset: 118, length: 1, value: 24 },
        { name: 'prefix bytes', offset: 119, length: 3 },
      ],
    });
  });

  it('64-bit gauges beyond 2^53 are decimal strings; FRR vendor statistic is opaque', () => {
    const big = encodeBmpMessage({
      type: 'statistics-report',
      peer: (allBmpMessages[1] as Extract<BmpMessage, { type: 'peer-up' }>).peer,
      stats: [{ kind: 'gauge', type: 7, value: 0xffffffffffffffffn }],
    });
    expect([...nodes(dissectBmpMessage(big))].find((n) => n.name === 'gauge')?.value).toBe('18446744073709551615');
    const frr = fromHex(readFileSync(new URL('./fixtures/frr-8.4.4/13-statistics-report.hex', import.meta.url), 'utf8'));
    const vendor = [...nodes(dissectBmpMessage(frr))].filter((n) => n.name === 'statistic').at(-1);
    expect(vendor).toMatchObject({
      value: 'type 65531',
      children: [
        { name: 'stat type', value: 'unknown (65531)' },
        { name: 'stat length', value: 4 },
        { name: 'value', value: '00000000' },
      ],
    });
  });

  it('every truncation of every sample still tiles, marks what is missing and carries the decode error', () => {
    for (const m of allBmpMessages) {
      const full = encodeBmpMessage(m);
      for (let n = 0; n < full.length; n++) {
        for (const [cut, lengthKept] of [
          [full.subarray(0, n), true],
          [withOwnLength(full.subarray(0, n)), false],
        ] as const) {
          const d = dissectBmpMessage(cut);
          checkTiling(d);
          expect(d.length).toBe(cut.length);
          const decoded = decodeBmpMessage(cut);
          if (!decoded.ok) {
            expect(d.error).toEqual(decoded.error);
            // a cut that keeps the declared length always shows where bytes are missing
            if (lengthKept || n < 6)
              expect(
                [...nodes(d)].some((x) => x.name === 'malformed' || /present\)$/.test(String(x.value))),
                `cut at ${n}`,
              ).toBe(true);
          }
        }
      }
    }
  });

  it('survives 30,000 random and mutated frames: never throws, always tiles', () => {
    let s = 12345;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0), s >>> 8);
    const seeds = valid.map((v) => v.bytes);
    for (let i = 0; i < 30_000; i++) {
      const base = seeds[rand() % seeds.length] as Uint8Array;
      const b = i % 5 === 0 ? new Uint8Array(rand() % 200).map(() => rand() & 0xff) : base.slice();
      for (let k = 0, n = 1 + (rand() % 4); k < n && b.length > 0 && i % 5 !== 0; k++) b[rand() % b.length] = rand() & 0xff;
      const d = dissectBmpMessage(b);
      checkTiling(d);
      if (d.length !== b.length) throw new Error('root does not cover the input');
      // the tree stops where the decoder stops, with its message
      const declared = b.length >= 5 ? Number(beAt(b, 1, 4)) : -1;
      const malformed = leaves(d)
        .filter((l) => l.name === 'malformed')
        .map((l) => l.value);
      if (d.error !== undefined && declared === b.length && !malformed.includes(d.error.message)) throw new Error(`no malformed leaf says ${d.error.message}`);
      if (d.error === undefined && leaves(d).some((l) => l.name === 'not decoded')) throw new Error('a decoded message has undecoded bytes');
    }
  });

  it('bytes after the declared length are trailing data', () => {
    const msg = encodeBmpMessage(allBmpMessages[0] as BmpMessage);
    const d = dissectBmpMessage(Uint8Array.from([...msg, 1, 2]));
    expect(d.children?.at(-1)).toEqual({ name: 'trailing data', offset: msg.length, length: 2, value: '0102' });
    expect(d.error?.code).toBe('BMP_LENGTH_MISMATCH');
  });

  it('where decoding fails, the tree shows what was read, the error, then what was not decoded', () => {
    // ORIGIN 3 is treat-as-withdraw: the UPDATE fails there
    const bytes = rm('0000 000b 40010103 400304c0000201 18c63364');
    const d = dissectBmpMessage(bytes);
    checkTiling(d);
    const error = decodeBmpMessage(bytes);
    if (error.ok) throw new Error('should fail');
    expect(d.error).toEqual(error.error);
    const origin = [...nodes(d)].find((n) => n.name === 'ORIGIN');
    expect(origin?.children?.[3]?.children).toEqual([
      { name: 'origin', offset: 74, length: 1, value: 'invalid (3)' },
      { name: 'malformed', offset: 75, length: 0, value: error.error.message },
    ]);
    const rest = leaves(d)
      .filter((l) => l.name === 'not decoded')
      .map((l) => [l.offset, l.length]);
    expect(rest).toEqual([
      [75, 7],
      [82, 4],
    ]); // the rest of the path attributes, then the NLRI
    expect([...nodes(d)].some((n) => n.name === 'NEXT_HOP' || n.name === 'prefix')).toBe(false);
  });

  it('an attribute discarded under RFC 7606 shows its error and decoding goes on', () => {
    // ORIGIN, a 7-byte AS4_AGGREGATOR (discarded), NEXT_HOP, NLRI 198.51.100.0/24
    const bytes = rm('0000 0015 40010100 c01207fde9c0000201ff 400304c0000201 18c63364');
    const decoded = decodeBmpMessage(bytes);
    if (!decoded.ok || decoded.value.type !== 'route-monitoring') throw new Error('should decode');
    const d = dissectBmpMessage(bytes);
    checkTiling(d);
    expect(d.error).toBeUndefined();
    const attrs = [...nodes(d)].find((n) => n.name === 'path attributes')?.children ?? [];
    expect(attrs.map((a) => a.name)).toEqual(['ORIGIN', 'AS4_AGGREGATOR', 'NEXT_HOP']);
    expect(attrs[1]?.children?.[3]?.children).toEqual([{ name: 'malformed', offset: 78, length: 7, value: decoded.value.update.warnings?.[0]?.message }]);
    expect([...nodes(d)].filter((n) => n.name === 'prefix').map((n) => n.value)).toEqual(['198.51.100.0/24']);
  });

  it('a mirrored PDU that does not decode is shown up to its error; the next TLV is decoded', () => {
    const badMarker = bgp(4, '');
    badMarker[3] = 0;
    const tlv = (type: number, v: Uint8Array) => concat(Uint8Array.of(type >> 8, type & 255, v.length >> 8, v.length & 255), v);
    const bytes = bmp(6, concat(PEER_A_HEADER, tlv(0, badMarker), tlv(1, Uint8Array.of(0, 1))));
    const decoded = decodeBmpMessage(bytes);
    if (!decoded.ok || decoded.value.type !== 'route-mirroring') throw new Error('should decode');
    const errored = decoded.value.tlvs[0];
    if (errored?.type !== 'erroredBgpMessage') throw new Error('expected an errored PDU');
    const d = dissectBmpMessage(bytes);
    checkTiling(d);
    const tlvs = [...nodes(d)].filter((n) => n.name === 'route mirroring TLV');
    expect(tlvs[0]?.children?.[2]).toEqual({ name: 'value', offset: 52, length: 19, children: [{ name: 'malformed', offset: 52, length: 19, value: errored.error.message }] });
    expect(tlvs[1]?.children?.[2]).toEqual({ name: 'code', offset: 75, length: 2, value: 'messages lost (1)' });
  });
});

describe('span recording is the decoder, and costs nothing when off', () => {
  const methods = ['open', 'field', 'close', 'abandon'] as const;
  afterEach(() => vi.restoreAllMocks());
  const mutated = valid.flatMap(({ bytes }, i) => [
    bytes,
    withOwnLength(bytes.subarray(0, Math.max(6, bytes.length - 1 - (i % 7)))),
    bytes.map((x, j) => (j === 60 + (i % 40) ? x ^ 0x41 : x)),
  ]);

  it('decodeBmpMessage (no recorder) makes no span call; dissecting does', () => {
    const spies = methods.map((m) => vi.spyOn(SpanRecorder.prototype, m));
    for (const b of mutated) decodeBmpMessage(b);
    expect(spies.map((s) => s.mock.calls.length)).toEqual([0, 0, 0, 0]);
    for (const b of mutated) dissectBmpMessage(b);
    expect(spies.every((s) => s.mock.calls.length > 0)).toBe(true);
  });

  it('recording does not change what is decoded', () => {
    for (const b of mutated) expect(recordBmpMessage(b).decoded).toEqual(decodeBmpMessage(b));
  });
});
