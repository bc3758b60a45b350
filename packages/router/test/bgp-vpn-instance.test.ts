import { describe, expect, it } from 'vitest';
import type { BmpMessage } from '@bmp-lab/codec';
import { Device } from '@bmp-lab/router';
import { systemClock } from '@bmp-lab/router/node';
import { distinguisherHex } from '../src/bgp/route-distinguisher.js';
import { planFeeds } from '../src/bmp-client/feeds.js';
import { VPNA_CE_LINES } from '@bmp-lab/test-support';
import { plain } from './harness.js';
import { configOf, until } from './loopback-lab.js';
import { oneNeighborLabPerTest } from './one-neighbor-lab.js';

/**
 * A VPN instance with its own BGP peer: the CE 10.5.5.5 (AS 65005) is
 * reachable only inside VPN instance vpna; the router's session to it runs in
 * that instance's RIBs, and BMP reports it as an RD instance peer (RFC 7854
 * §4.2 peer type 1) with the instance's RD, and the instance's Loc-RIB as a
 * peer type 3 with the RD and its name as VRF/Table Name (RFC 9069).
 */

const CE = { address: '10.5.5.5', asn: 65005, expectAs: 100, routes: [{ prefix: '192.168.10.0/24' }, { prefix: '192.168.11.0/24' }] };

const VPN_LINES = [...VPNA_CE_LINES, 'quit', 'quit'];

const BMP_LINES = (monitor: string, modes: string[]) => ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', monitor, ...modes, 'quit', 'quit', 'quit'];

const labs = oneNeighborLabPerTest();
/** The CE reachable only inside vpna; BMP goes to a recorded connection. */
const vpnLab = (lines: string[]) => labs.start({ neighbor: CE, vpnInstance: 'vpna', lines });

const prefixesOf = (m: BmpMessage) => (m.type === 'route-monitoring' ? m.update.nlri : []);

describe('route distinguishers on the wire (RFC 4364 §4.2)', () => {
  it('encodes type 0 (2-byte ASN), type 1 (IPv4) and type 2 (4-byte ASN), and refuses what is none of them', () => {
    expect(distinguisherHex('100:1')).toBe('0000006400000001');
    expect(distinguisherHex('65535:4294967295')).toBe('0000ffffffffffff');
    expect(distinguisherHex('1.2.3.4:5')).toBe('0001010203040005');
    expect(distinguisherHex('4200000000:7')).toBe('0002fa56ea000007');
    expect(distinguisherHex('4200000000:65536')).toBeNull();
    expect(distinguisherHex('1.2.3.4:65536')).toBeNull();
    expect(distinguisherHex('100')).toBeNull();
  });
});

describe('a VPN instance with a BGP peer', () => {
  it('dials the CE inside the instance, keeps its routes apart from the public network, and shows them in the instance displays', async () => {
    const { device, dials } = await vpnLab(VPN_LINES);
    const bgp = () => device.bgp();
    await until(() => bgp().vpn!('vpna').routes('loc-rib', null).length === 2, 'the CE routes in vpna Loc-RIB');
    expect(dials.filter((d) => d.port === 179)).toContainEqual(expect.objectContaining({ address: '10.5.5.5', vpnInstance: 'vpna' }));
    expect(dials.some((d) => d.port === 179 && d.vpnInstance === null)).toBe(false);
    // The public network sees neither the peer nor its routes.
    expect(bgp().peers).toEqual([]);
    expect(bgp().routes('loc-rib', null)).toEqual([]);

    const console = device.openConsole();
    const out = (line: string) => plain(console.execute(line).lines.join('\n'));
    const peers = out('display bgp vpnv4 vpn-instance vpna peer');
    expect(peers).toContain('VPN-Instance vpna, Router ID 1.1.1.1:');
    expect(peers).toMatch(/10\.5\.5\.5\s+4\s+65005.*Established\s+2/);
    expect(out('display bgp peer')).not.toContain('10.5.5.5');
    const table = out('display bgp vpnv4 vpn-instance vpna routing-table');
    expect(table).toContain('Total Number of Routes: 2');
    expect(table).toMatch(/\*>\s+192\.168\.10\.0\/24\s+10\.5\.5\.5/);
    expect(out('display bgp vpnv4 vpn-instance vpnb peer')).toContain('Error: The VPN instance does not exist.');
    expect(out('display ip vpn-instance')).toMatch(/vpna\s+100:1\s+IPv4/);
    const verbose = out('display ip vpn-instance verbose');
    expect(verbose).toContain('Route Distinguisher : 100:1');
    expect(verbose).toContain('Export VPN Targets : 100:1');
    expect(verbose).toContain('Import VPN Targets : 100:1');
  });

  it('is reported by `monitor vpn-instance` as an RD instance peer with the RD, and its Loc-RIB as type 3 with the instance name', async () => {
    const lines = [...VPN_LINES, ...BMP_LINES('monitor vpn-instance vpna', ['route-mode ipv4-family unicast adj-rib-in post-policy', 'route-mode ipv4-family unicast local-rib'])];
    const { device, messages } = await vpnLab(lines);
    const rd = '0000006400000001';
    const got = () => messages();
    await until(() => got().filter((m) => m.type === 'route-monitoring' && prefixesOf(m).length > 0).length >= 2, 'routes of the peer and of the Loc-RIB');
    const ups = got().filter((m) => m.type === 'peer-up');
    expect(ups).toHaveLength(2);
    const peerUp = ups.find((m) => m.type === 'peer-up' && m.peer.peerType === 1);
    expect(peerUp).toMatchObject({ peer: { peerType: 1, distinguisher: rd, address: '10.5.5.5', asn: 65005, flags: { postPolicy: true } } });
    const locUp = ups.find((m) => m.type === 'peer-up' && m.peer.peerType === 3);
    expect(locUp).toMatchObject({ peer: { peerType: 3, distinguisher: rd }, tlvs: [{ type: 'vrfTableName', value: 'vpna' }] });
    const routes = got().filter((m) => m.type === 'route-monitoring' && prefixesOf(m).length > 0);
    for (const m of routes) expect(m.type === 'route-monitoring' && m.peer.distinguisher).toBe(rd);
    const byType = (t: number) =>
      routes
        .filter((m) => m.type === 'route-monitoring' && m.peer.peerType === t)
        .flatMap(prefixesOf)
        .sort();
    expect(byType(1)).toEqual(['192.168.10.0/24', '192.168.11.0/24']);
    expect(byType(3)).toEqual(['192.168.10.0/24', '192.168.11.0/24']);
    // Nothing under a public (type 0) header.
    expect(got().some((m) => 'peer' in m && m.peer.peerType === 0)).toBe(false);
    const verbose = plain(device.openConsole().execute('display bmp session 10.1.1.1 verbose').lines.join('\n'));
    expect(verbose).toContain(['  BGP ipv4-family vpn-instance vpna :', '  0.0.0.0   (local-rib)', '  10.5.5.5 (in post-policy)'].join('\n'));
    expect(verbose).not.toContain('BGP ipv4-family unicast :');
  });

  it('selects nothing for another instance, one peer with `peer X`, and every instance with `all-vpn-instance`', () => {
    const config = configOf([
      ...VPN_LINES,
      'ip vpn-instance vpnb',
      'route-distinguisher 1.1.1.1:2',
      'quit',
      'bgp 100',
      'ipv4-family vpn-instance vpnb',
      'peer 10.6.6.6 as-number 65006',
      'peer 10.7.7.7 as-number 65007',
      'quit',
      'quit',
    ]);
    const running = ['vpna', 'vpnb'];
    const session = (target: object, local = false) =>
      ({
        address: '10.1.1.1',
        vpnInstance: null,
        alias: null,
        port: 1790,
        monitors: [
          { target, routeModes: [{ family: 'ipv4-unicast', rib: 'adj-rib-in', policy: 'post-policy' }, ...(local ? [{ family: 'ipv4-unicast', rib: 'local-rib' }] : [])] },
        ],
      }) as Parameters<typeof planFeeds>[0];
    const feeds = (target: object, local = false) => planFeeds(session(target, local), config.bgp, running).map((f) => `${f.vpnInstance}/${f.peer ?? 'loc-rib'}`);
    expect(feeds({ kind: 'vpn-instance', vpnInstance: 'vpnb' }, true)).toEqual(['vpnb/10.6.6.6', 'vpnb/10.7.7.7', 'vpnb/loc-rib']);
    expect(feeds({ kind: 'vpn-instance-peer', vpnInstance: 'vpnb', address: '10.7.7.7' }, true)).toEqual(['vpnb/10.7.7.7']);
    expect(feeds({ kind: 'all-vpn-instance' })).toEqual(['vpna/10.5.5.5', 'vpnb/10.6.6.6', 'vpnb/10.7.7.7']);
    expect(feeds({ kind: 'public' }, true)).toEqual(['null/loc-rib']);
    // An instance whose BGP does not run (not in `running`) selects nothing.
    expect(planFeeds(session({ kind: 'vpn-instance', vpnInstance: 'vpnb' }), config.bgp, ['vpna'])).toEqual([]);
  });

  it('takes the RD in the instance view, keeps VPN targets, and needs an RD before BGP uses the instance', () => {
    const d = new Device({
      dialer: { dial: () => Promise.resolve({ ok: false, error: 'no' }) },
      clock: systemClock(),
      events: { sessionChanged() {}, sessionRemoved() {}, committed() {} },
      autoStart: false,
    });
    labs.afterThisTest(() => d.shutdown());
    const c = d.openConsole();
    const run = (line: string) => plain(c.execute(line).lines.join('\n'));
    for (const l of ['system-view', 'ip vpn-instance vpnc', 'ipv6-family', 'quit']) run(l);
    expect(run('vpn-target 1:1')).toContain('Error: Configure the route distinguisher first.');
    run('quit');
    run('bgp 100');
    expect(run('ipv4-family vpn-instance vpnc')).toContain('Error: Configure the route distinguisher first.');
    expect(run('ipv4-family vpn-instance nope')).toContain('Error: The VPN instance does not exist.');
    run('quit');
    run('ip vpn-instance vpnc');
    run('route-distinguisher 200:1');
    expect(run('route-distinguisher 200:2')).toContain('Error: The route distinguisher of the VPN instance cannot be changed.');
    run('vpn-target 1:1 2:2 export-extcommunity');
    run('vpn-target 3:3');
    run('quit');
    run('bgp 100');
    run('ipv4-family vpn-instance vpnc');
    expect(c.prompt()).toBe('[*HUAWEI-bgp-vpnc]');
    run('peer 10.8.8.8 as-number 65008');
    run('commit');
    expect(run('display this')).toContain('  peer 10.8.8.8 as-number 65008');
    const cfg = run('display current-configuration');
    expect(cfg).toContain(
      [
        ' ipv4-family',
        '  route-distinguisher 200:1',
        '  vpn-target 1:1 export-extcommunity',
        '  vpn-target 2:2 export-extcommunity',
        '  vpn-target 3:3 export-extcommunity',
        '  vpn-target 3:3 import-extcommunity',
        ' #',
        ' ipv6-family',
      ].join('\n'),
    );
    expect(cfg).toContain([' ipv4-family vpn-instance vpnc', '  peer 10.8.8.8 as-number 65008'].join('\n'));
  });
});
