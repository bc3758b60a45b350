import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBmpMessage, encodeBmpMessage, forEachIpv4UpdatePrefix, fromHex, numberToIpv4, routeMonitoringPeer } from '../src/index.js';
import { rm } from './helpers.js';
import { peerA } from './samples.js';
import { seededRandom } from '@bmp-lab/test-support';

// forEachIpv4UpdatePrefix reads the prefixes the full decoder reads, as
// numbers. Oracles: the decoder on random messages, and bytes captured from
// GoBGP 3.10 and FRR 8.4.4 (fixtures/*/PROVENANCE.md).

function walk(bytes: Uint8Array): { ok: boolean; withdrawn: string[]; announced: string[] } {
  const withdrawn: string[] = [];
  const announced: string[] = [];
  const text = (a: number, len: number) => `${numberToIpv4(a)}/${len}`;
  const ok = forEachIpv4UpdatePrefix(
    bytes,
    (a, l) => withdrawn.push(text(a, l)),
    (a, l) => announced.push(text(a, l)),
  );
  return { ok, withdrawn, announced };
}

function randomPrefix(next: () => number): string {
  const len = Math.floor(next() * 33);
  const a = Math.floor(next() * 2 ** 32);
  const masked = len === 0 ? 0 : (a & ((0xffffffff << (32 - len)) >>> 0)) >>> 0;
  return `${numberToIpv4(masked)}/${len}`;
}

describe('forEachIpv4UpdatePrefix', () => {
  it('visits exactly the withdrawn routes and NLRI the decoder returns, for 2,000 random Route Monitoring messages', () => {
    const next = seededRandom(7854);
    for (let i = 0; i < 2000; i++) {
      const withdrawnRoutes = Array.from({ length: Math.floor(next() * 20) }, () => randomPrefix(next));
      const nlri = Array.from({ length: Math.floor(next() * 200) }, () => randomPrefix(next));
      const pathAttributes =
        nlri.length > 0
          ? [
              { type: 'origin' as const, value: 'igp' as const },
              { type: 'asPath' as const, segments: [{ type: 'sequence' as const, asns: [65001, 4200000000] }] },
              { type: 'nextHop' as const, value: '192.0.2.254' },
            ]
          : [];
      const bytes = encodeBmpMessage({ type: 'route-monitoring', peer: peerA, update: { type: 'update', withdrawnRoutes, pathAttributes, nlri } });
      const decoded = decodeBmpMessage(bytes);
      if (!decoded.ok || decoded.value.type !== 'route-monitoring') throw new Error(`message ${i} does not decode`);
      expect(walk(bytes), `message ${i}`).toEqual({ ok: true, withdrawn: decoded.value.update.withdrawnRoutes, announced: decoded.value.update.nlri });
    }
  });

  it('agrees with the decoder on every Route Monitoring GoBGP and FRR sent', () => {
    let seen = 0;
    for (const capture of ['gobgp-3.10.0/live', 'gobgp-3.10.0/dump', 'frr-8.4.4']) {
      const dir = new URL(`./fixtures/${capture}/`, import.meta.url);
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.hex'))) {
        const bytes = fromHex(readFileSync(new URL(name, dir), 'utf8').trim());
        const decoded = decodeBmpMessage(bytes);
        if (!decoded.ok) throw new Error(`${capture}/${name} does not decode`);
        if (decoded.value.type !== 'route-monitoring') {
          expect(walk(bytes).ok, `${capture}/${name}`).toBe(false);
          continue;
        }
        seen++;
        expect(walk(bytes), `${capture}/${name}`).toEqual({ ok: true, withdrawn: decoded.value.update.withdrawnRoutes, announced: decoded.value.update.nlri });
      }
    }
    expect(seen).toBeGreaterThan(5);
  });

  it('zeroes bits past the prefix length, as the decoder does (RFC 4271 §4.3)', () => {
    // No withdrawn routes, no attributes, NLRI 203.0.113.0/23 and 198.51.100.129/25.
    const bytes = rm('0000' + '0000' + '17cb0071' + '19c6336481');
    expect(walk(bytes)).toEqual({ ok: true, withdrawn: [], announced: ['203.0.112.0/23', '198.51.100.128/25'] });
  });

  it('visits nothing and says false for a message whose prefixes do not hold together', () => {
    expect(walk(rm('0000' + '0000' + '21cb007100ff'))).toEqual({ ok: false, withdrawn: [], announced: [] }); // /33
    expect(walk(rm('0002' + '1800' + '0000'))).toEqual({ ok: false, withdrawn: [], announced: [] }); // withdrawn /24 runs past its field
    expect(walk(rm('0000' + '0000' + '18cb00'))).toEqual({ ok: false, withdrawn: [], announced: [] }); // NLRI /24 cut short
    expect(walk(rm('0010' + '0000'))).toEqual({ ok: false, withdrawn: [], announced: [] }); // withdrawn length past the UPDATE
    expect(walk(rm('', 4))).toEqual({ ok: false, withdrawn: [], announced: [] }); // a KEEPALIVE, not an UPDATE
    expect(walk(Uint8Array.of(3, 0, 0, 0, 6, 0))).toEqual({ ok: false, withdrawn: [], announced: [] }); // too short
  });

  it('routeMonitoringPeer reads the per-peer header of a Route Monitoring whose UPDATE is broken, and nothing else', () => {
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
