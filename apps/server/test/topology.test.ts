import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkPrefixes } from '@bmp-lab/router';
import { DEFAULT_TOPOLOGY, TopologyError, loadTopologyFile, parseTopology, topologyToData, validateTopology } from '../src/lab/topology.js';

function problems(text: string): string[] {
  try {
    parseTopology(text, 'lab.yaml');
  } catch (e) {
    if (e instanceof TopologyError) return e.message.split('\n');
    throw e;
  }
  return [];
}

describe('topology files', () => {
  it('reads the default lab from labs/default.yaml', () => {
    expect(DEFAULT_TOPOLOGY.router.sysname).toBe('HUAWEI');
    expect(DEFAULT_TOPOLOGY.stations).toEqual([{ address: '10.1.1.1', ports: [1790, 1791] }]);
    expect(DEFAULT_TOPOLOGY.neighbors.map((n) => [n.address, n.asn, n.expectAs, n.routes.length])).toEqual([
      ['10.2.2.2', 200, 100, 5],
      ['10.3.3.3', 300, 100, 5],
      ['2001:db8:2::2', 200, 100, 3],
      ['2001:db8:3::3', 300, 100, 3],
      ['10.5.5.5', 65005, 100, 2],
    ]);
    // The CE sits in VPN instance vpna, the others in the public network.
    expect(DEFAULT_TOPOLOGY.neighbors.map((n) => n.vpnInstance ?? null)).toEqual([null, null, null, null, 'vpna']);
    // The IPv6 neighbors are the same routers: the same BGP identifiers; one prefix from both, shorter via AS 200.
    expect(DEFAULT_TOPOLOGY.neighbors.slice(2, 4).map((n) => n.routerId)).toEqual(['10.2.2.2', '10.3.3.3']);
    expect(DEFAULT_TOPOLOGY.neighbors[2]!.routes[1]).toEqual({ prefix: '2001:db8:1000::/48', communities: ['200:1'] });
    expect(DEFAULT_TOPOLOGY.neighbors[3]!.routes[1]).toEqual({ prefix: '2001:db8:1000::/48', asPath: [64520], communities: ['300:1'] });
    expect(DEFAULT_TOPOLOGY.neighbors[0]!.routes[3]).toEqual({ prefix: '192.0.2.128/25', asPath: [64510], communities: ['200:2'] });
    expect(DEFAULT_TOPOLOGY.network).toEqual([]);
  });

  it('reads flapping, the address map, and round-trips through the file form', () => {
    const t = parseTopology(
      [
        'router: { sysname: EDGE }',
        'neighbors:',
        '  - { address: 10.9.9.9, as: 65001, expect-as: 65000, flap: { every: 30, down: 5 } }',
        'network:',
        '  - { address: 10.8.8.8, port: 1790, to: "127.0.0.1:11790" }',
      ].join('\n'),
      'lab.yaml',
    );
    expect(t.neighbors[0]).toEqual({ address: '10.9.9.9', asn: 65001, expectAs: 65000, routes: [], flap: { every: 30, down: 5 } });
    expect(t.network).toEqual([{ address: '10.8.8.8', port: 1790, to: { host: '127.0.0.1', port: 11790 } }]);
    expect(t.stations).toEqual([]);
    expect(validateTopology(topologyToData(t), 'copy')).toEqual(t);
  });

  it('reads IPv6 neighbors: any spelling, their own family only, a router-id, no bulk-routes', () => {
    const t = parseTopology(
      ['router: {}', 'neighbors:', '  - { address: 2001:DB8:7:0::7, router-id: 10.7.7.7, as: 700, expect-as: 100, routes: [{ prefix: 2001:DB8:700::/40, med: 1 }] }'].join('\n'),
      'lab.yaml',
    );
    expect(t.neighbors[0]).toEqual({ address: '2001:db8:7::7', routerId: '10.7.7.7', asn: 700, expectAs: 100, routes: [{ prefix: '2001:db8:700::/40', med: 1 }] });
    expect(validateTopology(topologyToData(t), 'copy')).toEqual(t);
    const bad = (neighbor: string) => problems(`router: {}\nneighbors:\n  - ${neighbor}`).map((p) => p.replace(/^lab\.yaml(:\d+:\d+)?: /, ''));
    expect(bad('{ address: "2001:db8::zz", router-id: 1.1.1.1, as: 1, expect-as: 2 }')).toEqual(['neighbors[0].address: not an IPv6 address, such as 2001:db8:2::2']);
    expect(bad('{ address: 2001:db8::7, as: 1, expect-as: 2 }')).toEqual([
      'neighbors[0].router-id: an IPv6 neighbor needs router-id, its BGP identifier (an IPv4 address such as 10.2.2.2)',
    ]);
    expect(bad('{ address: 2001:db8::7, router-id: 1.1.1.1, as: 1, expect-as: 2, routes: [{ prefix: 2001:db8::1/32 }] }')).toEqual([
      'neighbors[0].routes[0].prefix: not an IPv6 prefix with its host bits zero, such as 2001:db8:2:1::/64',
    ]);
    expect(bad('{ address: 2001:db8::7, router-id: 1.1.1.1, as: 1, expect-as: 2, routes: [{ prefix: 10.0.0.0/8 }] }')).toEqual([
      'neighbors[0].routes[0].prefix: an IPv6 neighbor announces IPv6 prefixes; give IPv4 routes to an IPv4 neighbor',
    ]);
    expect(bad('{ address: 10.7.7.7, as: 1, expect-as: 2, routes: [{ prefix: "2001:db8::/32" }] }')).toEqual([
      'neighbors[0].routes[0].prefix: an IPv4 neighbor announces IPv4 prefixes; give IPv6 routes to an IPv6 neighbor',
    ]);
    expect(bad('{ address: 2001:db8::7, router-id: 1.1.1.1, as: 1, expect-as: 2, bulk-routes: { first: 16.0.0.0/24, count: 2 } }')).toEqual([
      'neighbors[0].bulk-routes: bulk-routes are IPv4 prefixes: an IPv4 neighbor only',
    ]);
    // One address in two spellings is one endpoint.
    expect(bad('{ address: 2001:db8::7, router-id: 1.1.1.1, as: 1, expect-as: 2 }\n  - { address: "2001:DB8:0::7", router-id: 1.1.1.2, as: 1, expect-as: 2 }')).toEqual([
      'neighbors[1].address: [2001:db8::7]:179 is already taken by neighbors[0].address',
    ]);
  });

  it('reads a neighbor in a VPN instance: its own endpoint there, IPv4 only, a real name, and round-trips', () => {
    const t = parseTopology(
      ['router: {}', 'neighbors:', '  - { address: 10.5.5.5, vpn-instance: vpna, as: 65005, expect-as: 100 }', '  - { address: 10.5.5.5, as: 65006, expect-as: 100 }'].join('\n'),
      'lab.yaml',
    );
    // The same address inside vpna and in the public network are two endpoints.
    expect(t.neighbors.map((n) => [n.address, n.vpnInstance ?? null])).toEqual([
      ['10.5.5.5', 'vpna'],
      ['10.5.5.5', null],
    ]);
    expect(validateTopology(topologyToData(t), 'copy')).toEqual(t);
    const bad = (neighbor: string) => problems(`router: {}\nneighbors:\n  - ${neighbor}`).map((p) => p.replace(/^lab\.yaml(:\d+:\d+)?: /, ''));
    expect(bad('{ address: 10.5.5.5, vpn-instance: _public_, as: 1, expect-as: 2 }')).toEqual([
      'neighbors[0].vpn-instance: _public_ is the public network, not a VPN instance name',
    ]);
    expect(bad('{ address: 2001:db8::5, router-id: 1.1.1.1, vpn-instance: vpna, as: 1, expect-as: 2 }')).toEqual([
      'neighbors[0].vpn-instance: a neighbor in a VPN instance is an IPv4 neighbor (the router peers with it in ipv4-family vpn-instance)',
    ]);
    expect(bad('{ address: 10.5.5.5, vpn-instance: vpna, as: 1, expect-as: 2 }\n  - { address: 10.5.5.5, vpn-instance: vpna, as: 1, expect-as: 2 }')).toEqual([
      'neighbors[1].address: vpna/10.5.5.5:179 is already taken by neighbors[0].address',
    ]);
  });

  it('names the file, the line, the path and the problem', () => {
    const text = [
      'router: { sysname: X }',
      'neighbors:',
      '  - address: 10.2.2.300',
      '    as: 0',
      '    expect-as: 100',
      '    routes:',
      '      - prefix: 10.0.0.1/8',
      '        colour: red',
    ].join('\n');
    expect(problems(text)).toEqual([
      'lab.yaml:3:14: neighbors[0].address: not an IPv4 address in dotted decimal, such as 10.2.2.2',
      'lab.yaml:4:9: neighbors[0].as: an AS number is 1-4294967295',
      'lab.yaml:7:17: neighbors[0].routes[0].prefix: not an IPv4 prefix with its host bits zero, such as 203.0.113.0/24',
      'lab.yaml:7:9: neighbors[0].routes[0]: unknown key "colour"',
    ]);
  });

  it('refuses YAML errors, missing keys, wrong types, non-loopback maps, clashes and odd flaps', () => {
    expect(problems('router: [')[0]).toMatch(/^lab\.yaml:1:\d+: YAML: /);
    expect(problems('stations: []')).toEqual(['lab.yaml:1:1: router: missing (expected object, or routers: a list of routers)']);
    expect(problems('router: {}\nstations: [{ address: 10.1.1.1, ports: "1790" }]')).toEqual(['lab.yaml:2:40: stations[0].ports: expected array, got string "1790"']);
    expect(problems('router: {}\nnetwork: [{ address: 10.1.1.1, port: 1790, to: "8.8.8.8:53" }]')[0]).toContain(
      'network[0].to: must be a loopback endpoint HOST:PORT in 127.0.0.0/8',
    );
    expect(problems('router: {}\nstations: [{ address: 10.1.1.1, ports: [1790] }]\nnetwork: [{ address: 10.1.1.1, port: 1790, to: "127.0.0.1:9" }]')).toEqual([
      'lab.yaml: network[0]: 10.1.1.1:1790 is already taken by stations[0].ports[0]',
    ]);
    expect(problems('router: {}\nstations: [{ address: 127.0.0.2, ports: [1790] }]')[0]).toContain('is in 127.0.0.0/8');
    expect(problems('router: {}\nneighbors: [{ address: 10.2.2.2, as: 1, expect-as: 2, flap: { every: 5, down: 10 } }]')[0]).toContain(
      'neighbors[0].flap.down: down must be shorter than every',
    );
    expect(problems('- a\n- b')).toEqual(['lab.yaml: a topology is a mapping with router, stations, neighbors and network']);
  });

  it('reads bulk-routes compactly and keeps them compact in the file form', () => {
    const text = [
      'router: {}',
      'neighbors:',
      '  - address: 10.2.2.2',
      '    as: 200',
      '    expect-as: 100',
      '    routes: [{ prefix: 203.0.113.0/24 }]',
      '    bulk-routes: { first: 16.0.0.0/24, count: 1000000, as-path: [64500], med: 5, communities: ["200:9"] }',
      '  - { address: 10.3.3.3, as: 300, expect-as: 100, bulk-routes: { first: 255.255.255.0/24, count: 1 } }',
    ].join('\n');
    const t0 = performance.now();
    const t = parseTopology(text, 'lab.yaml');
    // A million routes are two numbers, not a million objects: no time, no memory.
    expect(performance.now() - t0).toBeLessThan(500);
    expect(t.neighbors[0]).toEqual({
      address: '10.2.2.2',
      asn: 200,
      expectAs: 100,
      routes: [{ prefix: '203.0.113.0/24' }],
      bulkRoutes: { first: '16.0.0.0/24', count: 1_000_000, asPath: [64500], med: 5, communities: ['200:9'] },
    });
    expect(t.neighbors[1]!.bulkRoutes).toEqual({ first: '255.255.255.0/24', count: 1 });
    const data = topologyToData(t) as { neighbors: Record<string, unknown>[] };
    expect(data.neighbors[0]!['bulk-routes']).toEqual({ first: '16.0.0.0/24', count: 1_000_000, 'as-path': [64500], med: 5, communities: ['200:9'] });
    expect(JSON.stringify(data).length).toBeLessThan(1000);
    expect(validateTopology(data, 'copy')).toEqual(t);
    expect(bulkPrefixes('16.0.0.0/24', 1_000_000)).toEqual({ start: 16 * 2 ** 24, length: 24, step: 256 });
    expect(bulkPrefixes('0.0.0.0/0', 1)).toEqual({ start: 0, length: 0, step: 2 ** 32 });
  });

  it('refuses bulk-routes out of range, with host bits, or running past 255.255.255.255', () => {
    const neighbor = (bulk: string) => ['router: {}', 'neighbors:', '  - address: 10.2.2.2', '    as: 200', '    expect-as: 100', `    bulk-routes: ${bulk}`].join('\n');
    expect(problems(neighbor('{ first: 16.0.0.0/24, count: 0 }'))).toEqual(['lab.yaml:6:47: neighbors[0].bulk-routes.count: count is 1-1000000']);
    expect(problems(neighbor('{ first: 16.0.0.0/24, count: 1000001 }'))).toEqual(['lab.yaml:6:47: neighbors[0].bulk-routes.count: count is 1-1000000']);
    expect(problems(neighbor('{ first: 16.0.0.0/24, count: "10" }'))).toEqual(['lab.yaml:6:47: neighbors[0].bulk-routes.count: expected number, got string "10"']);
    expect(problems(neighbor('{ first: 16.0.0.1/24, count: 10 }'))).toEqual([
      'lab.yaml:6:27: neighbors[0].bulk-routes.first: not an IPv4 prefix with its host bits zero, such as 203.0.113.0/24',
    ]);
    expect(problems(neighbor('{ first: 16.0.0.0/24 }'))).toEqual(['lab.yaml:6:18: neighbors[0].bulk-routes.count: missing (expected number)']);
    expect(problems(neighbor('{ first: 16.0.0.0/24, count: 5, colour: red, med: -1 }'))).toEqual([
      'lab.yaml:6:68: neighbors[0].bulk-routes.med: MED is 0-4294967295',
      'lab.yaml:6:18: neighbors[0].bulk-routes: unknown key "colour"',
    ]);
    // The last prefix must still be an IPv4 prefix: 255.255.0.0/24 has room for 256 /24s.
    expect(problems(neighbor('{ first: 255.255.0.0/24, count: 256 }'))).toEqual([]);
    expect(problems(neighbor('\n      first: 255.255.0.0/24\n      count: 257'))).toEqual([
      'lab.yaml:8:14: neighbors[0].bulk-routes.count: 257 prefixes /24 from 255.255.0.0/24 run past 255.255.255.255 (at most 256 fit)',
    ]);
    expect(problems(neighbor('{ first: 255.255.255.255/32, count: 2 }'))).toEqual([
      'lab.yaml:6:54: neighbors[0].bulk-routes.count: 2 prefixes /32 from 255.255.255.255/32 run past 255.255.255.255 (at most 1 fit)',
    ]);
    expect(bulkPrefixes('255.255.0.0/24', 257)).toBeNull();
  });

  it('reads the example of labs/README.md', () => {
    const readme = readFileSync(new URL('../labs/README.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const t = parseTopology(example, 'labs/README.md');
    expect(t.neighbors.map((n) => n.flap ?? null)).toEqual([null, { every: 60, down: 10 }, null]);
    expect(t.neighbors.map((n) => n.bulkRoutes ?? null)).toEqual([null, { first: '16.0.0.0/24', count: 100_000 }, null]);
    expect(t.neighbors[2]).toEqual({ address: '2001:db8:2::2', routerId: '10.2.2.2', asn: 200, expectAs: 100, routes: [{ prefix: '2001:db8:200::/48', communities: ['200:1'] }] });
    expect(t.network).toEqual([{ address: '10.9.9.9', port: 1790, to: { host: '127.0.0.1', port: 11790 } }]);
  });

  it('names an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-topo-'));
    expect(() => loadTopologyFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read the file \(ENOENT\)/);
    writeFileSync(join(dir, 'bad.yaml'), 'router: { sysname: "" }\n');
    expect(() => loadTopologyFile(join(dir, 'bad.yaml'))).toThrow(/bad\.yaml:1:20: router\.sysname: sysname is 1-246 characters/);
  });
});
