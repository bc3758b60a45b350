import { describe, expect, it } from 'vitest';
import { CommandTable } from '@bmp-lab/cli-engine';
import type { PathAttribute } from '@bmp-lab/codec';
import { COMMANDS, ConsoleSession, emptyConfig } from '@bmp-lab/router';
import type { BgpPeerStatus, CommandContext, Route } from '@bmp-lab/router';
import type { BgpView } from '../src/commands/command-context.js';

/**
 * The BGP displays that read routes before and after policy, against a fixed
 * BGP state (no sockets): what each table lists, the status codes, and the
 * per-prefix detail with the rule each losing path lost on.
 */

const NOW = 1_700_000_000_000;
const LOCAL_AS = 100;

function route(
  prefix: string,
  from: { address: string; asn: number; bgpId: string } | 'local',
  attrs: { path?: number[]; med?: number; lp?: number; nh?: string; communities?: string[]; origin?: 'igp' | 'egp' | 'incomplete' },
  age = 65,
): Route {
  const attributes: PathAttribute[] = [
    { type: 'origin', value: attrs.origin ?? 'igp' },
    { type: 'asPath', segments: attrs.path && attrs.path.length > 0 ? [{ type: 'sequence', asns: attrs.path }] : [] },
    { type: 'nextHop', value: attrs.nh ?? (from === 'local' ? '0.0.0.0' : from.address) },
  ];
  if (attrs.med !== undefined) attributes.push({ type: 'multiExitDisc', value: attrs.med });
  if (attrs.lp !== undefined) attributes.push({ type: 'localPref', value: attrs.lp });
  if (attrs.communities) attributes.push({ type: 'communities', values: attrs.communities });
  return { prefix, attributes, source: from === 'local' ? { kind: 'local' } : { kind: 'peer', ...from }, at: NOW - age * 1000 };
}

const A = { address: '10.2.2.2', asn: 200, bgpId: '2.2.2.2' };
const B = { address: '10.3.3.3', asn: 300, bgpId: '3.3.3.3' };
const I = { address: '10.4.4.4', asn: 100, bgpId: '4.4.4.4' };

/**
 * Peer A: 198.18.1.0/24 is denied by its import policy (pre-policy only);
 * 198.18.0.0/24 gets LocPrf 150 from the policy. Peer B offers 198.18.0.0/24
 * with a shorter path but no LocPrf, and 203.0.113.0/24 (MED 20, two
 * communities). The iBGP peer I repeats 203.0.113.0/24 with a higher MED.
 */
const rib = {
  pre: {
    [A.address]: [route('198.18.0.0/24', A, { path: [200, 64520] }), route('198.18.1.0/24', A, { path: [200] })],
    [B.address]: [],
    [I.address]: [],
  } as Record<string, Route[]>,
  post: {
    [A.address]: [route('198.18.0.0/24', A, { path: [200, 64520], lp: 150 })],
    [B.address]: [route('198.18.0.0/24', B, { path: [300] }), route('203.0.113.0/24', B, { path: [300], med: 20, communities: ['300:1', '65535:65281'] })],
    [I.address]: [route('203.0.113.0/24', I, { path: [300], med: 50, lp: 100, nh: '10.3.3.3' })],
  } as Record<string, Route[]>,
  out: {
    [A.address]: [route('10.10.0.0/16', 'local', { path: [100], nh: '10.1.1.1' }), route('203.0.113.0/24', B, { path: [100, 300], nh: '10.1.1.1' })],
    [B.address]: [route('10.10.0.0/16', 'local', { path: [100], nh: '10.1.1.1' })],
    [I.address]: [],
  } as Record<string, Route[]>,
  local: [route('10.10.0.0/16', 'local', { origin: 'igp', med: 0 }, 3700)],
};

function peer(p: { address: string; asn: number }): BgpPeerStatus {
  return {
    address: p.address,
    asn: p.asn,
    state: 'Established',
    since: NOW - 60_000,
    messagesReceived: 5,
    messagesSent: 5,
    prefixesReceived: rib.post[p.address]!.length,
    established: null,
    counters: { rejectedByPolicy: 0, duplicateAdvertisements: 0, duplicateWithdraws: 0 },
  } as BgpPeerStatus;
}

function console(kept: readonly string[]) {
  const refreshed: string[] = [];
  const view: BgpView = {
    identity: { asn: LOCAL_AS, routerId: '1.1.1.1' },
    peers: [A, B, I].map(peer),
    routes(ribName, p, stage = 'post-policy') {
      if (ribName === 'loc-rib') return rib.local;
      if (ribName === 'adj-rib-out') return rib.out[p!] ?? [];
      if (stage === 'pre-policy') return kept.includes(p!) ? (rib.pre[p!] ?? []) : [];
      return rib.post[p!] ?? [];
    },
    keepsAllRoutes: (p) => kept.includes(p),
  };
  const running = emptyConfig();
  running.bgp = { asNumber: LOCAL_AS, peers: [A, B, I].map((p) => ({ address: p.address, asNumber: p.asn })) };
  const session = new ConsoleSession({
    running,
    commands: new CommandTable<CommandContext>(COMMANDS),
    commit: () => {},
    bmpSessions: () => [],
    bgp: () => view,
    refreshBgp: (target, direction) => {
      refreshed.push(`${target} ${direction}`);
      return [];
    },
    resetBmpSessions: () => 0,
    now: () => NOW,
    uptimeMs: () => 0,
    timerRemaining: () => 0,
  });
  return { run: (line: string) => session.execute(line).lines, refreshed };
}

const HEAD = [
  ' BGP Local router ID is 1.1.1.1',
  ' Status codes: * - valid, > - best, d - damped, x - best external, a - add path,',
  '               h - history,  i - internal, s - suppressed, S - Stale',
  '               Origin : i - IGP, e - EGP, ? - incomplete',
  ' RPKI validation codes: V - valid, I - invalid, N - not-found',
  '',
];
const COLUMNS = '      Network            NextHop        MED        LocPrf    PrefVal Path/Ogn';

describe('display bgp routing-table after policy', () => {
  it('lists post-policy paths only, best first, with the LocPrf the policy set', () => {
    expect(console([]).run('display bgp routing-table')).toEqual([
      ...HEAD,
      ' Total Number of Routes: 5',
      COLUMNS,
      ' *>   10.10.0.0/16        0.0.0.0         0                     0      i',
      ' *>   198.18.0.0/24       10.2.2.2                150           0      200 64520i',
      ' *    198.18.0.0/24       10.3.3.3                              0      300i',
      ' *>   203.0.113.0/24      10.3.3.3       20                     0      300i',
      ' * i  203.0.113.0/24      10.3.3.3       50       100           0      300i',
    ]);
  });
});

describe('display bgp routing-table peer', () => {
  it('received-routes: what the import policy accepted, unless the routes are kept', () => {
    const rows = (kept: string[]) => console(kept).run('display bgp routing-table peer 10.2.2.2 received-routes').slice(6);
    expect(rows([])).toEqual([' Total Number of Routes: 1', COLUMNS, ' *>   198.18.0.0/24       10.2.2.2                150           0      200 64520i']);
    expect(rows(['10.2.2.2'])).toEqual([
      ' Total Number of Routes: 2',
      COLUMNS,
      ' *>   198.18.0.0/24       10.2.2.2                              0      200 64520i',
      ' *    198.18.1.0/24       10.2.2.2                              0      200i',
    ]);
  });
  it('accepted-routes and not-accepted-routes split the kept routes by the import policy', () => {
    const c = console(['10.2.2.2']);
    expect(c.run('display bgp routing-table peer 10.2.2.2 accepted-routes').slice(6, 9)).toEqual([
      ' Total Number of Routes: 1',
      COLUMNS,
      ' *>   198.18.0.0/24       10.2.2.2                150           0      200 64520i',
    ]);
    expect(c.run('display bgp routing-table peer 10.2.2.2 not-accepted-routes').slice(6)).toEqual([
      ' Total Number of Routes: 1',
      COLUMNS,
      '      198.18.1.0/24       10.2.2.2                              0      200i',
    ]);
    // Without keep-all-routes the denied routes are not stored, so none is known.
    expect(console([]).run('display bgp routing-table peer 10.2.2.2 not-accepted-routes').slice(6)).toEqual([' Total Number of Routes: 0', COLUMNS]);
  });
  it('advertised-routes: the Adj-RIB-Out after export policy, as sent', () => {
    expect(console([]).run('dis bgp rou peer 10.2.2.2 adv').slice(6)).toEqual([
      ' Total Number of Routes: 2',
      COLUMNS,
      ' *>   10.10.0.0/16        10.1.1.1                              0      100i',
      ' *>   203.0.113.0/24      10.1.1.1                              0      100 300i',
    ]);
  });
  it('refuses a peer that is not configured', () => {
    expect(console([]).run('display bgp routing-table peer 10.9.9.9 accepted-routes')).toEqual(['Error: The peer does not exist.']);
  });
});

describe('display bgp routing-table ipv4-address', () => {
  it('every path with its attributes, the best first, each other with the rule it lost on', () => {
    expect(console([]).run('display bgp routing-table 203.0.113.0 24')).toEqual([
      '',
      ' BGP local router ID : 1.1.1.1',
      ' Local AS number : 100',
      ' Paths:   2 available, 1 best, 1 select, 0 best-external, 0 add-path',
      ' BGP routing table entry information of 203.0.113.0/24:',
      ' From: 10.3.3.3 (3.3.3.3)',
      ' Route Duration: 0d00h01m05s',
      ' Original nexthop: 10.3.3.3',
      ' Qos information : 0x0',
      ' Community: <300:1>, no-export',
      ' AS-path 300, origin igp, MED 20, pref-val 0, valid, external, best, select, pre 255',
      ' Advertised to such 1 peers:',
      '    10.2.2.2',
      '',
      ' BGP routing table entry information of 203.0.113.0/24:',
      ' From: 10.4.4.4 (4.4.4.4)',
      ' Route Duration: 0d00h01m05s',
      ' Original nexthop: 10.3.3.3',
      ' Qos information : 0x0',
      ' AS-path 300, origin igp, MED 50, localpref 100, pref-val 0, valid, internal, pre 255, not preferred for MED',
      ' Not advertised to any peer yet',
    ]);
  });
  it('names the local preference a policy set as the deciding rule', () => {
    const out = console([]).run('display bgp routing-table 198.18.0.0 255.255.255.0');
    expect(out).toContain(' AS-path 200 64520, origin igp, localpref 150, pref-val 0, valid, external, best, select, pre 255');
    expect(out).toContain(' AS-path 300, origin igp, pref-val 0, valid, external, pre 255, not preferred for Local_Pref');
  });
  it("without a mask finds the longest prefix holding the address; a local route is shown as the device's own", () => {
    const out = console([]).run('display bgp routing-table 10.10.3.4');
    expect(out.slice(4, 11)).toEqual([
      ' BGP routing table entry information of 10.10.0.0/16:',
      ' From: 0.0.0.0 (0.0.0.0)',
      ' Route Duration: 0d01h01m40s',
      ' Original nexthop: 0.0.0.0',
      ' Qos information : 0x0',
      ' AS-path Nil, origin igp, MED 0, pref-val 0, valid, local, best, select, pre 0',
      ' Advertised to such 2 peers:',
    ]);
  });
  it('says so for a prefix the table does not have; a denied route is not there', () => {
    expect(console([]).run('display bgp routing-table 198.18.1.0 24')).toEqual(['Info: The network does not exist.']);
    expect(console([]).run('display bgp routing-table 192.0.2.1')).toEqual(['Info: The network does not exist.']);
  });
});

describe('refresh bgp', () => {
  it('asks the device to apply the policies again, for one peer or all', () => {
    const c = console([]);
    expect(c.run('refresh bgp all import')).toEqual([]);
    expect(c.run('refresh bgp 10.3.3.3 export')).toEqual([]);
    expect(c.run('refresh bgp 10.9.9.9 export')).toEqual(['Error: The peer does not exist.']);
    expect(c.refreshed).toEqual(['all import', '10.3.3.3 export']);
  });
});
