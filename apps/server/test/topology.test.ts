import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TOPOLOGY, TopologyError, loadTopologyFile, parseTopology, topologyToData, validateTopology } from '../src/lab/topology.js';

function problems(text: string): string[] {
  try {
    parseTopology(text, 'lab.yaml');
  } catch (e) {
    if (e instanceof TopologyError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected a TopologyError');
}

describe('topology files', () => {
  it('reads the default lab of DESIGN §3 from labs/default.yaml', () => {
    expect(DEFAULT_TOPOLOGY.router.sysname).toBe('HUAWEI');
    expect(DEFAULT_TOPOLOGY.stations).toEqual([{ address: '10.1.1.1', ports: [1790, 1791] }]);
    expect(DEFAULT_TOPOLOGY.neighbors.map((n) => [n.address, n.asn, n.expectAs, n.routes.length])).toEqual([
      ['10.2.2.2', 200, 100, 4],
      ['10.3.3.3', 300, 100, 4],
    ]);
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
    expect(problems('stations: []')).toEqual(['lab.yaml:1:1: router: missing (expected object)']);
    expect(problems('router: {}\nstations: [{ address: 10.1.1.1, ports: "1790" }]')).toEqual([
      'lab.yaml:2:40: stations[0].ports: expected array, got string "1790"',
    ]);
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

  it('reads the example of labs/README.md', () => {
    const readme = readFileSync(new URL('../labs/README.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const t = parseTopology(example, 'labs/README.md');
    expect(t.neighbors.map((n) => n.flap ?? null)).toEqual([null, { every: 60, down: 10 }]);
    expect(t.network).toEqual([{ address: '10.9.9.9', port: 1790, to: { host: '127.0.0.1', port: 11790 } }]);
  });

  it('names an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-topo-'));
    expect(() => loadTopologyFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read the file \(ENOENT\)/);
    writeFileSync(join(dir, 'bad.yaml'), 'router: { sysname: "" }\n');
    expect(() => loadTopologyFile(join(dir, 'bad.yaml'))).toThrow(/bad\.yaml:1:20: router\.sysname: sysname is 1-246 characters/);
  });
});
