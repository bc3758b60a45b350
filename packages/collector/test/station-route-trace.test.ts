import { describe, expect, it } from 'vitest';
import { dissectBmpMessage, encodeBmpMessage, type RoutePolicyTraceMessage } from '@bmp-lab/codec';
import { Station, type StationUpdate } from '../src/index.js';
import { ManualClock } from './manual-clock.js';

// The station takes Huawei's Route Policy and Attribute Trace (BMP type 100):
// it counts and logs it, it changes no route table, and its bytes dissect
// into the inspector's tree.

const trace: RoutePolicyTraceMessage = {
  type: 'route-policy-trace',
  ipv6: false,
  distinguisher: '0000000000000000',
  prefix: '192.0.2.128/25',
  bgpId: '1.1.1.1',
  events: [
    {
      index: 0,
      timestampSeconds: 1,
      timestampMicroseconds: 0,
      pathId: 0,
      afi: 1,
      safi: 1,
      tlvs: [
        { type: 'vrf', id: 0, name: '_public_' },
        {
          type: 'policy',
          matched: true,
          permitted: true,
          changed: true,
          policyClass: 0,
          peerAddress: '10.2.2.2',
          peerBgpId: '10.2.2.2',
          peerAsn: 200,
          policies: [{ name: 'from-200', id: '' }],
        },
        { type: 'post-policy-attributes', attributes: [{ type: 'origin', value: 'igp' }] },
      ],
    },
  ],
};

describe('Station and route trace messages', () => {
  it('counts and logs type 100, keeps no route for it, and the inspector dissects it', () => {
    const station = new Station({ clock: new ManualClock() });
    const updates: StationUpdate[] = [];
    station.subscribe((u) => updates.push(u.kind === 'message' ? u : structuredClone(u)));
    const stream = station.accept(
      { vpnInstance: null, address: '10.1.1.1', port: 1790 },
      { router: { address: '127.0.0.1', port: 50000 }, local: { address: '127.0.0.1', port: 40001 } },
    );
    stream.receive(encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'HUAWEI' }] }));
    stream.receive(encodeBmpMessage(trace));
    const card = station.routers()[0]!;
    expect(card.received['route-policy-trace']).toBe(1);
    expect(card.routes).toEqual([]);
    const logged = updates.flatMap((u) => (u.kind === 'message' ? [u.logged.view] : []));
    const entry = logged.find((m) => m.type === 'route-policy-trace');
    expect(entry).toMatchObject({ type: 'route-policy-trace', summary: expect.stringContaining('192.0.2.128/25') });
    expect(entry!.summary).toContain('inbound policy from 10.2.2.2 [from-200] changed');
    expect(updates.some((u) => u.kind === 'error')).toBe(false);
    const tree = dissectBmpMessage(station.messageBytes(entry!.seq)!);
    expect(tree.error).toBeUndefined();
    expect(JSON.stringify(tree)).toContain('"name":"class","offset"');
  });
});
