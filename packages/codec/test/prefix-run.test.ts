import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PrefixRun,
  decodeBmpMessage,
  encodeBmpMessage,
  formatIpv6,
  fromHex,
  numberToIpv4,
  prefixTexts,
  routeMonitoringIpv4Prefixes,
  routeMonitoringPeer,
  type BmpMessage,
  type PathAttribute,
  type PrefixList,
} from '../src/index.js';
import { rm } from './helpers.js';
import { allBmpMessages, peerA } from './samples.js';
import { seededRandom } from '@bmp-lab/test-support';

// Decoding with `prefixRuns` gives a Route Monitoring's unicast and multicast
// prefixes as runs over the bytes. Oracle: the same decoder without it, which
// gives text — on random messages, on the same messages with bytes changed
// at random, on hand-made broken ones, and on bytes captured from GoBGP 3.10
// and FRR 8.4.4 (fixtures/*/PROVENANCE.md). A run must read, as text and as
// numbers, exactly what the text decoder reads, and refuse exactly what it
// refuses, with the same error.

/** A decoded message with every run replaced by its text (and each run's numeric walk checked against that text). */
function asText(m: BmpMessage<PrefixList>): BmpMessage {
  if (m.type !== 'route-monitoring') return m;
  const u = m.update;
  const text = (p: PrefixList): string[] => {
    if (!(p instanceof PrefixRun)) return p;
    const texts = p.texts();
    expect(p.length, 'a run counts its prefixes').toBe(texts.length);
    expect([...p], 'a run iterates as its text').toEqual(texts);
    expect(p.texts(2), 'the first prefixes').toEqual(texts.slice(0, 2));
    expect(walked(p), 'the numeric walk reads what the text says').toEqual(texts);
    return texts;
  };
  const pathAttributes: PathAttribute[] = u.pathAttributes.map((a) =>
    a.type === 'mpReachNlri' ? { ...a, nlri: text(a.nlri) } : a.type === 'mpUnreachNlri' ? { ...a, withdrawnRoutes: text(a.withdrawnRoutes) } : a,
  );
  return { ...m, update: { ...u, withdrawnRoutes: text(u.withdrawnRoutes), nlri: text(u.nlri), pathAttributes } };
}

/** A run's prefixes through its numeric walks, made text independently of the run. */
function walked(run: PrefixRun): string[] {
  const out: string[] = [];
  run.forEachIpv4((address, length) => out.push(`${numberToIpv4(address)}/${length}`));
  const b = new Uint8Array(16);
  run.forEachIpv6((words, length) => {
    for (let i = 0; i < 16; i++) b[i] = (words[i >> 2] as number) >>> (24 - 8 * (i & 3));
    out.push(`${formatIpv6(b)}/${length}`);
  });
  return out;
}

/** Both decodes of `bytes` agree: the same message (runs read as text) or the same error. Returns whether it decoded. */
function agree(bytes: Uint8Array, what: string): boolean {
  const text = decodeBmpMessage(bytes);
  const runs = decodeBmpMessage(bytes, { prefixRuns: true });
  if (!text.ok) {
    expect(runs, what).toEqual(text);
    return false;
  }
  expect(runs.ok, what).toBe(true);
  if (runs.ok) expect(asText(runs.value), what).toEqual(text.value);
  return true;
}

function runsIn(bytes: Uint8Array): number {
  const d = decodeBmpMessage(bytes, { prefixRuns: true });
  if (!d.ok || d.value.type !== 'route-monitoring') return 0;
  const u = d.value.update;
  const lists: PrefixList[] = [u.withdrawnRoutes, u.nlri];
  for (const a of u.pathAttributes) {
    if (a.type === 'mpReachNlri') lists.push(a.nlri);
    if (a.type === 'mpUnreachNlri') lists.push(a.withdrawnRoutes);
  }
  return lists.filter((l) => l instanceof PrefixRun).length;
}

function randomIpv4Prefix(next: () => number): string {
  const len = Math.floor(next() * 33);
  const a = Math.floor(next() * 2 ** 32);
  return `${numberToIpv4(len === 0 ? 0 : (a & ((0xffffffff << (32 - len)) >>> 0)) >>> 0)}/${len}`;
}

function randomIpv6Prefix(next: () => number): string {
  const length = Math.floor(next() * 129);
  const b = new Uint8Array(16);
  // Mostly zero groups, so `::` runs of every length and place come up.
  for (let i = 0; i < 16; i++) b[i] = next() < 0.4 ? Math.floor(next() * 256) : 0;
  for (let i = 0; i < 16; i++) b[i] = (b[i] as number) & (0xff00 >> Math.max(0, Math.min(8, length - i * 8)));
  return `${formatIpv6(b)}/${length}`;
}

/** A Route Monitoring with IPv4 withdrawn routes and NLRI, IPv6 unicast and multicast MP attributes, and VPN routes at times. */
function randomMessage(next: () => number): Uint8Array {
  const many = (n: number, f: () => string) => Array.from({ length: Math.floor(next() * n) }, f);
  const v4 = () => randomIpv4Prefix(next);
  const v6 = () => randomIpv6Prefix(next);
  const pathAttributes: PathAttribute[] = [
    { type: 'origin', value: 'igp' },
    { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000] }] },
  ];
  const roll = next();
  if (roll < 0.45)
    pathAttributes.push({ type: 'mpReachNlri', afi: 2, safi: next() < 0.8 ? 1 : 2, nextHops: next() < 0.5 ? ['2001:db8::1'] : ['2001:db8::1', 'fe80::1'], nlri: many(60, v6) });
  else if (roll < 0.6) pathAttributes.push({ type: 'mpReachNlri', afi: 1, safi: 128, nextHops: ['192.0.2.9'], nlri: ['65001:7:198.51.100.0/24'], labels: [[0x3e81]] });
  if (next() < 0.4) {
    const afi = next() < 0.7 ? 2 : 1;
    pathAttributes.splice(next() < 0.5 ? 0 : pathAttributes.length, 0, { type: 'mpUnreachNlri', afi, safi: 1, withdrawnRoutes: many(20, afi === 2 ? v6 : v4) });
  }
  const nlri = next() < 0.5 ? many(100, v4) : [];
  if (nlri.length > 0) pathAttributes.push({ type: 'nextHop', value: '192.0.2.254' });
  return encodeBmpMessage({ type: 'route-monitoring', peer: peerA, update: { type: 'update', withdrawnRoutes: many(20, v4), pathAttributes, nlri } });
}

describe('decodeBmpMessage with prefixRuns', () => {
  it('reads what the text decoder reads, as text and as numbers, for 2,000 random Route Monitoring messages', () => {
    const next = seededRandom(4760);
    let runs = 0;
    for (let i = 0; i < 2000; i++) {
      const bytes = randomMessage(next);
      expect(agree(bytes, `message ${i}`), `message ${i} decodes`).toBe(true);
      runs += runsIn(bytes);
    }
    expect(runs).toBeGreaterThan(4000);
  });

  it('refuses what the text decoder refuses, with the same error, on 20,000 messages with bytes changed at random', () => {
    const next = seededRandom(7606);
    let decoded = 0;
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = randomMessage(next);
      // Change one to three bytes after the per-peer header (lengths, flags, AFI/SAFI, prefix lengths, addresses).
      for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
        const at = 48 + 19 + Math.floor(next() * (bytes.length - 48 - 19));
        bytes[at] = next() < 0.5 ? Math.floor(next() * 256) : (bytes[at] as number) ^ (1 << Math.floor(next() * 8));
      }
      if (agree(bytes, `message ${i}`)) decoded++;
      else refused++;
    }
    // Both sides of the comparison were exercised.
    expect(decoded).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(2000);
  });

  it('agrees with the text decoder on every message GoBGP and FRR sent', () => {
    let runs = 0;
    for (const capture of ['gobgp-3.10.0/live', 'gobgp-3.10.0/dump', 'frr-8.4.4']) {
      const dir = new URL(`./fixtures/${capture}/`, import.meta.url);
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.hex'))) {
        const bytes = fromHex(readFileSync(new URL(name, dir), 'utf8').trim());
        expect(agree(bytes, `${capture}/${name}`), `${capture}/${name} decodes`).toBe(true);
        runs += runsIn(bytes);
      }
    }
    expect(runs).toBeGreaterThan(5);
  });

  it('zeroes bits past the prefix length, as text does (RFC 4271 §4.3), in both families', () => {
    // NLRI 203.0.113.0/23 and 198.51.100.129/25; MP_UNREACH_NLRI 2/1: 2001:db8:ff/33; MP_REACH_NLRI 2/1: ::/0 and 2001:db8::1/127.
    const unreach = '800f09' + '000201' + '2120010db8ff';
    const reach = '800e27' + '000201' + '10' + '20010db8000000000000000000000001' + '00' + '00' + '7f20010db8000000000000000000000001';
    const attributes = unreach + reach + '400304' + 'c00002fe';
    const bytes = rm('0000' + (attributes.length / 2).toString(16).padStart(4, '0') + attributes + '17cb0071' + '19c6336481');
    const d = decodeBmpMessage(bytes, { prefixRuns: true });
    if (!d.ok || d.value.type !== 'route-monitoring') throw new Error('does not decode');
    const [u, r] = d.value.update.pathAttributes as [Extract<PathAttribute<PrefixList>, { type: 'mpUnreachNlri' }>, Extract<PathAttribute<PrefixList>, { type: 'mpReachNlri' }>];
    expect(walked(u.withdrawnRoutes as PrefixRun)).toEqual(['2001:db8:8000::/33']);
    expect(walked(r.nlri as PrefixRun)).toEqual(['::/0', '2001:db8::/127']);
    expect(walked(d.value.update.nlri as PrefixRun)).toEqual(['203.0.112.0/23', '198.51.100.128/25']);
    expect(prefixTexts(d.value.update.nlri)).toEqual(['203.0.112.0/23', '198.51.100.128/25']);
    expect(agree(bytes, 'hand-made')).toBe(true);
  });

  it('refuses prefixes that do not hold together with the errors the text decoder gives', () => {
    const cases = [
      rm('0000' + '0000' + '21cb007100ff'), // NLRI /33
      rm('0002' + '1800' + '0000'), // withdrawn /24 runs past its field
      rm('0000' + '0000' + '18cb00'), // NLRI /24 cut short
      rm('0000' + '000c' + '800e09' + '000201' + '00' + '00' + '8120010db8'), // MP_REACH_NLRI 2/1 /129 (empty next hop: refused first)
      rm('0000' + '000d' + '800f0a' + '000201' + '3020010db8'), // MP_UNREACH_NLRI /48 cut short
    ];
    for (const bytes of cases) {
      expect(decodeBmpMessage(bytes).ok).toBe(false);
      expect(agree(bytes, 'broken')).toBe(false);
    }
  });

  it('gives every other message, and VPN prefixes, exactly as without it', () => {
    for (const m of allBmpMessages) {
      const bytes = encodeBmpMessage(m);
      expect(agree(bytes, m.type)).toBe(true);
      if (m.type !== 'route-monitoring') expect(decodeBmpMessage(bytes, { prefixRuns: true })).toEqual(decodeBmpMessage(bytes));
    }
    const vpn = encodeBmpMessage({
      type: 'route-monitoring',
      peer: peerA,
      update: {
        type: 'update',
        withdrawnRoutes: [],
        nlri: [],
        pathAttributes: [
          { type: 'origin', value: 'igp' },
          { type: 'mpReachNlri', afi: 1, safi: 128, nextHops: ['192.0.2.9'], nlri: ['65001:7:198.51.100.0/24'], labels: [[0x3e81]] },
        ],
      },
    });
    const d = decodeBmpMessage(vpn, { prefixRuns: true });
    expect(d.ok && d.value.type === 'route-monitoring' && d.value.update.pathAttributes[1]).toMatchObject({ nlri: ['65001:7:198.51.100.0/24'] });
  });
});

describe('routeMonitoringIpv4Prefixes', () => {
  it('reads the withdrawn routes and NLRI of an UPDATE whose attributes do not decode (RFC 7606 treat-as-withdraw)', () => {
    // Withdrawn 192.0.2.0/24; ORIGIN of length 2 (malformed: treat-as-withdraw); NLRI 203.0.113.0/24 and 198.51.100.128/25.
    const bytes = rm('0004' + '18c00002' + '0005' + '4001020000' + '18cb0071' + '19c6336480');
    const d = decodeBmpMessage(bytes);
    expect(d.ok || d.error.handling).toBe('treat-as-withdraw');
    const fields = routeMonitoringIpv4Prefixes(bytes);
    expect(fields && [fields.withdrawnRoutes.texts(), fields.nlri.texts()]).toEqual([['192.0.2.0/24'], ['203.0.113.0/24', '198.51.100.128/25']]);
  });

  it('gives nothing when those fields do not hold together or the message is not a Route Monitoring', () => {
    expect(routeMonitoringIpv4Prefixes(rm('0000' + '0000' + '21cb007100ff'))).toBeNull(); // NLRI /33
    expect(routeMonitoringIpv4Prefixes(rm('0010' + '0000'))).toBeNull(); // withdrawn length past the UPDATE
    expect(routeMonitoringIpv4Prefixes(rm('0000' + '0040'))).toBeNull(); // attributes past the UPDATE
    expect(routeMonitoringIpv4Prefixes(encodeBmpMessage({ type: 'peer-down', peer: peerA, reason: { kind: 'peer-de-configured', code: 5 } }))).toBeNull();
  });
});

describe('routeMonitoringPeer', () => {
  it('reads the per-peer header of a Route Monitoring whose UPDATE is broken, and nothing else', () => {
    const broken = rm('0000' + '0000' + '21cb007100ff'); // NLRI /33: the UPDATE does not decode
    expect(decodeBmpMessage(broken).ok).toBe(false);
    expect(routeMonitoringPeer(broken)).toEqual(peerA);
    const peerDown = encodeBmpMessage({ type: 'peer-down', peer: peerA, reason: { kind: 'peer-de-configured', code: 5 } });
    expect(routeMonitoringPeer(peerDown)).toBeNull(); // not a Route Monitoring
    expect(routeMonitoringPeer(broken.subarray(0, 40))).toBeNull(); // cut inside the per-peer header
    const badType = broken.slice();
    badType[6] = 9;
    expect(routeMonitoringPeer(badType)).toBeNull(); // peer type 9
  });
});
