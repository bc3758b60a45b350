import { describe, expect, it } from 'vitest';
import { decodeBmpMessage, encodeBmpMessage, endOfRib } from '@bmp-lab/codec';
import type { BmpMessage, PerPeerHeader } from '@bmp-lab/codec';
import { PRE_POLICY_IPV4, peerHeader } from '@bmp-lab/test-support';
import { RouteFactLog, routeUpdateFact } from '../src/exercises/route-facts.js';

const peer: PerPeerHeader = peerHeader('10.3.3.3', 300, { flags: { ...PRE_POLICY_IPV4, postPolicy: true }, bgpId: '3.3.3.3' });
const update: BmpMessage = {
  type: 'route-monitoring',
  peer,
  update: {
    type: 'update',
    withdrawnRoutes: ['198.18.9.0/24'],
    pathAttributes: [
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [{ type: 'sequence', asns: [300, 64520] }] },
      { type: 'nextHop', value: '10.3.3.3' },
      { type: 'multiExitDisc', value: 20 },
      { type: 'localPref', value: 200 },
      { type: 'communities', values: ['300:1', '300:4'] },
    ],
    nlri: ['198.18.0.0/24', '198.18.4.0/24'],
  },
};

describe('route facts for exercise checks', () => {
  it('takes prefixes and a compact form of the attributes from the decoded Route Monitoring', () => {
    expect(routeUpdateFact(update)).toEqual({
      announced: ['198.18.0.0/24', '198.18.4.0/24'],
      withdrawn: ['198.18.9.0/24'],
      attributes: { origin: 'igp', asPath: [300, 64520], nextHop: '10.3.3.3', med: 20, localPref: 200, communities: ['300:1', '300:4'], originatorId: null, clusterList: [] },
    });
    expect(routeUpdateFact({ type: 'route-monitoring', peer, update: endOfRib() })).toEqual({ announced: [], withdrawn: [], attributes: null });
    expect(routeUpdateFact({ type: 'initiation', tlvs: [] })).toBeNull();
  });

  it('takes ORIGINATOR_ID and CLUSTER_LIST (RFC 4456) from a reflected route, through the wire encoding', () => {
    const reflected: BmpMessage = {
      type: 'route-monitoring',
      peer,
      update: {
        type: 'update',
        withdrawnRoutes: [],
        pathAttributes: [
          { type: 'origin', value: 'igp' },
          { type: 'asPath', segments: [{ type: 'sequence', asns: [200] }] },
          { type: 'nextHop', value: '10.2.2.2' },
          { type: 'localPref', value: 100 },
          { type: 'originatorId', value: '1.1.1.1' },
          { type: 'clusterList', values: ['3.3.3.3', '10.0.0.100'] },
        ],
        nlri: ['203.0.113.0/24'],
      },
    };
    // Encoded and decoded again, as the station sees it.
    const decoded = decodeBmpMessage(encodeBmpMessage(reflected));
    if (!decoded.ok) throw new Error('the reflected route did not decode');
    expect(routeUpdateFact(decoded.value)?.attributes).toMatchObject({ originatorId: '1.1.1.1', clusterList: ['3.3.3.3', '10.0.0.100'], localPref: 100, asPath: [200] });
  });

  it("fills in messages it did not hear from the log's bytes, and forgets older ones", () => {
    const log = new RouteFactLog();
    const bytes = encodeBmpMessage(update);
    const entries = [
      { seq: 4, type: 'route-monitoring' },
      { seq: 5, type: 'initiation' },
      { seq: 6, type: 'route-monitoring' },
    ];
    log.add(6, { type: 'route-monitoring', peer, update: endOfRib() });
    log.backfill({ entries: () => entries, bytes: (seq) => (seq === 4 ? bytes : undefined) }, 0);
    expect(log.get(4)?.attributes?.asPath).toEqual([300, 64520]);
    expect(log.get(6)?.announced).toEqual([]);
    log.dropBefore(5);
    expect(log.get(4)).toBeUndefined();
    expect(log.size).toBe(1);
  });
});
