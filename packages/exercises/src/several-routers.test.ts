import { describe, expect, it } from 'vitest';
import { evaluate, evaluateCheck, NOT_YET } from './evaluate.js';
import { LADDER } from './ladder/index.js';
import { validateExercise } from './validate.js';
import type { Check, CheckSpec, Exercise, RouteAttributesFact } from './types.js';
import { attrs, facts, msg, router } from '../test/facts.js';

// Labs of several routers: router-reading checks name the router they read,
// route checks tell two routers' connections apart by sysName, and a
// reflected route's ORIGINATOR_ID and CLUSTER_LIST can be expected.

describe('router-reading checks name their router', () => {
  // The first router has 10.0.0.2 Idle; R2 has 10.0.0.1 Established and a BMP session.
  const lab = facts({
    config: ['#', 'bgp 100', ' peer 10.0.0.2 as-number 100', '#'],
    peers: [{ address: '10.0.0.2', asn: 100, state: 'Idle' }],
    routers: {
      R2: router({
        config: ['#', 'bgp 100', ' router-id 2.2.2.2', ' peer 10.0.0.1 as-number 100', '#'],
        peers: [{ address: '10.0.0.1', asn: 100, state: 'Established' }],
        sessions: [{ address: '10.1.1.1', vpnInstance: null, alias: null, port: 1790, state: 'up', downReason: null, statisticsTimer: 3600 }],
      }),
    },
  });

  it("without router: the lab's first router, whatever the others hold", () => {
    expect(evaluate({ kind: 'bgp-peer', address: '10.0.0.2', state: 'established' }, lab).state).toBe('fail');
    expect(evaluate({ kind: 'bgp-peer', address: '10.0.0.1', state: 'established' }, lab).state).toBe('pending');
    expect(evaluate({ kind: 'config', line: 'router-id 2.2.2.2' }, lab).state).toBe('fail');
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1' }, state: 'up' }, lab).state).toBe('pending');
  });

  it("with router: that router's facts, its name in the detail", () => {
    expect(evaluate({ kind: 'bgp-peer', address: '10.0.0.1', state: 'established', router: 'R2' }, lab)).toEqual({
      state: 'pass',
      detail: 'R2: BGP peer 10.0.0.1 (AS 100) is Established',
    });
    expect(evaluate({ kind: 'bgp-peer', address: '10.0.0.2', state: 'established', router: 'R2' }, lab)).toMatchObject({
      state: 'pending',
      detail: 'R2: the router has no BGP peer 10.0.0.2',
    });
    expect(evaluate({ kind: 'config', line: 'router-id 2.2.2.2', router: 'R2' }, lab)).toMatchObject({
      state: 'pass',
      detail: expect.stringMatching(/^R2: The running configuration has "router-id 2\.2\.2\.2"/),
    });
    expect(evaluate({ kind: 'config', line: 'peer 10.0.0.2 as-number 100', router: 'R2' }, lab).state).toBe('fail');
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1' }, state: 'up', router: 'R2' }, lab).state).toBe('pass');
  });

  it('a router the facts lack leaves the check pending, in a plain sentence', () => {
    const rr = evaluate({ kind: 'config', line: 'peer 10.0.0.1 reflect-client', router: 'RR' }, lab);
    expect(rr).toEqual({ state: 'pending', detail: 'The lab has no router RR yet (its other routers: R2).' });
    // A lab of one router (no `routers` at all), and a name that only Object's prototype has.
    expect(evaluate({ kind: 'bgp-peer', address: '10.0.0.1', state: 'established', router: 'R2' }, facts())).toEqual({ state: 'pending', detail: 'The lab has no router R2 yet.' });
    expect(evaluate({ kind: 'config', line: 'x', router: 'constructor' }, lab).state).toBe('pending');
    // Absent-config on a missing router is not a pass: nothing was read.
    expect(evaluate({ kind: 'config', line: 'x', absent: true, router: 'RR' }, lab).state).toBe('pending');
  });

  it('is neutral before the trainee acts, like every check', () => {
    const c: Check = { id: 'x', step: 0, label: 'x', spec: { kind: 'bgp-peer', address: '10.0.0.1', state: 'established', router: 'R2' } };
    expect(evaluateCheck(c, { ...lab, acted: false })).toEqual({ state: 'pending', detail: NOT_YET });
    expect(evaluateCheck(c, { ...lab, acted: true }).state).toBe('pass');
  });
});

describe("station-route: sysName tells two routers' connections apart", () => {
  const LOC = 'loc-rib';
  // HUAWEI (connection h) and R2 (connection r) report their Loc-RIBs to the same station.
  const conn = (connection: string, sysName: string, a: RouteAttributesFact, prefixes = ['203.0.113.0/24']) => [
    msg({ type: 'initiation', connection, sysName }),
    msg({ type: 'peer-up', peer: '0.0.0.0', peerView: LOC, connection, sysName }),
    msg({ type: 'route-monitoring', peer: '0.0.0.0', peerView: LOC, connection, sysName, routes: { announced: prefixes, withdrawn: [], attributes: a } }),
    msg({ type: 'route-monitoring', peer: '0.0.0.0', peerView: LOC, connection, sysName, routes: { announced: [], withdrawn: [], attributes: null } }),
  ];
  const huawei = conn('h', 'HUAWEI', attrs());
  const r2 = conn('r', 'R2', attrs({ localPref: 100 }));
  const spec = (e: Partial<Extract<CheckSpec, { kind: 'station-route' }>>): CheckSpec => ({ kind: 'station-route', prefix: '203.0.113.0/24', view: LOC, present: true, ...e });

  it("passes only on the named router's connection", () => {
    const both = facts({ messages: [...huawei, ...r2] });
    expect(evaluate(spec({ sysName: 'R2', localPref: 100 }), both)).toMatchObject({ state: 'pass', detail: expect.stringContaining('Loc-RIB from R2') });
    // HUAWEI's copy of the eBGP route carries no LOCAL_PREF: R2's passing does not make HUAWEI's pass.
    expect(evaluate(spec({ sysName: 'HUAWEI', localPref: 100 }), both)).toMatchObject({ state: 'fail', detail: expect.stringContaining('local preference is not carried') });
    // Without sysName, any router's copy that meets the expectation does.
    expect(evaluate(spec({ localPref: 100 }), both).state).toBe('pass');
  });

  it('is pending while only another router reported', () => {
    expect(evaluate(spec({ sysName: 'R2' }), facts({ messages: huawei }))).toMatchObject({ state: 'pending', detail: expect.stringContaining('no Loc-RIB from R2') });
    expect(evaluate(spec({ sysName: 'HUAWEI' }), facts({ messages: huawei })).state).toBe('pass');
    // …and another router's messages do not make the check live before the trainee acts.
    const c: Check = { id: 'x', step: 0, label: 'x', spec: spec({ sysName: 'R2' }) };
    expect(evaluateCheck(c, facts({ messages: huawei, acted: false })).detail).toBe(NOT_YET);
    expect(evaluateCheck(c, facts({ messages: r2, acted: false })).state).toBe('pass');
  });

  it("present: false looks only at the named router's table", () => {
    const absent = spec({ sysName: 'R2', present: false });
    const r2Without = conn('r', 'R2', attrs({ localPref: 100 }), ['198.18.0.0/24']);
    expect(evaluate(absent, facts({ messages: [...huawei, ...r2Without] })).state).toBe('pass');
    expect(evaluate(absent, facts({ messages: [...huawei, ...r2] })).state).toBe('fail');
  });
});

describe('station-route: ORIGINATOR_ID and CLUSTER_LIST of a reflected route (RFC 4456)', () => {
  const POST = 'adj-rib-in post-policy';
  const run = (e: Partial<Extract<CheckSpec, { kind: 'station-route' }>>, a: RouteAttributesFact) =>
    evaluate(
      { kind: 'station-route', prefix: '203.0.113.0/24', view: POST, peer: '10.0.0.3', sysName: 'R2', present: true, ...e },
      facts({
        messages: [
          msg({ type: 'initiation', sysName: 'R2' }),
          msg({ type: 'route-monitoring', sysName: 'R2', peer: '10.0.0.3', peerView: POST, routes: { announced: ['203.0.113.0/24'], withdrawn: [], attributes: a } }),
        ],
      }),
    );
  const reflected = attrs({ localPref: 100, originatorId: '1.1.1.1', clusterList: ['3.3.3.3'] });

  it('passes when the reflected route carries them, and says so', () => {
    expect(run({ originatorId: '1.1.1.1', clusterList: ['3.3.3.3'] }, reflected)).toMatchObject({
      state: 'pass',
      detail: expect.stringContaining('ORIGINATOR_ID 1.1.1.1, CLUSTER_LIST 3.3.3.3'),
    });
  });

  it('fails on another originator or cluster list, naming what it saw', () => {
    expect(run({ originatorId: '2.2.2.2' }, reflected)).toMatchObject({ state: 'fail', detail: expect.stringContaining('ORIGINATOR_ID is 1.1.1.1, not 2.2.2.2') });
    expect(run({ clusterList: ['10.0.0.100'] }, reflected)).toMatchObject({ state: 'fail', detail: expect.stringContaining('CLUSTER_LIST is 3.3.3.3, not 10.0.0.100') });
    // The list is compared whole and in order: one more reflector is another path.
    expect(run({ clusterList: ['3.3.3.3'] }, attrs({ clusterList: ['4.4.4.4', '3.3.3.3'] })).state).toBe('fail');
  });

  it('fails on a route that was not reflected, and says a reflector sets them', () => {
    expect(run({ originatorId: '1.1.1.1' }, attrs())).toMatchObject({ state: 'fail', detail: expect.stringContaining('carries no ORIGINATOR_ID') });
    expect(run({ clusterList: ['3.3.3.3'] }, attrs({ originatorId: '1.1.1.1' }))).toMatchObject({ state: 'fail', detail: expect.stringContaining('carries no CLUSTER_LIST') });
  });
});

describe('validateExercise: the format for several routers', () => {
  const base: Exercise = {
    id: 'x',
    title: 'x',
    goal: 'x',
    topology: 'default.yaml',
    start: [],
    routers: [{ sysname: 'R2', address: '10.0.0.2', start: ['system-view', 'commit', 'return'] }],
    steps: [{ text: 'x', hints: [], checkpoint: ['return'], routerCheckpoints: { R2: ['return'] } }],
    checks: [
      { id: 'a', step: 0, label: 'x', spec: { kind: 'bgp-peer', address: '10.0.0.1', state: 'established', router: 'R2' } },
      {
        id: 'b',
        step: 0,
        label: 'x',
        spec: { kind: 'station-route', prefix: '203.0.113.0/24', view: 'loc-rib', sysName: 'R2', present: true, originatorId: '1.1.1.1', clusterList: ['3.3.3.3'] },
      },
    ],
  };

  it('accepts routers, router checks, router checkpoints and the RFC 4456 expectations', () => {
    expect(validateExercise(base)).toEqual([]);
  });

  it('rejects duplicate, malformed or unknown router names and addresses', () => {
    const e: Exercise = {
      ...base,
      routers: [
        { sysname: 'R2', address: '10.0.0.2', start: [] },
        { sysname: 'R2', address: '10.0.0.2', start: ['system-view'] },
        { sysname: 'R 3', address: '10.0.0.300', start: [] },
      ],
      steps: [{ text: 'x', hints: [], routerCheckpoints: { RR: ['system-view'] } }],
      checks: [{ id: 'a', step: 0, label: 'x', spec: { kind: 'config', line: 'x', router: 'HUAWEI' } }],
    };
    expect(validateExercise(e)).toEqual([
      'x: two routers are named R2',
      'x: two routers have the lab address 10.0.0.2',
      "x: router R2's start must end in user view (return)",
      expect.stringContaining('router "R 3" needs a sysname'),
      expect.stringContaining('router R 3 needs an IPv4 lab address'),
      expect.stringContaining("check a names router HUAWEI, which is not among the exercise's routers"),
      "x: step 0 has router checkpoints but no checkpoint of the lab's own router",
      "x: step 0 has a checkpoint for router RR, which is not among the exercise's routers",
      "x: step 0's checkpoint of router RR must end in user view (return)",
    ]);
  });

  it('rejects malformed originatorId and clusterList, and attributes on an absent route', () => {
    const route = (e: object): Exercise => ({
      ...base,
      checks: [{ id: 'r', step: 0, label: 'x', spec: { kind: 'station-route', prefix: '203.0.113.0/24', view: 'loc-rib', present: true, ...e } }],
    });
    expect(validateExercise(route({ originatorId: 'HUAWEI' }))).toEqual([expect.stringContaining('originatorId like 1.1.1.1')]);
    expect(validateExercise(route({ clusterList: [] }))).toEqual([expect.stringContaining('clusterList of cluster IDs')]);
    expect(validateExercise(route({ clusterList: ['3.3.3'] }))).toEqual([expect.stringContaining('clusterList of cluster IDs')]);
    expect(validateExercise(route({ present: false, clusterList: ['3.3.3.3'] }))).toEqual([expect.stringContaining('must be absent')]);
    expect(validateExercise(route({ sysName: ' ' }))).toEqual([expect.stringContaining('empty sysName')]);
  });
});

describe("the ladder's exercises of several routers", () => {
  const several = LADDER.filter((e) => (e.routers ?? []).length > 0);

  it('are 13 and 14, two-routers and route-reflector, and well formed (the one-router exercises after them remove their routers)', () => {
    expect(LADDER.slice(12, 14).map((e) => e.id)).toEqual(['two-routers', 'route-reflector']);
    expect(several.map((e) => e.id)).toEqual(['two-routers', 'route-reflector']);
    for (const e of several) expect(validateExercise(e), e.id).toEqual([]);
  });

  it('give every router its own router ID (BGP identifiers must differ) and check each router they add', () => {
    for (const e of several) {
      const ids = [e.start, ...e.routers!.map((r) => r.start)].map((lines) => lines.find((l) => l.startsWith('router-id ')));
      expect(
        ids.every((id) => id !== undefined),
        e.id,
      ).toBe(true);
      expect(new Set(ids).size, e.id).toBe(ids.length);
      for (const r of e.routers!)
        expect(
          e.checks.some((c) => ('router' in c.spec && c.spec.router === r.sysname) || (c.spec.kind === 'station-route' && c.spec.sysName === r.sysname)),
          `${e.id} ${r.sysname}`,
        ).toBe(true);
    }
  });

  it("two-routers: each router's Loc-RIB is checked on its own connection; R2's copy carries LOCAL_PREF 100", () => {
    const e = several.find((x) => x.id === 'two-routers')!;
    const routes = e.checks.map((c) => c.spec).filter((s): s is Extract<CheckSpec, { kind: 'station-route' }> => s.kind === 'station-route');
    expect(routes.map((s) => s.sysName).sort()).toEqual(expect.arrayContaining(['HUAWEI', 'R2']));
    expect(routes.some((s) => s.sysName === 'R2' && s.localPref === 100)).toBe(true);
  });

  it("route-reflector: reflect-client is checked on RR; R2's copy must carry HUAWEI's router ID and RR's cluster ID", () => {
    const e = several.find((x) => x.id === 'route-reflector')!;
    expect(e.checks.filter((c) => c.spec.kind === 'config' && c.spec.router === 'RR').length).toBeGreaterThan(0);
    const rr = e.routers!.find((r) => r.sysname === 'RR')!;
    const rrId = rr.start.find((l) => l.startsWith('router-id '))!.slice('router-id '.length);
    const huaweiId = e.start.find((l) => l.startsWith('router-id '))!.slice('router-id '.length);
    expect(e.checks.some((c) => c.spec.kind === 'station-route' && c.spec.sysName === 'R2' && c.spec.originatorId === huaweiId && c.spec.clusterList?.join() === rrId)).toBe(true);
  });
});
