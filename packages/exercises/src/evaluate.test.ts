import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { LADDER, validateExercise } from './ladder/index.js';
import type { Facts, MessageFact } from './types.js';

const msg = (m: Partial<MessageFact>): MessageFact => ({
  seq: 0, receivedAt: 0, station: '10.1.1.1:1790', type: 'initiation', peer: null, peerView: null, summary: '', sysName: 'HUAWEI', ...m,
});
const facts = (f: Partial<Facts> = {}): Facts => ({ config: [], sessions: [], peers: [], messages: [], timeScale: 1, ...f });

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
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1' }, state: 'up' }, facts({ sessions: [s] }))).toMatchObject({ state: 'fail', detail: expect.stringContaining('1799') });
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1', alias: 'b' }, state: 'up' }, facts({ sessions: [s] })).state).toBe('pending');
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1', alias: 'a' }, state: 'up' }, facts({ sessions: [{ ...s, state: 'up' }] })).state).toBe('pass');
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1', vpnInstance: 'Blue' }, state: 'up' }, facts({ sessions: [{ ...s, state: 'up' }] })).state).toBe('pending');
    expect(evaluate({ kind: 'session', session: { address: '10.1.1.1' }, state: 'absent' }, facts()).state).toBe('pass');
  });

  it('bgp-peer', () => {
    expect(evaluate({ kind: 'bgp-peer', address: '10.2.2.2', state: 'established' }, facts()).state).toBe('pending');
    expect(evaluate({ kind: 'bgp-peer', address: '10.2.2.2', state: 'established' }, facts({ peers: [{ address: '10.2.2.2', asn: 202, state: 'Idle' }] }))).toMatchObject({ state: 'fail', detail: expect.stringContaining('AS 202') });
    expect(evaluate({ kind: 'bgp-peer', address: '10.2.2.2', state: 'established' }, facts({ peers: [{ address: '10.2.2.2', asn: 200, state: 'Established' }] })).state).toBe('pass');
  });

  it('station-message: station, sysName, peer, L flag, Loc-RIB — from the station only', () => {
    const spec = { kind: 'station-message' as const, type: 'peer-up', peer: '10.2.2.2', rib: 'adj-rib-in' as const, postPolicy: false };
    expect(evaluate(spec, facts()).state).toBe('pending');
    // The router's own session being up does not count: only messages do.
    expect(evaluate(spec, facts({ sessions: [{ address: '10.1.1.1', vpnInstance: null, alias: null, port: 1790, state: 'up', downReason: null, statisticsTimer: 3600 }] })).state).toBe('pending');
    const post = msg({ type: 'peer-up', peer: '10.2.2.2', peerView: 'adj-rib-in post-policy' });
    expect(evaluate(spec, facts({ messages: [post] }))).toMatchObject({ state: 'fail', detail: expect.stringContaining('L flag') });
    expect(evaluate(spec, facts({ messages: [post, msg({ type: 'peer-up', peer: '10.2.2.2', peerView: 'adj-rib-in pre-policy' })] })).state).toBe('pass');
    expect(evaluate({ kind: 'station-message', type: 'peer-up', rib: 'loc-rib' }, facts({ messages: [msg({ type: 'peer-up', peer: '0.0.0.0', peerView: 'loc-rib' })] })).state).toBe('pass');
    expect(evaluate({ kind: 'station-message', type: 'initiation', sysName: 'R1' }, facts({ messages: [msg({})] }))).toMatchObject({ state: 'fail', detail: expect.stringContaining('HUAWEI') });
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

describe('the ladder', () => {
  it('has at least eight well-formed exercises, the seed first, unique ids', () => {
    expect(LADDER.length).toBeGreaterThanOrEqual(8);
    expect(LADDER[0]!.id).toBe('seed-session');
    expect(new Set(LADDER.map((e) => e.id)).size).toBe(LADDER.length);
    for (const e of LADDER) expect(validateExercise(e), e.id).toEqual([]);
  });

  it('every exercise has wire checks (station messages) as well as router checks', () => {
    for (const e of LADDER) expect(e.checks.some((c) => ['station-message', 'statistics-interval', 'termination-after-removal'].includes(c.spec.kind)), e.id).toBe(true);
  });
});
