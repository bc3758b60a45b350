import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { LADDER } from './ladder/index.js';
import { validateExercise } from './validate.js';
import { WIRE_KINDS } from './types.js';
import type { CheckSpec, Facts, MessageFact, RouteAttributesFact } from './types.js';
import { attrs, facts, msg } from '../test/facts.js';

describe('evaluate', () => {
  it('config: a line, a regex, absent', () => {
    const f = facts({ config: ['bmp', ' bmp-session 10.1.1.1', '  tcp connect port 1790'] });
    expect(evaluate({ kind: 'config', line: 'bmp-session 10.1.1.1' }, f).state).toBe('pass');
    expect(evaluate({ kind: 'config', regex: '^tcp connect port 17\\d\\d$' }, f).state).toBe('pass');
    expect(evaluate({ kind: 'config', line: 'monitor public' }, f)).toMatchObject({ state: 'fail', detail: expect.stringContaining('commit') });
    expect(evaluate({ kind: 'config', line: 'monitor public', absent: true }, f).state).toBe('pass');
  });

  it('session: from the router, with alias and VPN instance', () => {
    const s = { address: '10.1.1.1', vpnInstance: null, alias: 'a', port: 1799, state: 'down' as const, downReason: 'Connection refused', statisticsTimer: 3600 };
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1' }, state: 'up' }, facts({ sessions: [s] }))).toMatchObject({
      state: 'fail',
      detail: expect.stringContaining('1799'),
    });
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1', alias: 'b' }, state: 'up' }, facts({ sessions: [s] })).state).toBe('pending');
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1', alias: 'a' }, state: 'up' }, facts({ sessions: [{ ...s, state: 'up' }] })).state).toBe('pass');
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1', vpnInstance: 'Blue' }, state: 'up' }, facts({ sessions: [{ ...s, state: 'up' }] })).state).toBe('pending');
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1' }, state: 'absent' }, facts()).state).toBe('pass');
  });

  it('bgp-peer', () => {
    expect(evaluate({ kind: 'bgp-peer', address: '10.2.2.2', state: 'established' }, facts()).state).toBe('pending');
    expect(evaluate({ kind: 'bgp-peer', address: '10.2.2.2', state: 'established' }, facts({ peers: [{ address: '10.2.2.2', asn: 202, state: 'Idle' }] }))).toMatchObject({
      state: 'fail',
      detail: expect.stringContaining('AS 202'),
    });
    expect(evaluate({ kind: 'bgp-peer', address: '10.2.2.2', state: 'established' }, facts({ peers: [{ address: '10.2.2.2', asn: 200, state: 'Established' }] })).state).toBe(
      'pass',
    );
  });

  it('bgp-peer of a VPN instance: the instance must match, the public network by default', () => {
    const peers = [{ address: '10.5.5.5', asn: 65005, state: 'Established', vpnInstance: 'vpna' }];
    expect(evaluate({ kind: 'bgp-peer', address: '10.5.5.5', state: 'established', vpnInstance: 'vpna' }, facts({ peers }))).toMatchObject({
      state: 'pass',
      detail: expect.stringContaining('in VPN instance vpna'),
    });
    // Without vpnInstance the check means a public peer: the CE in vpna is not it.
    expect(evaluate({ kind: 'bgp-peer', address: '10.5.5.5', state: 'established' }, facts({ peers }))).toMatchObject({
      state: 'pending',
      detail: expect.stringContaining('VPN instance vpna'),
    });
    expect(evaluate({ kind: 'bgp-peer', address: '10.5.5.5', state: 'established', vpnInstance: 'vpnb' }, facts({ peers })).state).toBe('pending');
    expect(evaluate({ kind: 'bgp-peer', address: '10.5.5.5', state: 'established', vpnInstance: 'vpna' }, facts({ peers: [{ ...peers[0]!, state: 'Active' }] })).state).toBe(
      'fail',
    );
  });

  it('station-message: peer type and Peer Distinguisher (an RD instance peer)', () => {
    const spec = { kind: 'station-message' as const, type: 'peer-up', peer: '10.5.5.5', peerType: 1, distinguisher: '100:1' };
    const rd = msg({ type: 'peer-up', peer: '10.5.5.5', peerView: 'adj-rib-in post-policy', peerType: 1, distinguisher: '100:1' });
    expect(evaluate(spec, facts({ messages: [rd] }))).toMatchObject({ state: 'pass', detail: expect.stringContaining('RD 100:1') });
    const global = msg({ type: 'peer-up', peer: '10.5.5.5', peerView: 'adj-rib-in post-policy', peerType: 0, distinguisher: null });
    expect(evaluate(spec, facts({ messages: [global] }))).toMatchObject({ state: 'fail', detail: expect.stringContaining('peer type is 0') });
    const otherRd = msg({ type: 'peer-up', peer: '10.5.5.5', peerView: 'adj-rib-in post-policy', peerType: 1, distinguisher: '100:2' });
    expect(evaluate(spec, facts({ messages: [otherRd] }))).toMatchObject({ state: 'fail', detail: expect.stringContaining('100:2') });
  });

  it('an IPv6 peer is the same peer as the router prints it (upper case) and as the station decodes it (lower case)', () => {
    const peers = [{ address: '2001:DB8:2::2', asn: 200, state: 'Established' }];
    expect(evaluate({ kind: 'bgp-peer', address: '2001:db8:2::2', state: 'established' }, facts({ peers })).state).toBe('pass');
    const up = msg({ type: 'peer-up', peer: '2001:db8:2::2', peerView: 'adj-rib-in post-policy' });
    expect(evaluate({ kind: 'station-message', type: 'peer-up', peer: '2001:DB8:2::2' }, facts({ messages: [up] })).state).toBe('pass');
    expect(evaluate({ kind: 'station-message', type: 'peer-up', peer: '2001:db8:3::3' }, facts({ messages: [up] })).state).toBe('fail');
  });

  it('station-message: station, sysName, peer, L flag, Loc-RIB — from the station only', () => {
    const spec = { kind: 'station-message' as const, type: 'peer-up', peer: '10.2.2.2', rib: 'adj-rib-in' as const, postPolicy: false };
    expect(evaluate(spec, facts()).state).toBe('pending');
    // The router's own session being up does not count: only messages do.
    expect(
      evaluate(spec, facts({ sessions: [{ address: '10.1.1.1', vpnInstance: null, alias: null, port: 1790, state: 'up', downReason: null, statisticsTimer: 3600 }] })).state,
    ).toBe('pending');
    const post = msg({ type: 'peer-up', peer: '10.2.2.2', peerView: 'adj-rib-in post-policy' });
    expect(evaluate(spec, facts({ messages: [post] }))).toMatchObject({ state: 'fail', detail: expect.stringContaining('L flag') });
    expect(evaluate(spec, facts({ messages: [post, msg({ type: 'peer-up', peer: '10.2.2.2', peerView: 'adj-rib-in pre-policy' })] })).state).toBe('pass');
    expect(
      evaluate({ kind: 'station-message', type: 'peer-up', rib: 'loc-rib' }, facts({ messages: [msg({ type: 'peer-up', peer: '0.0.0.0', peerView: 'loc-rib' })] })).state,
    ).toBe('pass');
    expect(evaluate({ kind: 'station-message', type: 'initiation', sysName: 'R1' }, facts({ messages: [msg({})] }))).toMatchObject({
      state: 'fail',
      detail: expect.stringContaining('HUAWEI'),
    });
    expect(evaluate({ kind: 'station-message', type: 'initiation', station: '10.1.1.1:1791' }, facts({ messages: [msg({})] })).state).toBe('fail');
  });

  it('statistics-interval, in protocol seconds', () => {
    const spec = { kind: 'statistics-interval' as const, maxSeconds: 30 };
    const report = (t: number) => msg({ type: 'statistics-report', receivedAt: t });
    expect(evaluate(spec, facts({ messages: [report(0)] })).state).toBe('pending');
    expect(evaluate(spec, facts({ messages: [report(0), report(3000)], timeScale: 10 })).state).toBe('pass');
    expect(evaluate(spec, facts({ messages: [report(0), report(6000)], timeScale: 10 }))).toMatchObject({ state: 'fail', detail: expect.stringContaining('60') });
  });

  it('termination-after-removal', () => {
    const spec = { kind: 'termination-after-removal' as const, session: { address: '10.1.1.1' } };
    const s = { address: '10.1.1.1', vpnInstance: null, alias: null, port: 1790, state: 'up' as const, downReason: null, statisticsTimer: 3600 };
    expect(evaluate(spec, facts({ sessions: [s], messages: [msg({})] })).state).toBe('pending');
    expect(evaluate(spec, facts({ messages: [msg({})] })).state).toBe('fail');
    expect(evaluate(spec, facts({ messages: [msg({}), msg({ type: 'termination' })] })).state).toBe('pass');
    expect(evaluate(spec, facts({ messages: [msg({ type: 'termination' }), msg({})] })).state).toBe('fail');
  });
});

describe('station-route: routes replayed from Route Monitoring', () => {
  const init = (connection = 'c1') => msg({ type: 'initiation', connection });
  const peerUp = (peer: string, peerView: string, connection = 'c1') => msg({ type: 'peer-up', peer, peerView, connection });
  const peerDown = (peer: string, peerView: string, connection = 'c1') => msg({ type: 'peer-down', peer, peerView, connection });
  const rm = (peer: string, peerView: string, announced: string[], withdrawn: string[] = [], a: RouteAttributesFact | null = attrs(), connection = 'c1') =>
    msg({ type: 'route-monitoring', peer, peerView, connection, routes: { announced, withdrawn, attributes: announced.length ? a : null } });
  const eor = (peer: string, peerView: string, connection = 'c1') => rm(peer, peerView, [], [], null, connection);
  const PRE = 'adj-rib-in pre-policy';
  const POST = 'adj-rib-in post-policy';
  const present = { kind: 'station-route', prefix: '198.18.1.0/24', view: PRE, peer: '10.2.2.2', present: true } as const satisfies CheckSpec;
  const absent = { kind: 'station-route', prefix: '198.18.1.0/24', view: POST, peer: '10.2.2.2', present: false } as const satisfies CheckSpec;
  const run = (spec: CheckSpec, messages: MessageFact[], extra: Partial<Facts> = {}) => evaluate(spec, facts({ messages, ...extra }));

  it('is pending until the trainee acts: no messages, or only other views and peers', () => {
    expect(run(present, []).state).toBe('pending');
    expect(run(absent, []).state).toBe('pending');
    const other = [init(), peerUp('10.3.3.3', POST), rm('10.3.3.3', POST, ['198.18.1.0/24']), eor('10.3.3.3', POST)];
    expect(run(present, other).state).toBe('pending');
    expect(run(absent, other)).toMatchObject({ state: 'pending', detail: expect.stringContaining('no adj-rib-in post-policy of peer 10.2.2.2') });
  });

  it('present: passes once announced in that view; pending while the view lacks it', () => {
    expect(run(present, [init(), peerUp('10.2.2.2', PRE)]).state).toBe('pending');
    expect(run(present, [init(), peerUp('10.2.2.2', PRE), rm('10.2.2.2', PRE, ['203.0.113.0/24']), eor('10.2.2.2', PRE)])).toMatchObject({
      state: 'pending',
      detail: expect.stringContaining('has no 198.18.1.0/24'),
    });
    const got = run(present, [init(), peerUp('10.2.2.2', PRE), rm('10.2.2.2', PRE, ['203.0.113.0/24', '198.18.1.0/24'])]);
    expect(got).toMatchObject({ state: 'pass', detail: expect.stringContaining('AS path 200') });
    // The same prefix in the post-policy view (L flag set) is not the pre-policy view.
    expect(run(present, [init(), rm('10.2.2.2', POST, ['198.18.1.0/24'])]).state).toBe('pending');
  });

  it("absent: passes only once the view's table is complete without it; fails while the station holds it", () => {
    expect(run(absent, [init(), peerUp('10.2.2.2', POST), rm('10.2.2.2', POST, ['203.0.113.0/24'])])).toMatchObject({
      state: 'pending',
      detail: expect.stringContaining('End-of-RIB'),
    });
    expect(run(absent, [init(), peerUp('10.2.2.2', POST), rm('10.2.2.2', POST, ['203.0.113.0/24']), eor('10.2.2.2', POST)])).toMatchObject({
      state: 'pass',
      detail: expect.stringContaining('1 other route'),
    });
    const held = [init(), peerUp('10.2.2.2', POST), rm('10.2.2.2', POST, ['203.0.113.0/24', '198.18.1.0/24']), eor('10.2.2.2', POST)];
    expect(run(absent, held)).toMatchObject({ state: 'fail', detail: expect.stringContaining('still holds 198.18.1.0/24') });
    // An import policy applied and refreshed: the router withdraws it from post-policy.
    expect(run(absent, [...held, rm('10.2.2.2', POST, [], ['198.18.1.0/24'])]).state).toBe('pass');
    // …and announces it again when the policy goes.
    expect(run(absent, [...held, rm('10.2.2.2', POST, [], ['198.18.1.0/24']), rm('10.2.2.2', POST, ['198.18.1.0/24'])]).state).toBe('fail');
  });

  it("a Peer Down drops that peer's views (all of them, not the Loc-RIB), a Termination or a closed connection drops everything", () => {
    const base = [init(), peerUp('10.2.2.2', PRE), rm('10.2.2.2', PRE, ['198.18.1.0/24']), eor('10.2.2.2', PRE)];
    expect(run(present, base).state).toBe('pass');
    expect(run(present, [...base, peerDown('10.2.2.2', POST)]).state).toBe('pending');
    expect(run(present, [...base, peerDown('0.0.0.0', 'loc-rib')]).state).toBe('pass');
    expect(run(present, [...base, msg({ type: 'termination' })]).state).toBe('pending');
    expect(run(present, base, { openConnections: ['c2'] }).state).toBe('pending');
    expect(run(present, base, { openConnections: ['c1'] }).state).toBe('pass');
  });

  it('replays per connection: a reconnect starts afresh; a connection begun before the exercise is ignored', () => {
    const c1 = [init('c1'), peerUp('10.2.2.2', POST, 'c1'), rm('10.2.2.2', POST, ['198.18.1.0/24'], [], attrs(), 'c1'), eor('10.2.2.2', POST, 'c1')];
    // c2: a new session (the policy in force), its table lacks the prefix.
    const c2 = [init('c2'), peerUp('10.2.2.2', POST, 'c2'), rm('10.2.2.2', POST, ['203.0.113.0/24'], [], attrs(), 'c2'), eor('10.2.2.2', POST, 'c2')];
    expect(run(absent, [...c1, ...c2]).state).toBe('fail');
    expect(run(absent, [...c1, ...c2], { openConnections: ['c2'] }).state).toBe('pass');
    // A second Initiation on the same connection id starts its views afresh.
    expect(run(absent, [...c1, init('c1'), peerUp('10.2.2.2', POST), eor('10.2.2.2', POST)]).state).toBe('pass');
    // Messages of a connection whose Initiation came before the exercise started prove nothing.
    expect(run(absent, c2.slice(1)).state).toBe('pending');
    expect(run(present, [rm('10.2.2.2', PRE, ['198.18.1.0/24'])]).state).toBe('pending');
  });

  it('a Route Monitoring replaces the attributes of a prefix it announces again', () => {
    const loc = { kind: 'station-route', prefix: '198.18.0.0/24', view: 'loc-rib', present: true, asPath: { first: 300 } } as const satisfies CheckSpec;
    const before = [init(), peerUp('0.0.0.0', 'loc-rib'), rm('0.0.0.0', 'loc-rib', ['198.18.0.0/24'], [], attrs({ asPath: [200] })), eor('0.0.0.0', 'loc-rib')];
    expect(run(loc, before)).toMatchObject({ state: 'fail', detail: expect.stringContaining('AS path is 200, not one starting with 300') });
    const after = [...before, rm('0.0.0.0', 'loc-rib', ['198.18.0.0/24'], [], attrs({ asPath: [300, 64520], localPref: 200, communities: ['300:1'] }))];
    expect(run(loc, after)).toMatchObject({ state: 'pass', detail: expect.stringContaining('AS path 300 64520, local-pref 200') });
    // `peer` is not compared for the Loc-RIB (its header says 0.0.0.0).
    expect(run({ ...loc, peer: '10.3.3.3' }, after).state).toBe('pass');
  });

  it('attribute expectations: exact AS path, local preference, MED, communities', () => {
    const spec = (e: Partial<Extract<CheckSpec, { kind: 'station-route' }>>): CheckSpec => ({ ...present, ...e });
    const m = [init(), rm('10.2.2.2', PRE, ['198.18.1.0/24'], [], attrs({ asPath: [200, 64510], localPref: 100, med: 10, communities: ['200:1', '200:9'] }))];
    expect(run(spec({ asPath: { exact: [200, 64510] } }), m).state).toBe('pass');
    expect(run(spec({ asPath: { exact: [200] } }), m)).toMatchObject({ state: 'fail', detail: expect.stringContaining('not 200') });
    expect(run(spec({ localPref: 100, med: 10 }), m).state).toBe('pass');
    expect(run(spec({ localPref: 200 }), m)).toMatchObject({ state: 'fail', detail: expect.stringContaining('local preference is 100') });
    expect(run(spec({ med: 0 }), m)).toMatchObject({ state: 'fail', detail: expect.stringContaining('MED is 10') });
    expect(run(spec({ community: ['200:9', '200:1'] }), m).state).toBe('pass');
    expect(run(spec({ community: ['100:1'] }), m)).toMatchObject({ state: 'fail', detail: expect.stringContaining('does not carry community 100:1') });
    // The station filter: the route reached 10.1.1.1:1790, not 1791.
    expect(run(spec({ station: '10.1.1.1:1791' }), m).state).toBe('pending');
  });

  it('is a wire kind, and the validator rejects malformed route checks', () => {
    expect(WIRE_KINDS.has('station-route')).toBe(true);
    const e = {
      ...LADDER[0]!,
      checks: [
        { id: 'a', step: 0, label: 'x', spec: { kind: 'station-route' as const, prefix: '198.18.1.0', view: 'loc-rib' as const, present: true } },
        {
          id: 'b',
          step: 0,
          label: 'x',
          spec: { kind: 'station-route' as const, prefix: '198.18.1.0/24', view: 'adj-rib-in post-policy' as const, peer: '10.2.2.2', present: false, localPref: 200 },
        },
        { id: 'c', step: 0, label: 'x', spec: { kind: 'station-route' as const, prefix: '198.18.1.0/24', view: 'adj-rib-out pre-policy' as const, present: true } },
      ],
    };
    expect(validateExercise(e)).toEqual([expect.stringContaining('IPv4 prefix'), expect.stringContaining('must be absent'), expect.stringContaining('needs the peer')]);
  });
});

describe('the ladder', () => {
  it('has at least eight well-formed exercises, the seed first, unique ids', () => {
    expect(LADDER.length).toBeGreaterThanOrEqual(8);
    expect(LADDER[0]!.id).toBe('seed-session');
    expect(new Set(LADDER.map((e) => e.id)).size).toBe(LADDER.length);
    for (const e of LADDER) expect(validateExercise(e), e.id).toEqual([]);
  });

  it('every exercise has wire checks (station messages) as well as router checks', () => {
    for (const e of LADDER)
      expect(
        e.checks.some((c) => WIRE_KINDS.has(c.spec.kind)),
        e.id,
      ).toBe(true);
  });
});
