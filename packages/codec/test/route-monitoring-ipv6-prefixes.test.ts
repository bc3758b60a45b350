import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBmpMessage, encodeBmpMessage, formatIpv6, forEachIpv6UpdatePrefix, fromHex, type DecodeError, type PathAttribute } from '../src/index.js';
import { rm } from './helpers.js';
import { peerA } from './samples.js';
import { seededRandom } from '@bmp-lab/test-support';

// forEachIpv6UpdatePrefix reads the IPv6 unicast prefixes of MP_REACH_NLRI
// and MP_UNREACH_NLRI straight from the bytes. Oracle: the full decoder, on
// random messages, on the same messages with bytes changed at random, on
// hand-made broken ones, and on bytes captured from GoBGP 3.10 and FRR 8.4.4
// (fixtures/*/PROVENANCE.md).

interface Walk {
  ok: boolean;
  error?: DecodeError;
  withdrawn: string[];
  announced: string[];
}

function walk(bytes: Uint8Array): Walk {
  const withdrawn: string[] = [];
  const announced: string[] = [];
  const b = new Uint8Array(16);
  const text = (words: Uint32Array, length: number) => {
    for (let i = 0; i < 16; i++) b[i] = (words[i >> 2] as number) >>> (24 - 8 * (i & 3));
    return `${formatIpv6(b)}/${length}`;
  };
  const r = forEachIpv6UpdatePrefix(
    bytes,
    (w, l) => withdrawn.push(text(w, l)),
    (w, l) => announced.push(text(w, l)),
  );
  if (r.ok) expect(r.value, 'the count of prefixes visited').toBe(withdrawn.length + announced.length);
  return r.ok ? { ok: true, withdrawn, announced } : { ok: false, error: r.error, withdrawn, announced };
}

/** What the decoder says the walk should give: its IPv6 unicast MP prefixes, or its error and nothing visited. */
function expected(bytes: Uint8Array): Walk {
  const d = decodeBmpMessage(bytes);
  if (!d.ok) return { ok: false, error: d.error, withdrawn: [], announced: [] };
  const out: Walk = { ok: true, withdrawn: [], announced: [] };
  if (d.value.type !== 'route-monitoring') return out;
  for (const a of d.value.update.pathAttributes) {
    if (a.type === 'mpReachNlri' && a.afi === 2 && a.safi === 1) out.announced.push(...a.nlri);
    if (a.type === 'mpUnreachNlri' && a.afi === 2 && a.safi === 1) out.withdrawn.push(...a.withdrawnRoutes);
  }
  return out;
}

function randomIpv6Prefix(next: () => number): string {
  const length = Math.floor(next() * 129);
  const b = new Uint8Array(16);
  // Mostly zero groups, so `::` runs of every length and place come up.
  for (let i = 0; i < 16; i++) b[i] = next() < 0.4 ? Math.floor(next() * 256) : 0;
  for (let i = 0; i < 16; i++) b[i] = (b[i] as number) & (0xff00 >> Math.max(0, Math.min(8, length - i * 8)));
  return `${formatIpv6(b)}/${length}`;
}

/** A Route Monitoring with IPv6 unicast MP attributes, and sometimes IPv4 NLRI and an MP attribute of another family beside them. */
function randomMessage(next: () => number, otherFamilies: boolean): Uint8Array {
  const many = (n: number, f: () => string) => Array.from({ length: Math.floor(next() * n) }, f);
  const v6 = () => randomIpv6Prefix(next);
  const pathAttributes: PathAttribute[] = [
    { type: 'origin', value: 'igp' },
    { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000] }] },
  ];
  const reach = next() < 0.8;
  const unreach = next() < 0.5;
  if (reach) pathAttributes.push({ type: 'mpReachNlri', afi: 2, safi: 1, nextHops: next() < 0.5 ? ['2001:db8::1'] : ['2001:db8::1', 'fe80::1'], nlri: many(60, v6) });
  if (unreach) pathAttributes.splice(next() < 0.5 ? 0 : pathAttributes.length, 0, { type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: many(20, v6) });
  let nlri: string[] = [];
  if (otherFamilies) {
    if (!reach && next() < 0.5) pathAttributes.push({ type: 'mpReachNlri', afi: 2, safi: 2, nextHops: ['2001:db8::2'], nlri: many(5, v6) });
    if (!unreach && next() < 0.5) pathAttributes.push({ type: 'mpUnreachNlri', afi: 1, safi: 1, withdrawnRoutes: ['198.51.100.0/24'] });
    if (next() < 0.3) {
      pathAttributes.push({ type: 'nextHop', value: '192.0.2.254' });
      nlri = ['203.0.113.0/24'];
    }
  }
  return encodeBmpMessage({ type: 'route-monitoring', peer: peerA, update: { type: 'update', withdrawnRoutes: [], pathAttributes, nlri } });
}

describe('forEachIpv6UpdatePrefix', () => {
  it('visits exactly the IPv6 unicast prefixes the decoder returns, for 2,000 random Route Monitoring messages', () => {
    const next = seededRandom(4760);
    let prefixes = 0;
    for (let i = 0; i < 2000; i++) {
      const bytes = randomMessage(next, true);
      const want = expected(bytes);
      if (!want.ok) throw new Error(`message ${i} does not decode: ${want.error?.message}`);
      expect(walk(bytes), `message ${i}`).toEqual(want);
      prefixes += want.announced.length + want.withdrawn.length;
    }
    expect(prefixes).toBeGreaterThan(30_000);
  });

  it('agrees with the decoder on 20,000 messages with bytes changed at random: the same prefixes, or the same error', () => {
    const next = seededRandom(7606);
    let decoded = 0;
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = randomMessage(next, false);
      // Change one to three bytes after the per-peer header (lengths, flags, AFI/SAFI, prefix lengths, addresses).
      for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
        const at = 48 + 19 + Math.floor(next() * (bytes.length - 48 - 19));
        bytes[at] = next() < 0.5 ? Math.floor(next() * 256) : (bytes[at] as number) ^ (1 << Math.floor(next() * 8));
      }
      const want = expected(bytes);
      const got = walk(bytes);
      if (want.ok) {
        decoded++;
        if (!got.ok || JSON.stringify(got) !== JSON.stringify(want)) expect(got, `message ${i}`).toEqual(want);
      } else if (!got.ok) {
        refused++;
        if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `message ${i}: the decoder's error, nothing visited`).toEqual(want);
      } else {
        // The walk reads only the MP attributes: a message it reads may fail elsewhere, never in the prefixes it gave.
        const error = want.error as DecodeError;
        if (/^UPDATE\.path attribute MP_(UN)?REACH_NLRI\.(nlri|withdrawn routes)/.test(error.field) && decodedFamilyIs2_1(bytes)) {
          expect.fail(`message ${i}: the decoder fails in an IPv6 prefix field (${error.message}) but the walk read it`);
        }
      }
    }
    // Both sides of the comparison were exercised.
    expect(decoded).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(2000);
  });

  it('agrees with the decoder on every message GoBGP and FRR sent', () => {
    let seen = 0;
    for (const capture of ['gobgp-3.10.0/live', 'gobgp-3.10.0/dump', 'frr-8.4.4']) {
      const dir = new URL(`./fixtures/${capture}/`, import.meta.url);
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.hex'))) {
        const bytes = fromHex(readFileSync(new URL(name, dir), 'utf8').trim());
        const want = expected(bytes);
        if (!want.ok) throw new Error(`${capture}/${name} does not decode`);
        seen += want.announced.length + want.withdrawn.length;
        expect(walk(bytes), `${capture}/${name}`).toEqual(want);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('zeroes bits past the prefix length, as the decoder does (RFC 4271 §4.3), and keeps attribute order', () => {
    // MP_UNREACH_NLRI 2/1: 2001:db8:ffff::/33 sent as 2001:db8:ff; then MP_REACH_NLRI 2/1, next hop 2001:db8::1: ::/0 and 2001:db8::1/127 with the last bit set.
    const unreach = '800f09' + '000201' + '2120010db8ff';
    const reach = '800e27' + '000201' + '10' + '20010db8000000000000000000000001' + '00' + '00' + '7f20010db8000000000000000000000001';
    const attributes = unreach + reach;
    const bytes = rm('0000' + (attributes.length / 2).toString(16).padStart(4, '0') + attributes);
    expect(expected(bytes)).toEqual({ ok: true, withdrawn: ['2001:db8:8000::/33'], announced: ['::/0', '2001:db8::/127'] });
    expect(walk(bytes)).toEqual(expected(bytes));
  });

  it("gives the decoder's error, having visited nothing, when an MP attribute does not hold together", () => {
    const nh = '10' + '20010db8000000000000000000000001' + '00';
    const update = (attributes: string) => rm('0000' + (attributes.length / 2).toString(16).padStart(4, '0') + attributes);
    const reach = (body: string) => '800e' + (body.length / 2).toString(16).padStart(2, '0') + body;
    const cases: [string, Uint8Array, string][] = [
      ['a /129', update(reach('000201' + nh + '30' + '20010db8' + '81' + '20010db8000000000000000000000001ff')), 'BGP_BAD_PREFIX_LENGTH'],
      ['a /48 cut short', update(reach('000201' + nh + '3020010db8')), 'BGP_BAD_PREFIX_LENGTH'],
      ['a next hop of 5 octets', update(reach('000201' + '05' + '0102030405' + '00' + '3020010db80001')), 'BGP_BAD_NEXT_HOP_LENGTH'],
      ['MP_REACH_NLRI twice', update(reach('000201' + nh + '3020010db80001') + reach('000201' + nh + '3020010db80002')), 'BGP_DUPLICATE_ATTRIBUTE'],
      ['an attribute past the attributes', update('800e40000201'), 'BGP_BAD_ATTRIBUTE_LENGTH'],
      ['no AFI/SAFI', update(reach('0002')), 'BGP_BAD_ATTRIBUTE_LENGTH'],
    ];
    for (const [what, bytes, code] of cases) {
      const want = expected(bytes);
      expect(want.error?.code, what).toBe(code);
      expect(walk(bytes), what).toEqual(want);
    }
  });

  it('visits nothing in messages of other types, and says which error a broken one has', () => {
    const peerDown = encodeBmpMessage({ type: 'peer-down', peer: peerA, reason: { kind: 'peer-de-configured', code: 5 } });
    expect(walk(peerDown)).toEqual({ ok: true, withdrawn: [], announced: [] });
    expect(walk(Uint8Array.of(3, 0, 0, 0, 6, 0))).toEqual(expected(Uint8Array.of(3, 0, 0, 0, 6, 0)));
    expect(walk(Uint8Array.of(3, 0, 0, 0, 6, 0)).ok).toBe(false);
  });
});

/** The MP attribute the decoder failed in still says AFI 2, SAFI 1 (a changed byte may have made it another family, which the walk skips). */
function decodedFamilyIs2_1(bytes: Uint8Array): boolean {
  const error = decodeBmpMessage(bytes);
  if (error.ok) return false;
  // The attribute starts at the error's attribute offset: look for its AFI/SAFI by walking the attributes from the start.
  const bgp = 48;
  const aAt = bgp + 19 + 2 + ((bytes[bgp + 19]! << 8) | bytes[bgp + 20]!);
  const aEnd = aAt + 2 + ((bytes[aAt]! << 8) | bytes[aAt + 1]!);
  for (let at = aAt + 2; at + 3 <= aEnd;) {
    const extended = (bytes[at]! & 0x10) !== 0;
    const value = at + (extended ? 4 : 3);
    const code = bytes[at + 1]!;
    if ((code === 14 || code === 15) && value <= error.error.offset && error.error.offset < aEnd) {
      const next = value + (extended ? (bytes[at + 2]! << 8) | bytes[at + 3]! : bytes[at + 2]!);
      if (error.error.offset < next) return bytes[value] === 0 && bytes[value + 1] === 2 && bytes[value + 2] === 1;
    }
    at = value + (extended ? (bytes[at + 2]! << 8) | bytes[at + 3]! : bytes[at + 2]!);
  }
  return false;
}
