import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBmpFramer, decodeBmpMessage, dissectBmpMessage, encodeBmpMessage, fromHex, type BmpMessage, type DissectionNode } from '../src/index.js';
import { withOwnLength } from './helpers.js';
import { pmbmpdStream } from './pmbmpd-stream.js';
import { allBmpMessages } from './samples.js';

// dissectBmpMessage: a tree of { name, offset, length, value?, children? } for
// a hex-view inspector. For any input, every node's children tile it exactly
// (so each leaf lies inside its parent and the leaves cover the message).

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

function fixtureMessages(): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const dir of ['gobgp-3.10.0/live', 'gobgp-3.10.0/dump', 'frr-8.4.4']) {
    const url = new URL(`./fixtures/${dir}/`, import.meta.url);
    for (const f of readdirSync(url).filter((x) => x.endsWith('.hex')).sort()) out.push({ name: `${dir}/${f}`, bytes: fromHex(readFileSync(new URL(f, url), 'utf8')) });
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
      expect(all.filter((n) => n.name === 'malformed' || n.name === 'trailing data').map((n) => `${n.name} @${n.offset}: ${String(n.value)}`), name).toEqual([]);
      expect(leaves(d).reduce((s, l) => s + l.length, 0), name).toBe(bytes.length);
      expect(leaves(d).filter((l) => l.length === 0), `${name}: fields are never empty (structures may be)`).toEqual([]);
      expect(() => JSON.stringify(d), name).not.toThrow(); // JSON-friendly values (no bigint)
      // values agree with the decoder
      const header = d.children?.[0];
      expect(header?.children?.map((c) => [c.name, c.offset, c.length]), name).toEqual([['version', 0, 1], ['message length', 1, 4], ['message type', 5, 1]]);
      if ('peer' in m) {
        const pph = all.find((n) => n.name === 'per-peer header');
        expect({ offset: pph?.offset, length: pph?.length }, name).toEqual({ offset: 6, length: 42 });
        expect(all.find((n) => n.name === 'peer AS')?.value, name).toBe(m.peer.asn);
        expect(all.find((n) => n.name === 'peer address')?.value, name).toBe(m.peer.address);
        expect(all.find((n) => n.name === 'peer BGP ID')?.value, name).toBe(m.peer.bgpId);
      }
      if (m.type === 'route-monitoring') expect(all.filter((n) => n.name === 'prefix').map((n) => n.value), name).toEqual(prefixesInOrder(m));
      if (m.type === 'statistics-report') {
        expect(all.filter((n) => n.name === 'stat type').length, name).toBe(m.stats.length);
        const values = all.filter((n) => n.name === 'counter' || n.name === 'gauge').map((n) => String(n.value));
        expect(values, name).toEqual(m.stats.filter((s) => s.kind !== 'unknown').map((s) => String(s.value)));
      }
      if (m.type === 'peer-up') {
        expect(all.find((n) => n.name === 'local address')?.value, name).toBe(m.localAddress);
        expect(all.filter((n) => n.name === 'my AS').map((n) => n.value), name).toEqual([m.sentOpen.myAsn, m.receivedOpen.myAsn]);
      }
      if (m.type === 'initiation') {
        expect(all.filter((n) => n.name === 'information TLV').map((n) => n.children?.[2]?.value ?? ''), name).toEqual(m.tlvs.map((t) => (t.type === 'unknown' ? '' : t.value)));
      }
      if (m.type === 'peer-down') expect(all.find((n) => n.name === 'reason')?.value, name).toMatch(new RegExp(`\\(${m.reason.code}\\)$`));
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
    expect(find('prefix')).toMatchObject({ offset: 118, length: 4, value: '198.51.100.0/24', children: [{ name: 'prefix length', offset: 118, length: 1, value: 24 }, { name: 'prefix bytes', offset: 119, length: 3 }] });
  });

  it('64-bit gauges beyond 2^53 are decimal strings; FRR vendor statistic is opaque', () => {
    const big = encodeBmpMessage({ type: 'statistics-report', peer: (allBmpMessages[1] as Extract<BmpMessage, { type: 'peer-up' }>).peer, stats: [{ kind: 'gauge', type: 7, value: 0xffffffffffffffffn }] });
    expect([...nodes(dissectBmpMessage(big))].find((n) => n.name === 'gauge')?.value).toBe('18446744073709551615');
    const frr = fromHex(readFileSync(new URL('./fixtures/frr-8.4.4/13-statistics-report.hex', import.meta.url), 'utf8'));
    const vendor = [...nodes(dissectBmpMessage(frr))].filter((n) => n.name === 'statistic').at(-1);
    expect(vendor).toMatchObject({ value: 'type 65531', children: [{ name: 'stat type', value: 'unknown (65531)' }, { name: 'stat length', value: 4 }, { name: 'value', value: '00000000' }] });
  });

  it('every truncation of every sample still tiles, marks what is missing and carries the decode error', () => {
    for (const m of allBmpMessages) {
      const full = encodeBmpMessage(m);
      for (let n = 0; n < full.length; n++) {
        for (const [cut, lengthKept] of [[full.subarray(0, n), true], [withOwnLength(full.subarray(0, n)), false]] as const) {
          const d = dissectBmpMessage(cut);
          checkTiling(d);
          expect(d.length).toBe(cut.length);
          const decoded = decodeBmpMessage(cut);
          if (!decoded.ok) {
            expect(d.error).toEqual(decoded.error);
            // a cut that keeps the declared length always shows where bytes are missing
            if (lengthKept || n < 6) expect([...nodes(d)].some((x) => x.name === 'malformed' || /present\)$/.test(String(x.value))), `cut at ${n}`).toBe(true);
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
    }
  });

  it('bytes after the declared length are trailing data', () => {
    const msg = encodeBmpMessage(allBmpMessages[0] as BmpMessage);
    const d = dissectBmpMessage(Uint8Array.from([...msg, 1, 2]));
    expect(d.children?.at(-1)).toEqual({ name: 'trailing data', offset: msg.length, length: 2, value: '0102' });
    expect(d.error?.code).toBe('BMP_LENGTH_MISMATCH');
  });
});
