import { afterEach, describe, expect, it } from 'vitest';
import type { BmpMessage, PathAttribute } from '@bmp-lab/codec';
import { cloneConfig } from '@bmp-lab/router';
import type { DeviceConfig } from '@bmp-lab/router';
import { eventually } from './lab-harness.js';
import { labConfig, rawStation, startBgpLab } from './bgp-lab.js';

/**
 * The router's RIB pipeline with routing policy, over real TCP to the lab's
 * neighbors, read by a station on 127.0.0.1: which stage each BMP view
 * reports, ROUTE-REFRESH when routes are not kept, and the export side.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

type Rm = Extract<BmpMessage, { type: 'route-monitoring' }>;
const rms = (ms: BmpMessage[]) => ms.filter((m): m is Rm => m.type === 'route-monitoring');
const view = (peer: string, out: boolean, post: boolean) => (m: Rm) =>
  m.peer.peerType === 0 && m.peer.address === peer && m.peer.flags.adjRibOut === out && m.peer.flags.postPolicy === post;
const locRib = (m: Rm) => m.peer.peerType === 3;
/** The prefixes a view holds after replaying its announcements and withdrawals, with their attributes. */
function table(ms: BmpMessage[], pred: (m: Rm) => boolean): Map<string, PathAttribute[]> {
  const t = new Map<string, PathAttribute[]>();
  for (const m of rms(ms).filter(pred)) {
    for (const p of m.update.withdrawnRoutes) t.delete(p);
    for (const p of m.update.nlri) t.set(p, m.update.pathAttributes);
  }
  return t;
}
const attr = <T extends PathAttribute['type']>(as: PathAttribute[] | undefined, type: T) => as?.find((a) => a.type === type) as Extract<PathAttribute, { type: T }> | undefined;
const asPath = (as: PathAttribute[] | undefined) => attr(as, 'asPath')?.segments.flatMap((s) => s.asns);

function withPolicy(base: DeviceConfig, edit: (c: DeviceConfig) => void): DeviceConfig {
  const c = cloneConfig(base);
  edit(c);
  return c;
}

const denyOne: Pick<DeviceConfig, 'ipPrefixes' | 'routePolicies'> = {
  ipPrefixes: [
    {
      name: 'no-198-18-1',
      entries: [
        { index: 10, action: 'deny', address: '198.18.1.0', maskLength: 24 },
        { index: 20, action: 'permit', address: '0.0.0.0', maskLength: 0, lessEqual: 32 },
      ],
    },
  ],
  routePolicies: [{ name: 'in-200', nodes: [{ node: 10, action: 'permit', matches: [{ kind: 'ip-prefix', name: 'no-198-18-1' }], applies: [] }] }],
};

describe('routing policy through the RIB pipeline', () => {
  it('without keep-all-routes, a removed import filter brings the route back by ROUTE-REFRESH', async () => {
    const st = await rawStation(cleanup);
    const base = withPolicy(labConfig(st.port), (c) => {
      c.bgp!.keepAllRoutes = false;
      Object.assign(c, denyOne);
      c.bgp!.ipv4Unicast!.peerPolicies = [{ address: '10.2.2.2', import: { routePolicy: 'in-200' } }];
    });
    const lab = await startBgpLab(base, cleanup);
    const post2 = () => table(st.messages, view('10.2.2.2', false, true));
    await eventually(() => post2().size === 4, 10_000);
    expect([...post2().keys()]).not.toContain('198.18.1.0/24');
    // Not kept, so no pre-policy view is reported at all.
    expect(rms(st.messages).filter(view('10.2.2.2', false, false))).toEqual([]);
    expect(lab.device.bgpRoutes('adj-rib-in', '10.2.2.2', 'pre-policy')).toEqual([]);

    const received = lab.device.bgpPeers().find((p) => p.address === '10.2.2.2')!.messagesReceived;
    lab.device.commit(withPolicy(base, (c) => delete c.bgp!.ipv4Unicast!.peerPolicies));
    // The neighbor was asked for its routes again and sent them: the denied one is announced live.
    await eventually(() => post2().has('198.18.1.0/24'), 10_000);
    expect(lab.device.bgpPeers().find((p) => p.address === '10.2.2.2')!.messagesReceived).toBeGreaterThan(received);
    expect(table(st.messages, locRib).has('198.18.1.0/24')).toBe(true);
  });

  it('an export policy shows in Adj-RIB-Out post-policy only, and on the wire to the peer', async () => {
    const st = await rawStation(cleanup);
    const config = withPolicy(labConfig(st.port), (c) => {
      c.routePolicies = [
        {
          name: 'out-300',
          nodes: [
            {
              node: 10,
              action: 'permit',
              matches: [],
              applies: [
                { kind: 'cost', value: 77 },
                { kind: 'as-path', asns: [65000, 65000], mode: 'additive' },
                { kind: 'community', values: ['100:300'], additive: false },
              ],
            },
          ],
        },
      ];
      c.bgp!.ipv4Unicast!.peerPolicies = [{ address: '10.3.3.3', export: { routePolicy: 'out-300' } }];
      c.bmp!.sessions[0]!.monitors![0]!.routeModes.push({ family: 'ipv4-unicast', rib: 'adj-rib-out', policy: 'pre-policy' });
    });
    const lab = await startBgpLab(config, cleanup);
    const outPre = () => table(st.messages, view('10.3.3.3', true, false));
    const outPost = () => table(st.messages, view('10.3.3.3', true, true));
    await eventually(() => outPost().has('203.0.113.0/24') && outPre().has('203.0.113.0/24'), 10_000);
    // Pre-policy: the Loc-RIB's path as it is (learned from AS 200, its MED and community).
    const pre = outPre().get('203.0.113.0/24');
    expect(asPath(pre)).toEqual([200]);
    expect(attr(pre, 'multiExitDisc')?.value).toBe(10);
    expect(attr(pre, 'communities')?.values).toEqual(['200:1']);
    // Post-policy: what AS 300 receives — the policy's MED, prepends and community, then our AS and next hop.
    const post = outPost().get('203.0.113.0/24');
    expect(asPath(post)).toEqual([100, 65000, 65000, 200]);
    expect(attr(post, 'multiExitDisc')?.value).toBe(77);
    expect(attr(post, 'communities')?.values).toEqual(['100:300']);
    expect(attr(post, 'nextHop')?.value).toBe('1.1.1.1');
    expect(attr(post, 'localPref')).toBeUndefined();
    // Routes learned from 10.3.3.3 are not sent back to it.
    expect(outPre().has('198.51.100.0/24')).toBe(false);
    expect(lab.device.bgpRoutes('adj-rib-out', '10.3.3.3', 'post-policy').find((r) => r.prefix === '203.0.113.0/24')?.attributes).toEqual(post);
  });
});

describe('well-known communities limit advertisement (RFC 1997)', () => {
  it('a route tagged no-export by an import policy stays out of every eBGP Adj-RIB-Out', async () => {
    const st = await rawStation(cleanup);
    const config = withPolicy(labConfig(st.port), (c) => {
      c.ipPrefixes = [{ name: 'p203', entries: [{ index: 10, action: 'permit', address: '203.0.113.0', maskLength: 24 }] }];
      c.routePolicies = [
        {
          name: 'tag',
          nodes: [
            { node: 10, action: 'permit', matches: [{ kind: 'ip-prefix', name: 'p203' }], applies: [{ kind: 'community', values: ['no-export'], additive: true }] },
            { node: 20, action: 'permit', matches: [], applies: [] },
          ],
        },
      ];
      c.bgp!.ipv4Unicast!.peerPolicies = [{ address: '10.2.2.2', import: { routePolicy: 'tag' } }];
    });
    const lab = await startBgpLab(config, cleanup);
    const loc = () => table(st.messages, locRib);
    await eventually(() => loc().has('203.0.113.0/24') && table(st.messages, view('10.3.3.3', true, true)).has('198.18.1.0/24'), 10_000);
    expect(attr(loc().get('203.0.113.0/24'), 'communities')?.values).toEqual(['200:1', '65535:65281']);
    // Sent to AS 300: everything else from AS 200, but not the no-export route.
    expect(table(st.messages, view('10.3.3.3', true, true)).has('203.0.113.0/24')).toBe(false);
    expect(lab.device.bgpRoutes('adj-rib-out', '10.3.3.3', 'post-policy').map((r) => r.prefix)).not.toContain('203.0.113.0/24');
  });
});
