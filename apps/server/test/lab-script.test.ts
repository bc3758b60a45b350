import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '@bmp-lab/router/node';
import type { Clock } from '@bmp-lab/router';
import { parseRoutePrefix } from '@bmp-lab/collector';
import { prefixTexts } from '@bmp-lab/codec';
import { Lab } from '../src/lab/lab.js';
import { memoryLog } from '../src/log.js';
import { TopologyError, loadTopologyFile, parseTopology, topologyToData, validateTopology } from '../src/lab/topology.js';
import { eventually } from './lab-harness.js';

/**
 * A topology's `script:`: validated at load (file:line for each problem), run
 * on the lab's protocol clock in order, cancelled by Lab.stop. The example
 * labs/scripted-incident.yaml runs here 25x faster against a real router and
 * its station.
 */
const INCIDENT = new URL('../labs/scripted-incident.yaml', import.meta.url);
const labs: Lab[] = [];
afterEach(async () => {
  await Promise.all(labs.splice(0).map((l) => l.stop()));
});

const problems = (yaml: string) => {
  try {
    parseTopology(yaml, 'lab.yaml');
  } catch (e) {
    if (e instanceof TopologyError) return e.message.split('\n');
    throw e;
  }
  return [];
};

const HEAD = [
  'router: {}',
  'neighbors:',
  '  - { address: 10.2.2.2, as: 200, expect-as: 100 }',
  '  - { address: 2001:db8:2::2, router-id: 10.2.2.2, as: 200, expect-as: 100 }',
  'script:',
];

describe('topology script:', () => {
  it('is validated at load, each problem with its file:line', () => {
    expect(
      problems(
        [
          ...HEAD,
          '  - { at: 5, neighbor: 10.2.2.2, down: true, up: true }',
          '  - { at: 5, neighbor: 10.2.2.2 }',
          '  - { at: -1, neighbor: 10.2.2.2, down: true }',
          '  - { at: 5, neighbor: 10.2.2.2, down: false }',
          '  - { at: 5, neighbor: 10.2.2.2, withdraw: 203.0.113.1/24 }',
        ].join('\n'),
      ),
    ).toEqual([
      'lab.yaml:6:5: script[0]: a step does exactly one of announce, withdraw, down or up (this one has down and up)',
      'lab.yaml:7:5: script[1]: a step does exactly one of announce, withdraw, down or up (this one does none)',
      'lab.yaml:8:11: script[2].at: at is the protocol seconds after the lab starts, 0 or more',
      'lab.yaml:9:40: script[3].down: down: true brings the neighbor down (to bring it up, write up: true)',
      'lab.yaml:10:44: script[4].withdraw: not an IPv4 prefix with its host bits zero, such as 203.0.113.0/24',
    ]);
    // The neighbor must be one of the topology's, and the prefix of its family.
    expect(
      problems(
        [
          ...HEAD,
          '  - { at: 1, neighbor: 10.9.9.9, down: true }',
          '  - { at: 2, neighbor: 10.2.2.2, announce: { prefix: "2001:db8:9::/48" } }',
          '  - { at: 3, neighbor: 2001:DB8:2::2, withdraw: 203.0.113.0/24 }',
        ].join('\n'),
      ),
    ).toEqual([
      'lab.yaml:6:24: script[0].neighbor: 10.9.9.9 is not a neighbor of this topology (neighbors: 10.2.2.2, 2001:db8:2::2)',
      'lab.yaml:7:54: script[1].announce.prefix: 10.2.2.2 is an IPv4 neighbor: it announces and withdraws IPv4 prefixes only',
      'lab.yaml:8:49: script[2].withdraw: 2001:db8:2::2 is an IPv6 neighbor: it announces and withdraws IPv6 prefixes only',
    ]);
  });

  it('reads back as written (stored labs keep their script)', () => {
    const t = loadTopologyFile(INCIDENT.pathname);
    expect(t.script).toHaveLength(4);
    expect(t.script![0]).toEqual({ at: 20, neighbor: '10.2.2.2', announce: { prefix: '198.51.100.0/25', asPath: [64666], communities: ['200:666'] } });
    expect(validateTopology(topologyToData(t), 'again')).toEqual(t);
  });

  it('scripted-incident.yaml runs in order on the lab’s clock: a hijack announced and withdrawn, a neighbor down and up', async () => {
    const memory = memoryLog();
    // 25x: the steps at 20, 40, 60 and 80 protocol seconds come 0.8 s apart.
    const lab = await Lab.start({ id: 'script', topology: loadTopologyFile(INCIDENT.pathname), clock: systemClock(25), allowConnect: [], externalStation: null, log: memory.log });
    labs.push(lab);
    // What the station receives, in order: each Route Monitoring's prefixes (announced or withdrawn), each Peer Down.
    const seen: string[] = [];
    lab.onStationMessage((_seq, m) => {
      if (m.type === 'route-monitoring') seen.push(...prefixTexts(m.update.nlri).map((p) => `announce ${p}`), ...prefixTexts(m.update.withdrawnRoutes).map((p) => `withdraw ${p}`));
      if (m.type === 'peer-down') seen.push(`down ${m.peer.address}`);
    });
    const c = lab.device.openConsole();
    for (const line of [
      'system-view',
      'bgp 100',
      'peer 10.2.2.2 as-number 200',
      'peer 10.3.3.3 as-number 300',
      'keep-all-routes',
      'quit',
      'bmp',
      'bmp-session 10.1.1.1',
      'tcp connect port 1790',
      'monitor public',
      'route-mode ipv4-family unicast adj-rib-in pre-policy',
      'commit',
      'return',
    ]) {
      expect(c.execute(line).lines.join('\n')).not.toMatch(/Error/);
    }
    const prefix = parseRoutePrefix('198.51.100.0/25');
    if (typeof prefix === 'string') throw new Error(prefix);
    const hijack = () => lab.station.routes({ limit: 10, after: null, prefix }).routes;
    await eventually(() => hijack().length === 1, 5000);
    expect(hijack()[0]).toMatchObject({ peer: '10.2.2.2', asPath: [200, 64666], communities: ['200:666'] });
    await eventually(() => hijack().length === 0, 5000);
    const peerState = () => lab.device.bgpPeers().find((p) => p.address === '10.3.3.3')?.state;
    await eventually(() => !lab.neighbor('10.3.3.3')!.up && peerState() !== 'Established', 5000);
    await eventually(() => lab.neighbor('10.3.3.3')!.up && peerState() === 'Established', 10_000);
    expect(memory.lines('info').filter((l) => l.includes('script:'))).toEqual([
      expect.stringContaining('script: at 20 s 10.2.2.2 announces 198.51.100.0/25'),
      expect.stringContaining('script: at 40 s 10.2.2.2 withdraws 198.51.100.0/25'),
      expect.stringContaining('script: at 60 s 10.3.3.3 goes down'),
      expect.stringContaining('script: at 80 s 10.3.3.3 goes up'),
    ]);
    // The station saw them in that order: the hijack's announcement, its withdrawal, then 10.3.3.3's Peer Down.
    expect(seen.filter((e) => e.includes('198.51.100.0/25') || e.startsWith('down'))).toEqual(['announce 198.51.100.0/25', 'withdraw 198.51.100.0/25', 'down 10.3.3.3']);
  }, 20_000);

  it('runs steps of the same time in file order, and Lab.stop cancels what is left', async () => {
    const memory = memoryLog();
    const topology = parseTopology(
      [
        ...HEAD,
        '  - { at: 2, neighbor: 10.2.2.2, announce: { prefix: 198.51.100.0/24 } }',
        '  - { at: 1, neighbor: 10.2.2.2, announce: { prefix: 192.0.2.0/24 } }',
        '  - { at: 1, neighbor: 10.2.2.2, withdraw: 192.0.2.0/24 }',
        '  - { at: 3600, neighbor: 10.2.2.2, down: true }',
      ].join('\n'),
      'lab.yaml',
    );
    // 100x: the first steps 10 and 20 ms after the start, the last one an hour of protocol time (36 s) later.
    const clock = systemClock(100);
    const timers: { ms: number; cancelled: boolean }[] = [];
    const recording: Clock = {
      ...clock,
      setTimer(ms, fire) {
        const t = { ms, cancelled: false };
        timers.push(t);
        const handle = clock.setTimer(ms, fire);
        return { cancel: () => ((t.cancelled = true), handle.cancel()) };
      },
    };
    const lab = await Lab.start({ id: 'order', topology, clock: recording, allowConnect: [], externalStation: null, log: memory.log });
    labs.push(lab);
    await eventually(() => memory.lines('info').filter((l) => l.includes('script:')).length === 3);
    expect(
      memory
        .lines('info')
        .filter((l) => l.includes('script:'))
        .map((l) => l.slice(l.indexOf('script:'))),
    ).toEqual(['script: at 1 s 10.2.2.2 announces 192.0.2.0/24', 'script: at 1 s 10.2.2.2 withdraws 192.0.2.0/24', 'script: at 2 s 10.2.2.2 announces 198.51.100.0/24']);
    expect(lab.neighbor('10.2.2.2')!.routes()).toEqual([{ prefix: '198.51.100.0/24' }]);
    // The last step waits for its hour; Lab.stop cancels it.
    const waiting = timers.filter((t) => t.ms > 3_000_000);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.cancelled).toBe(false);
    await lab.stop();
    expect(waiting[0]!.cancelled).toBe(true);
  });
});
