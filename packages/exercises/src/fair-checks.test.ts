import { describe, expect, it } from 'vitest';
import { evaluate, evaluateCheck, NOT_YET } from './evaluate.js';
import { findExercise, LADDER } from './ladder/index.js';
import type { Check, MessageFact } from './types.js';
import { facts, msg as anyMsg } from '../test/facts.js';

// Checks that tell the truth: equivalent configuration passes, configuration
// in the wrong view does not, an alias check wants that alias, and nothing is
// judged before the trainee acts.

// Messages here name their session (none unless a test says which).
const msg = (m: Partial<MessageFact>): MessageFact => anyMsg({ session: null, ...m });

function check(exercise: string, id: string): Check {
  const c = findExercise(exercise)?.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${exercise}/${id}`);
  return c;
}

/** `display current-configuration` as the router renders it (indented views, `#` separators at any depth). */
const bgpWith = (...af: string[]) => [
  '#',
  'bgp 100',
  ' peer 10.2.2.2 as-number 200',
  ' #',
  ' ipv4-family unicast',
  '  undo synchronization',
  ...af.map((l) => `  ${l}`),
  '#',
  'return',
];
const bmpWith = (monitor: string, ...modes: string[]) => [
  '#',
  'bmp',
  ' bmp-session 10.1.1.1',
  '  tcp connect port 1790',
  '  #',
  `  ${monitor}`,
  ...modes.map((l) => `   ${l}`),
  '#',
  'return',
];

describe('equivalent configuration passes, misplaced configuration fails', () => {
  const keep = check('pre-post-policy', 'keep').spec;

  it('keep-all-routes for every peer or for 10.2.2.2 alone both keep what 10.2.2.2 sent', () => {
    expect(evaluate(keep, facts({ config: bgpWith('keep-all-routes') })).state).toBe('pass');
    expect(evaluate(keep, facts({ config: bgpWith('peer 10.2.2.2 enable', 'peer 10.2.2.2 keep-all-routes') })).state).toBe('pass');
  });

  it('keep-all-routes for another peer does not keep the routes of 10.2.2.2', () => {
    const r = evaluate(keep, facts({ config: bgpWith('peer 10.3.3.3 keep-all-routes') }));
    expect(r.state).toBe('fail');
    expect(r.detail).toContain('keep-all-routes');
  });

  it('route-mode local-rib counts under monitor public, not under monitor peer', () => {
    const mode = check('loc-rib', 'mode').spec;
    expect(evaluate(mode, facts({ config: bmpWith('monitor public', 'route-mode ipv4-family unicast local-rib') })).state).toBe('pass');
    const wrong = evaluate(mode, facts({ config: bmpWith('monitor peer 10.2.2.2', 'route-mode ipv4-family unicast local-rib') }));
    expect(wrong.state).toBe('fail');
    expect(wrong.detail).toContain('monitor peer 10.2.2.2');
    expect(wrong.detail).toContain('wrong place');
  });

  it('statistics-timer counts in the BMP view only', () => {
    const timer = check('statistics', 'timer').spec;
    expect(evaluate(timer, facts({ config: ['#', 'bmp', ' statistics-timer 30', ' bmp-session 10.1.1.1', '#'] })).state).toBe('pass');
    expect(evaluate(timer, facts({ config: ['#', 'bmp', ' statistics-timer 90', '#'] })).state).toBe('fail');
  });

  it('details are plain sentences: no regular expression, no "has no a line"', () => {
    for (const e of LADDER) {
      for (const c of e.checks) {
        if (c.spec.kind !== 'config') continue;
        const d = evaluate(c.spec, facts()).detail;
        expect(d, `${e.id}/${c.id}`).not.toMatch(/\\[dSs.]|\^|\$|\/.*\/|has no a /);
        expect(d, `${e.id}/${c.id}`).toMatch(/^[A-Z"`].*[.?]$/);
      }
    }
  });
});

describe('an alias check wants the session with that alias', () => {
  const init1791 = check('two-stations', 'init-1791').spec;
  const fromSession = (alias: string | null) => msg({ station: '10.1.1.1:1791', session: { address: '10.1.1.1', vpnInstance: null, alias } });

  it('an Initiation on 1791 from a session without alias does not pass', () => {
    const r = evaluate(init1791, facts({ messages: [fromSession(null)] }));
    expect(r.state).toBe('fail');
    expect(r.detail).toContain('alias b');
  });

  it('nor does one from alias a; alias b does', () => {
    expect(evaluate(init1791, facts({ messages: [fromSession('a')] })).state).toBe('fail');
    expect(evaluate(init1791, facts({ messages: [fromSession('a'), fromSession('b')] })).state).toBe('pass');
  });

  it('a message whose session is unknown proves nothing about an alias', () => {
    expect(evaluate(init1791, facts({ messages: [msg({ station: '10.1.1.1:1791', session: null })] })).state).toBe('fail');
  });
});

describe('neutral until the trainee acts', () => {
  const broken = facts({
    config: ['#', 'bmp', ' bmp-session 10.1.1.1', '  tcp connect port 1799', '#'],
    sessions: [{ address: '10.1.1.1', vpnInstance: null, alias: null, port: 1799, state: 'down', downReason: 'Connection refused', statisticsTimer: 3600 }],
    peers: [{ address: '10.2.2.2', asn: 202, state: 'Idle' }],
  });

  it('no check of any exercise is red before the trainee acts, whatever the start configuration', () => {
    for (const e of LADDER) {
      for (const c of e.checks) {
        const r = evaluateCheck(c, { ...broken, acted: false });
        expect(r, `${e.id}/${c.id}`).toEqual({ state: 'pending', detail: NOT_YET });
      }
    }
  });

  it('after a commit the same facts are judged', () => {
    expect(evaluateCheck(check('troubleshoot', 'up'), { ...broken, acted: true }).state).toBe('fail');
    expect(evaluateCheck(check('seed-session', 'port'), { ...broken, acted: true }).state).toBe('fail');
  });

  it('a wire check is live once a message it is about arrived, even before a commit', () => {
    const c = check('seed-session', 'initiation');
    const f = { ...broken, acted: false, messages: [msg({ sysName: 'R1', session: { address: '10.1.1.1', vpnInstance: null, alias: null } })] };
    expect(evaluateCheck(c, f).state).toBe('fail');
    // A message of another type is not what this check is about.
    expect(evaluateCheck(c, { ...f, messages: [msg({ type: 'peer-up', peer: '10.2.2.2', peerView: 'adj-rib-in post-policy' })] }).detail).toBe(NOT_YET);
  });

  it('the troubleshooting exercise nudges instead of naming the faults', () => {
    const up = evaluateCheck(check('troubleshoot', 'up'), { ...broken, acted: true });
    expect(up.detail).toMatch(/the session is down: why\?/i);
    expect(up.detail).not.toContain('1799');
    const peer = evaluateCheck(check('troubleshoot', 'peer'), { ...broken, acted: true });
    expect(peer.state).toBe('fail');
    expect(peer.detail).not.toContain('202');
  });
});

describe('termination after a restored checkpoint', () => {
  it('a Termination whose Initiation came before the window still closes a session cleanly', () => {
    const spec = check('termination', 'termination').spec;
    expect(evaluate(spec, facts({ messages: [msg({ type: 'termination' })] })).state).toBe('pass');
    expect(evaluate(spec, facts()).state).toBe('pending');
  });
});
