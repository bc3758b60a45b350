import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBmpFramer, decodeBmpMessage, encodeBmpMessage, endOfRibFamily, fromHex, openAsn, type BmpMessage } from '../src/index.js';

// Tier 1: bytes produced by an independent encoder (the interop harness, which
// pmbmpd and tshark accept) decode to the values it sent and re-encode byte
// for byte. See fixtures/harness-sample/PROVENANCE.md.
const stream = fromHex(readFileSync(new URL('./fixtures/harness-sample/stream.hex', import.meta.url), 'utf8'));

describe('harness sample stream (independent encoder)', () => {
  const items = createBmpFramer().push(stream);
  const messages: BmpMessage[] = items.map((it) => {
    if (!it.ok) throw new Error(JSON.stringify(it.error));
    const m = decodeBmpMessage(it.bytes);
    if (!m.ok) throw new Error(JSON.stringify(m.error));
    expect(encodeBmpMessage(m.value)).toEqual(it.bytes);
    return m.value;
  });

  it('has the 14 messages in order', () => {
    expect(stream.length).toBe(1382);
    expect(messages.map((m) => m.type)).toEqual([
      'initiation',
      'peer-up',
      'peer-up',
      'peer-up',
      'route-monitoring',
      'route-monitoring',
      'route-monitoring',
      'route-monitoring',
      'route-monitoring',
      'statistics-report',
      'peer-down',
      'peer-down',
      'peer-down',
      'termination',
    ]);
  });

  it('decodes the values pmbmpd reported', () => {
    const [init, upA, upB, upC, rmA, rmWd, rmEor, rmB, rmC, stats, downA, downB, downC, term] = messages;
    expect(init).toEqual({
      type: 'initiation',
      tlvs: [
        { type: 'sysDescr', value: 'bmp-harness hand-encoded sample speaker' },
        { type: 'sysName', value: 'harness-r1' },
        { type: 'string', value: 'free-form string TLV (type 0)' },
      ],
    });
    expect(upA).toMatchObject({ peer: { address: '192.0.2.1', asn: 65001, bgpId: '192.0.2.1', peerType: 0 }, localAddress: '192.0.2.254', localPort: 179, remotePort: 50001 });
    if (upB?.type !== 'peer-up' || upC?.type !== 'peer-up') throw new Error('expected Peer Ups');
    expect(upB.peer).toMatchObject({ address: '2001:db8::1', asn: 4200000001, flags: { ipv6: true } });
    expect(openAsn(upB.receivedOpen)).toBe(4200000001);
    expect(upC.peer).toMatchObject({ asn: 65003, flags: { legacyAsPath: true } });
    expect(rmA).toMatchObject({
      update: {
        nlri: ['198.51.100.0/24', '203.0.113.0/25'],
        pathAttributes: expect.arrayContaining([
          { type: 'origin', value: 'igp' },
          { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000] }] },
          { type: 'nextHop', value: '192.0.2.1' },
          { type: 'multiExitDisc', value: 10 },
          { type: 'communities', values: ['65001:100', '65001:200'] },
        ]),
      },
    });
    expect(rmWd).toMatchObject({ update: { withdrawnRoutes: ['203.0.113.0/25'], nlri: [] } });
    if (rmEor?.type !== 'route-monitoring') throw new Error('expected RM');
    expect(endOfRibFamily(rmEor.update)).toEqual({ afi: 1, safi: 1 });
    expect(rmB).toMatchObject({
      update: {
        pathAttributes: expect.arrayContaining([
          { type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8::1'], nlri: ['2001:db8:1::/48', '2001:db8:2::/48'] },
          { type: 'asPath', segments: [{ type: 'sequence', asns: [4200000001] }] },
        ]),
      },
    });
    expect(rmC).toMatchObject({
      update: {
        nlri: ['198.51.100.128/25'],
        pathAttributes: expect.arrayContaining([
          { type: 'asPath', segments: [{ type: 'sequence', asns: [65003, 64999] }] },
          { type: 'nextHop', value: '192.0.2.3' },
        ]),
      },
    });
    expect(stats).toMatchObject({ stats: expect.arrayContaining([{ kind: 'counter', type: 0, value: 3 }]) });
    if (stats?.type !== 'statistics-report') throw new Error('expected stats');
    expect(stats.stats.map((s) => s.type)).toEqual([0, 1, 2, 7, 8, 9]);
    expect(downA).toMatchObject({ reason: { kind: 'local-notification', code: 1, notification: { code: 6, subcode: 2 } } });
    expect(downB).toMatchObject({ peer: { address: '2001:db8::1' }, reason: { kind: 'local-no-notification', fsmEvent: 10 } });
    expect(downC).toMatchObject({ reason: { kind: 'remote-no-notification', code: 4 } });
    expect(term).toEqual({
      type: 'termination',
      tlvs: [
        { type: 'string', value: 'harness done' },
        { type: 'reason', reason: 0 },
      ],
    });
  });
});
