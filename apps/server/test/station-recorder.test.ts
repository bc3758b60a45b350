import { describe, expect, it } from 'vitest';
import { encodeBmpMessage, type PerPeerHeader } from '@bmp-lab/codec';
import { StationStream } from '@bmp-lab/collector';
import { StationRecorder } from '../src/station/station-recorder.js';

// The station's side of a router connection, fed by the real StationStream:
// the routes it holds per peer and view follow announcements, RFC 7606
// treat-as-withdraw errors, Peer Down and the end of the connection.

const peer = (address: string, postPolicy = false): PerPeerHeader => ({
  peerType: 0,
  flags: { ipv6: false, postPolicy, legacyAsPath: false, adjRibOut: false },
  distinguisher: '0000000000000000',
  address,
  asn: 200,
  bgpId: address,
  timestampSeconds: 0,
  timestampMicroseconds: 0,
});
const announce = (p: PerPeerHeader, nlri: string[]) =>
  encodeBmpMessage({
    type: 'route-monitoring',
    peer: p,
    update: { type: 'update', withdrawnRoutes: [], pathAttributes: [{ type: 'origin', value: 'igp' }, { type: 'asPath', segments: [{ type: 'sequence', asns: [200] }] }, { type: 'nextHop', value: '10.2.2.2' }], nlri },
  });

describe('StationRecorder routes', () => {
  it('holds what each peer and view announced, drops what RFC 7606 withdraws, a Peer Down and a closed connection', () => {
    const recorder = new StationRecorder(() => 1790);
    const stream = new StationStream({ station: '10.1.1.1:1790', router: '127.0.0.1:50000' }, () => 0, (e) => recorder.record(e));
    const routes = () => recorder.routers()[0]!.routes.map((r) => `${r.peer} ${r.view} ${r.prefixes}`);
    stream.receive(encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'HUAWEI' }] }));
    stream.receive(announce(peer('10.2.2.2'), ['203.0.113.0/24', '198.18.0.0/24', '198.18.1.0/24']));
    stream.receive(announce(peer('10.2.2.2', true), ['203.0.113.0/24', '198.18.0.0/24']));
    stream.receive(announce(peer('10.3.3.3'), ['198.51.100.0/24']));
    expect(routes()).toEqual(['10.2.2.2 adj-rib-in pre-policy 3', '10.2.2.2 adj-rib-in post-policy 2', '10.3.3.3 adj-rib-in pre-policy 1']);

    // The pre-policy UPDATE again for one prefix, its AS_PATH segment type broken (RFC 7606 §7.2: treat-as-withdraw).
    const broken = announce(peer('10.2.2.2'), ['198.18.1.0/24']);
    const segmentType = 6 + 42 + 19 + 2 + 2 + 4 + 3;
    expect(broken[segmentType]).toBe(2); // AS_SEQUENCE
    broken[segmentType] = 7;
    stream.receive(broken);
    expect(routes()).toEqual(['10.2.2.2 adj-rib-in pre-policy 2', '10.2.2.2 adj-rib-in post-policy 2', '10.3.3.3 adj-rib-in pre-policy 1']);

    stream.receive(encodeBmpMessage({ type: 'peer-down', peer: peer('10.2.2.2'), reason: { kind: 'peer-de-configured', code: 5 } }));
    expect(routes()).toEqual(['10.3.3.3 adj-rib-in pre-policy 1']);
    stream.close();
    expect(routes()).toEqual([]);
  });
});
