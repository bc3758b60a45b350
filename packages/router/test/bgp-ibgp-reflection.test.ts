import { afterEach, describe, expect, it } from 'vitest';
import type { PathAttribute } from '@bmp-lab/codec';
import type { Device, Route } from '@bmp-lab/router';
import { LoopbackLab, configOf, until } from './loopback-lab.js';

/**
 * BGP between lab routers over real loopback TCP: iBGP keeps the next hop
 * and sends LOCAL_PREF (RFC 4271 §5.1), `peer X next-hop-local` puts our
 * own address there, eBGP drops a route that carries our AS (RFC 4271
 * §9.1.2), and route reflection (RFC 4456) passes iBGP routes on with
 * ORIGINATOR_ID and CLUSTER_LIST.
 */
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

function newLab(): LoopbackLab {
  const lab = new LoopbackLab();
  cleanup.push(() => lab.close());
  return lab;
}

const locRib = (d: Device, prefix: string): Route | undefined => d.bgpRoutes('loc-rib', null).find((r) => r.prefix === prefix);
const attr = <T extends PathAttribute['type']>(r: Route | undefined, t: T) => r?.attributes.find((a) => a.type === t) as Extract<PathAttribute, { type: T }> | undefined;
const established = (d: Device) => d.bgpPeers().every((p) => p.state === 'Established');
/** Type lines in the system view and commit; the errors printed. */
const type = (d: Device, ...lines: string[]) => {
  const c = d.openConsole();
  return ['system-view', ...lines, 'commit'].flatMap((l) => c.execute(l).lines).filter((l) => /Error/.test(l));
};

describe('iBGP between two routers, eBGP to a lab neighbor', () => {
  it('R2 learns R1’s eBGP route with the next hop unchanged and LOCAL_PREF 100; next-hop-local puts R1’s address there', async () => {
    const lab = newLab();
    await lab.neighbor({
      address: '10.2.2.2',
      asn: 200,
      expectAs: 100,
      // The second route already passed AS 100: R1 must not take it back.
      routes: [
        { prefix: '203.0.113.0/24', med: 7 },
        { prefix: '198.51.100.0/24', asPath: [65001, 100] },
      ],
    });
    const r1 = await lab.router('10.0.0.1', ['bgp 100', 'router-id 1.1.1.1', 'peer 10.2.2.2 as-number 200', 'peer 10.2.2.2 keep-all-routes', 'peer 10.0.0.2 as-number 100']);
    const r2 = await lab.router('10.0.0.2', ['bgp 100', 'router-id 2.2.2.2', 'peer 10.0.0.1 as-number 100']);
    await until(() => locRib(r2, '203.0.113.0/24') !== undefined, 'R2 has the route');
    const route = locRib(r2, '203.0.113.0/24');
    expect(attr(route, 'nextHop')?.value).toBe('10.2.2.2');
    expect(attr(route, 'localPref')?.value).toBe(100);
    expect(attr(route, 'multiExitDisc')?.value).toBe(7);
    expect(attr(route, 'asPath')?.segments).toEqual([{ type: 'sequence', asns: [200] }]);
    expect(route?.source).toMatchObject({ kind: 'peer', address: '10.0.0.1', asn: 100, bgpId: '1.1.1.1' });
    // The looped route: received by R1 (kept before import) but not taken, so not passed on.
    await until(() => r1.bgpRoutes('adj-rib-in', '10.2.2.2', 'pre-policy').length === 2, 'R1 received both routes');
    expect(r1.bgpRoutes('adj-rib-in', '10.2.2.2', 'post-policy').map((r) => r.prefix)).toEqual(['203.0.113.0/24']);
    expect(locRib(r1, '198.51.100.0/24')).toBeUndefined();
    expect(locRib(r2, '198.51.100.0/24')).toBeUndefined();
    // `display bgp peer` lists the iBGP peer with its AS beside the eBGP one.
    const peers = r1.openConsole().execute('display bgp peer').lines.join('\n');
    expect(peers).toMatch(/ 10\.0\.0\.2 +4 +100 .*Established +0$/m);
    expect(peers).toMatch(/ 10\.2\.2\.2 +4 +200 .*Established +1$/m);
    expect(type(r1, 'bgp 100', 'peer 10.0.0.2 next-hop-local')).toEqual([]);
    await until(() => attr(locRib(r2, '203.0.113.0/24'), 'nextHop')?.value === '1.1.1.1', 'the next hop became R1’s router ID');
    expect(attr(locRib(r2, '203.0.113.0/24'), 'localPref')?.value).toBe(100);
    expect(established(r1) && established(r2)).toBe(true);
  });

  it('an IPv4 source in `peer X connect-interface` is the source of the peer’s dials', async () => {
    const lab = newLab();
    await lab.router('10.0.0.1', ['bgp 100', 'router-id 1.1.1.1', 'peer 10.0.0.2 as-number 100', 'peer 10.0.0.2 connect-interface LoopBack0 10.9.9.1'], true);
    await until(() => lab.dials.length > 0, 'a dial');
    expect(lab.dials[0]!.target).toMatchObject({ address: '10.0.0.2', port: 179, sourceAddress: '10.9.9.1' });
  });
});

describe('route reflection (RFC 4456)', () => {
  /**
   * RR (10.0.0.3, cluster ID 9) with clients A (10.0.0.1) and B (10.0.0.2)
   * and a client C (10.0.0.5) misconfigured with the same cluster ID;
   * non-clients N (10.0.0.4, a router) and L (10.5.5.5, an iBGP lab
   * neighbor announcing 198.51.100.0/24). A and N each originate a prefix.
   */
  async function reflectorLab() {
    const lab = newLab();
    await lab.neighbor({ address: '10.5.5.5', asn: 100, expectAs: 100, routes: [{ prefix: '198.51.100.0/24' }] });
    const peers = ['10.0.0.1', '10.0.0.2', '10.0.0.4', '10.0.0.5', '10.5.5.5'].map((p) => `peer ${p} as-number 100`);
    const rr = await lab.router('10.0.0.3', [
      'bgp 100',
      'router-id 3.3.3.3',
      ...peers,
      'reflector cluster-id 9',
      'peer 10.0.0.1 reflect-client',
      'ipv4-family unicast',
      'peer 10.0.0.2 reflect-client',
      'peer 10.0.0.5 reflect-client',
    ]);
    const toRr = (id: string, ...more: string[]) => ['bgp 100', `router-id ${id}`, 'peer 10.0.0.3 as-number 100', ...more];
    const a = await lab.router('10.0.0.1', toRr('1.1.1.1', 'network 192.0.2.0 24'));
    const b = await lab.router('10.0.0.2', toRr('2.2.2.2'));
    const n = await lab.router('10.0.0.4', toRr('4.4.4.4', 'network 192.0.2.128 25'));
    const c = await lab.router('10.0.0.5', toRr('5.5.5.5', 'reflector cluster-id 0.0.0.9', 'keep-all-routes'));
    await until(() => [rr, a, b, n, c].every(established), 'every session Established');
    return { rr, a, b, n, c };
  }

  it('a client’s route goes to the other client and to non-clients, with ORIGINATOR_ID and the cluster ID in CLUSTER_LIST', async () => {
    const { a, b, n } = await reflectorLab();
    await until(() => locRib(b, '192.0.2.0/24') !== undefined && locRib(n, '192.0.2.0/24') !== undefined, 'B and N have A’s route');
    for (const d of [b, n]) {
      const route = locRib(d, '192.0.2.0/24');
      expect(attr(route, 'originatorId')?.value).toBe('1.1.1.1');
      expect(attr(route, 'clusterList')?.values).toEqual(['0.0.0.9']);
      // A reflector does not change the next hop: A's own address, as A advertised it.
      expect(attr(route, 'nextHop')?.value).toBe('1.1.1.1');
      expect(attr(route, 'localPref')?.value).toBe(100);
    }
    // A does not get its own route back.
    expect(locRib(a, '192.0.2.0/24')?.source.kind).toBe('local');
    // The detailed display shows where a reflected route came from.
    const detail = b.openConsole().execute('display bgp routing-table 192.0.2.0 24').lines;
    expect(detail).toContain(' Originator: 1.1.1.1');
    expect(detail).toContain(' Cluster list: 0.0.0.9');
  });

  it('a non-client’s route goes to clients only: never from one non-client to another', async () => {
    const { rr, a, b, n } = await reflectorLab();
    await until(() => ['198.51.100.0/24', '192.0.2.128/25'].every((p) => locRib(a, p) !== undefined && locRib(b, p) !== undefined), 'the clients have both non-clients’ routes');
    expect(attr(locRib(a, '198.51.100.0/24'), 'originatorId')?.value).toBe('10.5.5.5');
    expect(attr(locRib(a, '192.0.2.128/25'), 'originatorId')?.value).toBe('4.4.4.4');
    // N has A's route (from a client), so the RR has advertised to N: L's route (non-client) is not there.
    await until(() => locRib(n, '192.0.2.0/24') !== undefined, 'N has the client’s route');
    expect(locRib(n, '198.51.100.0/24')).toBeUndefined();
    expect(
      rr
        .bgpRoutes('adj-rib-out', '10.0.0.4')
        .map((r) => r.prefix)
        .sort(),
    ).toEqual(['192.0.2.0/24']);
  });

  it('a route whose CLUSTER_LIST holds our own cluster ID is discarded', async () => {
    const { c } = await reflectorLab();
    // C keeps what it receives: the reflected routes arrived, and none was taken.
    await until(() => c.bgpRoutes('adj-rib-in', '10.0.0.3', 'pre-policy').length === 3, 'C received the three reflected routes');
    expect(c.bgpRoutes('adj-rib-in', '10.0.0.3', 'post-policy')).toEqual([]);
    expect(c.bgpRoutes('loc-rib', null)).toEqual([]);
  });
});

describe('configuration of reflection and next-hop-local', () => {
  it('prints in `ipv4-family unicast` as VRP does, from either view, and `undo` removes each', () => {
    const config = configOf([
      'bgp 100',
      'peer 10.0.0.1 as-number 100',
      'peer 10.0.0.2 as-number 100',
      'peer 10.0.0.1 reflect-client',
      'reflector cluster-id 10.0.0.9',
      'ipv4-family unicast',
      'peer 10.0.0.2 next-hop-local',
      'peer 10.0.0.2 reflect-client',
    ]);
    expect(config.bgp?.reflectorClusterId).toBe('10.0.0.9');
    const lab = new LoopbackLab();
    cleanup.push(() => lab.close());
    return lab.router('10.0.0.3', [], false).then((d) => {
      d.commit(config);
      const c = d.openConsole();
      const shown = c.execute('display current-configuration').lines;
      const at = shown.indexOf(' ipv4-family unicast');
      expect(shown.slice(at, at + 8)).toEqual([
        ' ipv4-family unicast',
        '  undo synchronization',
        '  reflector cluster-id 10.0.0.9',
        '  peer 10.0.0.1 enable',
        '  peer 10.0.0.1 reflect-client',
        '  peer 10.0.0.2 enable',
        '  peer 10.0.0.2 next-hop-local',
        '  peer 10.0.0.2 reflect-client',
      ]);
      const out = [
        'system-view',
        'bgp 100',
        'undo reflector cluster-id 9',
        'undo reflector cluster-id',
        'undo peer 10.0.0.1 reflect-client',
        'undo peer 10.0.0.2 next-hop-local',
        'peer 10.0.0.7 reflect-client',
        'commit',
      ].map((l) => c.execute(l).lines);
      // An undo naming another cluster ID, and a peer that is not configured, are refused.
      expect(out[2]).toEqual(['Error: The configuration does not exist.']);
      expect(out[6]).toEqual(['Error: The peer does not exist.']);
      const after = d.running.bgp!;
      expect(after.reflectorClusterId).toBeUndefined();
      expect(after.peers.map((p) => [p.address, p.reflectClient ?? false, p.nextHopLocal ?? false])).toEqual([
        ['10.0.0.1', false, false],
        ['10.0.0.2', true, false],
      ]);
    });
  });
});
