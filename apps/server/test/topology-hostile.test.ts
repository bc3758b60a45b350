import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@bmp-lab/router/node';
import type { Clock } from '@bmp-lab/router';
import { Lab } from '../src/lab/lab.js';
import { LabStore } from '../src/persistence/store.js';
import type { Topology } from '../src/lab/topology.js';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { TopologyError, parseTopology, validateTopology } from '../src/lab/topology.js';

/** Topologies written to hurt: alias bombs, spinning flaps, look-alike addresses, terminal controls in names. */

function problems(text: string): string[] {
  try {
    parseTopology(text, 'lab.yaml');
  } catch (e) {
    if (e instanceof TopologyError) return e.message.split('\n');
    throw e;
  }
  return [];
}

/** "Billion laughs": nine aliases of nine aliases of … — a few hundred bytes that expand to 9^levels nodes. */
function aliasBomb(levels: number): string {
  const lines = ['x: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(',')}]`);
  return lines.join('\n');
}

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('hostile topologies', () => {
  it('an alias bomb is a clear YAML error, at once, not an exhausted server', () => {
    const t0 = performance.now();
    expect(problems(aliasBomb(9))).toEqual([
      'lab.yaml: YAML: its aliases (*name) expand to too many nodes (more than 100 alias expansions); write the values out or use fewer aliases',
    ]);
    expect(performance.now() - t0).toBeLessThan(1000);
    // A few aliases, as a file may use to share attributes, still work.
    const t = parseTopology(
      [
        'router: {}',
        'neighbors:',
        '  - { address: 10.2.2.2, as: 200, expect-as: 100, routes: [{ prefix: 203.0.113.0/24, communities: &c ["200:1"] }, { prefix: 198.51.100.0/24, communities: *c }] }',
      ].join('\n'),
      'lab.yaml',
    );
    expect(t.neighbors[0]!.routes.map((r) => r.communities)).toEqual([['200:1'], ['200:1']]);
  });

  it('POST /api/labs answers an alias bomb with 400 and the message, no stack trace', async () => {
    const server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off' }));
    servers.push(server);
    const res = await fetch(`${server.url}/api/labs`, { method: 'POST', body: JSON.stringify({ topology: aliasBomb(9) }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/^topology: YAML: its aliases \(\*name\) expand to too many nodes/);
    expect(body.error).not.toMatch(/\n\s+at /);
    expect(server.labs.size).toBe(1);
  });

  it('a flap has phases of at least 1 s of protocol time', () => {
    const flap = (every: number, down: number) => problems(`router: {}\nneighbors: [{ address: 10.2.2.2, as: 1, expect-as: 2, flap: { every: ${every}, down: ${down} } }]`);
    expect(flap(0.002, 0.001)).toEqual(['lab.yaml:2:83: neighbors[0].flap.down: down is at least 1 s']);
    expect(flap(1.5, 1)).toEqual(['lab.yaml:2:70: neighbors[0].flap.every: every is at least 1 s longer than down (the neighbor stays up that long)']);
    expect(flap(2, 1)).toEqual([]);
    expect(flap(5, 10)[0]).toContain('neighbors[0].flap.down: down must be shorter than every');
  });

  it('refuses leading zeros in IPv4 addresses, and compares addresses as numbers', () => {
    expect(problems('router: {}\nstations: [{ address: 010.001.001.001, ports: [1790] }]')).toEqual([
      'lab.yaml:2:23: stations[0].address: 010.001.001.001 has a leading zero in an octet, which some tools read as octal; write it 10.1.1.1',
    ]);
    expect(problems('router: {}\nneighbors: [{ address: 10.2.2.02, as: 1, expect-as: 2 }]')[0]).toContain('write it 10.2.2.2');
    expect(problems('router: {}\nnetwork: [{ address: 10.9.9.9, port: 1, to: "127.0.0.01:9" }]')[0]).toContain('network[0].to: must be a loopback endpoint');
    // Every spelling of one IPv6 address is one address.
    expect(
      problems(
        'router: {}\nneighbors: [{ address: "2001:db8:2::2", router-id: 10.2.2.2, as: 1, expect-as: 2 }, { address: "2001:DB8:2:0:0:0:0:2", router-id: 10.2.2.2, as: 1, expect-as: 2 }]',
      ),
    ).toEqual(['lab.yaml: neighbors[1].address: [2001:db8:2::2]:179 is already taken by neighbors[0].address']);
  });

  it('refuses control and bidi characters in every name, naming the field', () => {
    const names: [string, string][] = [
      ['\u001b[2J', 'U+001B'],
      ['EDGE\u0007', 'U+0007'],
      ['\u009b31m', 'U+009B'],
      ['A\u007fB', 'U+007F'],
      ['\u202eEGDE', 'U+202E'],
      ['X\u2066Y', 'U+2066'],
      ['X\u200fY', 'U+200F'],
      ['X\u061cY', 'U+061C'],
    ];
    for (const [name, code] of names) {
      const fail = (data: unknown) => {
        try {
          validateTopology(data, 'topology');
        } catch (e) {
          return (e as Error).message;
        }
        return 'accepted';
      };
      expect(fail({ router: { sysname: name } })).toMatch(new RegExp(`^topology: router\\.sysname: contains the control character ${code.replace('+', '\\+')} at position \\d`));
      expect(fail({ router: {}, stations: [{ address: '10.1.1.1', ports: [1], 'vpn-instance': name.slice(0, 8) }] })).toMatch(
        /^topology: stations\[0\]\.vpn-instance: contains the control character/,
      );
    }
    // Printable Unicode is a name like any other.
    expect(validateTopology({ router: { sysname: 'Routeur-Été_1 (lab)' } }, 'topology').router.sysname).toBe('Routeur-Été_1 (lab)');
  });

  it('echoes no control character of the file back in its errors', () => {
    const [message] = problems('router: {}\n"evil\u001b]0;pwned\u0007": 1');
    expect(message).toBe('lab.yaml:1:1: unknown key "evil\\u{1b}]0;pwned\\u{7}"');
    expect(message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('a stored topology from before these checks: its flap gets the floor, its names lose their controls', async () => {
    // Stored state is not validated again; the lab and the manager apply what they can.
    const spinning: Topology = {
      router: { sysname: 'EDGE\u001b[2J' },
      stations: [],
      network: [],
      neighbors: [{ address: '10.2.2.2', asn: 200, expectAs: 100, routes: [], flap: { every: 0.002, down: 0.001 } }],
    };
    const timers: number[] = [];
    const real = systemClock(1);
    const clock: Clock = { ...real, setTimer: (ms, fire) => (timers.push(ms), real.setTimer(ms, fire)) };
    const lab = await Lab.start({ id: 'flap-floor', topology: spinning, clock, allowConnect: [], externalStation: null });
    try {
      expect(timers.length).toBeGreaterThan(0);
      expect(Math.min(...timers)).toBeGreaterThanOrEqual(1000);
    } finally {
      await lab.stop();
    }

    const dataDir = mkdtempSync(join(tmpdir(), 'bmplab-hostile-'));
    const store = new LabStore(dataDir);
    store.createLab('stored', spinning, Date.now());
    store.close();
    const server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: dataDir }));
    servers.push(server);
    expect(server.labs.describe(server.labs.get('stored')!).router).toBe('EDGE[2J');
  });
});
