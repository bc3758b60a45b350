import { describe, expect, it } from 'vitest';
import { applyServerMessage, applyServerMessages } from './apply-server-message.js';
import { applyUiAction } from './apply-ui-action.js';
import { session, stationMessage, stationRouter, counts } from './test-fixtures.js';
import { initialLabState, STATION_ERROR_LIMIT, STATION_MESSAGE_LIMIT, type LabState } from './state.js';

const s0 = initialLabState();

function fold(state: LabState, ...msgs: Parameters<typeof applyServerMessage>[1][]): LabState {
  return msgs.reduce(applyServerMessage, state);
}

describe('applyServerMessage: lab identity and notices', () => {
  it('records who answered the hello', () => {
    const s = applyServerMessage(s0, { type: 'welcome', protocol: 2, labId: 'default', router: 'HUAWEI', stations: ['10.1.1.1:1790'] });
    expect(s.lab).toEqual({
      labId: 'default',
      router: 'HUAWEI',
      protocol: 2,
      stations: ['10.1.1.1:1790'],
      externalStation: null,
      routers: [{ sysname: 'HUAWEI', address: '' }],
    });
    const external = applyServerMessage(s0, {
      type: 'welcome',
      protocol: 2,
      labId: 'default',
      router: 'HUAWEI',
      stations: ['10.1.1.1:1790', '127.0.0.1:11019'],
      externalStation: '127.0.0.1:11019',
    });
    expect(external.lab?.externalStation).toBe('127.0.0.1:11019');
  });

  it('follows routers added or removed while the page is open, from topology.state (an exercise adds R2)', () => {
    const welcome = applyServerMessage(s0, {
      type: 'welcome',
      protocol: 2,
      labId: 'default',
      router: 'HUAWEI',
      stations: [],
      routers: [{ sysname: 'HUAWEI', address: '10.0.0.1' }],
    });
    const router = (name: string, address: string) => ({ id: `router:${name}`, kind: 'router' as const, name, asn: 100, position: null, address });
    const station = { id: 'station:10.1.1.1:1790', kind: 'station' as const, name: '10.1.1.1:1790', asn: null, position: null };
    const added = applyServerMessage(welcome, { type: 'topology.state', topology: { nodes: [router('HUAWEI', '10.0.0.1'), router('R2', '10.0.0.2'), station], links: [] } });
    expect(added.lab?.routers).toEqual([
      { sysname: 'HUAWEI', address: '10.0.0.1' },
      { sysname: 'R2', address: '10.0.0.2' },
    ]);
    const again = applyServerMessage(added, { type: 'topology.state', topology: { nodes: [router('HUAWEI', '10.0.0.1'), router('R2', '10.0.0.2'), station], links: [] } });
    expect(again.lab).toBe(added.lab);
    const removed = applyServerMessage(again, { type: 'topology.state', topology: { nodes: [router('HUAWEI', '10.0.0.1'), station], links: [] } });
    expect(removed.lab?.routers).toEqual([{ sysname: 'HUAWEI', address: '10.0.0.1' }]);
  });

  it('lists every router of the lab from welcome.routers, the first first', () => {
    const routers = [
      { sysname: 'R1', address: '10.0.0.1' },
      { sysname: 'R2', address: '10.0.0.2' },
    ];
    const s = applyServerMessage(s0, { type: 'welcome', protocol: 2, labId: 'net', router: 'R1', stations: [], routers });
    expect(s.lab?.routers).toEqual(routers);
  });

  it('adds a station the page first hears of from a router connection (an exercise added it), once', () => {
    const welcomed = applyServerMessage(s0, { type: 'welcome', protocol: 2, labId: 'default', router: 'HUAWEI', stations: ['10.1.1.1:1790'] });
    const known = applyServerMessage(welcomed, { type: 'station.router', router: stationRouter({ id: 'a', station: '10.1.1.1:1790' }) });
    expect(known.lab).toBe(welcomed.lab);
    const added = fold(
      known,
      { type: 'station.router', router: stationRouter({ id: 'b', station: 'vpn1/10.9.9.9:1790' }) },
      { type: 'station.snapshot', messages: [], routers: [stationRouter({ id: 'b', station: 'vpn1/10.9.9.9:1790' })] },
    );
    expect(added.lab?.stations).toEqual(['10.1.1.1:1790', 'vpn1/10.9.9.9:1790']);
  });

  it('keeps the last server error and clears it on the next welcome', () => {
    const s = applyServerMessage(s0, { type: 'error', code: 'bad-frame', message: 'frame is not JSON' });
    expect(s.notice).toMatchObject({ code: 'bad-frame', message: 'frame is not JSON' });
    expect(applyServerMessage(s, { type: 'welcome', protocol: 2, labId: 'x', router: 'R', stations: [] }).notice).toBeNull();
  });

  it('leaves the state untouched for console traffic (it streams to the terminals)', () => {
    expect(applyServerMessage(s0, { type: 'console.output', consoleId: 'c1', data: '<HUAWEI>', offset: 0 })).toBe(s0);
    expect(applyServerMessage(s0, { type: 'console.opened', consoleId: 'c1', resumed: false })).toBe(s0);
    expect(applyServerMessage(s0, { type: 'console.closed', consoleId: 'c1', reason: 'idle' })).toBe(s0);
  });

  it('does not mutate the state it is given', () => {
    const frozen = structuredClone(s0);
    fold(s0, { type: 'sessions.snapshot', sessions: [session()] }, { type: 'station.message', message: stationMessage(1) });
    expect(s0).toEqual(frozen);
  });
});

describe('applyServerMessage: sessions', () => {
  const a = session({ address: '10.1.1.1' });
  const b = session({ address: '10.1.1.1', alias: 'second', port: 1791 });
  const c = session({ address: '9.9.9.9' });
  const v = session({ address: '1.1.1.1', vpnInstance: 'vpna' });

  it('replaces the table with a snapshot, sorted like display bmp session', () => {
    const s = applyServerMessage(s0, { type: 'sessions.snapshot', sessions: [v, b, a, c] });
    expect(s.sessions.order).toEqual([c.key, a.key, b.key, v.key]);
    expect(s.sessions.byKey[b.key]).toEqual(b);
    const again = applyServerMessage(s, { type: 'sessions.snapshot', sessions: [a] });
    expect(again.sessions.order).toEqual([a.key]);
  });

  it('inserts a new session in order and updates a known one in place', () => {
    let s = fold(s0, { type: 'session.updated', session: a }, { type: 'session.updated', session: c });
    expect(s.sessions.order).toEqual([c.key, a.key]);
    const order = s.sessions.order;
    const up = { ...a, state: 'up' as const, connects: 1 };
    s = applyServerMessage(s, { type: 'session.updated', session: up });
    expect(s.sessions.byKey[a.key]).toEqual(up);
    expect(s.sessions.order).toBe(order);
    expect(s.sessions.timeline[a.key]?.map((e) => e.state)).toEqual(['down', 'up']);
  });

  it('removes a session, and ignores removal of an unknown key', () => {
    const s = applyServerMessage(s0, { type: 'sessions.snapshot', sessions: [a, c] });
    const r = applyServerMessage(s, { type: 'session.removed', key: a.key });
    expect(r.sessions.order).toEqual([c.key]);
    expect(r.sessions.byKey[a.key]).toBeUndefined();
    expect(applyServerMessage(r, { type: 'session.removed', key: 'nope' })).toBe(r);
  });
});

describe('applyServerMessage: station log', () => {
  it('replaces the log with a snapshot and appends live messages', () => {
    const s = fold(
      s0,
      { type: 'station.snapshot', messages: [stationMessage(1), stationMessage(2)], routers: [] },
      { type: 'station.message', message: stationMessage(3, { type: 'peer-up' }) },
    );
    expect(s.station.messages.items.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(s.station.messages.dropped).toBe(0);
  });

  it('appends a catch-up after a burst (the newest, past a gap), skipping what it already holds', () => {
    const s = fold(
      s0,
      { type: 'station.snapshot', messages: [stationMessage(1)], routers: [] },
      { type: 'station.message', message: stationMessage(2) },
      { type: 'station.messages', messages: [stationMessage(2), stationMessage(900), stationMessage(901)] },
      { type: 'station.message', message: stationMessage(902) },
    );
    expect(s.station.messages.items.map((m) => m.seq)).toEqual([1, 2, 900, 901, 902]);
  });

  it('counts live messages into their connection but not a catch-up’s, whose card follows it', () => {
    const r = stationRouter({ id: 'c' });
    let s = fold(
      s0,
      { type: 'station.snapshot', messages: [], routers: [r] },
      { type: 'station.message', message: stationMessage(1, { connection: 'c', type: 'route-monitoring' }) },
    );
    const live = s.station.routers['c']!.received['route-monitoring'];
    s = applyServerMessage(s, { type: 'station.messages', messages: [stationMessage(5, { connection: 'c', type: 'route-monitoring' })] });
    expect(s.station.routers['c']!.received['route-monitoring']).toBe(live);
    expect(s.station.messages.items.map((m) => m.seq)).toEqual([1, 5]);
  });

  it('ignores a message it already holds', () => {
    const s = applyServerMessage(s0, { type: 'station.snapshot', messages: [stationMessage(1), stationMessage(2)], routers: [] });
    expect(applyServerMessage(s, { type: 'station.message', message: stationMessage(2) })).toBe(s);
  });

  it(`keeps the newest ${STATION_MESSAGE_LIMIT} messages and counts the dropped ones`, () => {
    let s = s0;
    for (let i = 0; i < STATION_MESSAGE_LIMIT + 20; i++) {
      s = applyServerMessage(s, { type: 'station.message', message: stationMessage(i) });
    }
    expect(s.station.messages.items).toHaveLength(STATION_MESSAGE_LIMIT);
    expect(s.station.messages.items[0]?.seq).toBe(20);
    expect(s.station.messages.dropped).toBe(20);
  });

  it('bounds an oversized snapshot too', () => {
    const many = Array.from({ length: STATION_MESSAGE_LIMIT + 3 }, (_, i) => stationMessage(i));
    const s = applyServerMessage(s0, { type: 'station.snapshot', messages: many, routers: [] });
    expect(s.station.messages.items).toHaveLength(STATION_MESSAGE_LIMIT);
    expect(s.station.messages.dropped).toBe(3);
  });

  it('keeps a bounded list of station errors', () => {
    let s = s0;
    for (let i = 0; i < STATION_ERROR_LIMIT + 1; i++) {
      s = applyServerMessage(s, {
        type: 'station.error',
        error: { receivedAt: i, station: '10.1.1.1:1790', router: '127.0.0.1:1', code: 'BMP_BAD_VERSION', message: `e${i}` },
      });
    }
    expect(s.station.errors.items).toHaveLength(STATION_ERROR_LIMIT);
    expect(s.station.errors.dropped).toBe(1);
    expect(s.station.errors.items.at(-1)?.message).toBe(`e${STATION_ERROR_LIMIT}`);
  });
});

describe('applyServerMessage: timeline and rates', () => {
  it('builds a bounded state timeline from the updates it sees', () => {
    const base = session();
    let s = applyServerMessage(s0, { type: 'sessions.snapshot', sessions: [base] }, 1_000);
    s = applyServerMessage(s, { type: 'session.updated', session: { ...base, state: 'up', since: 2_000 } }, 2_000);
    // A counter update in the same state adds nothing.
    s = applyServerMessage(s, { type: 'session.updated', session: { ...base, state: 'up', since: 2_000, sent: counts({ initiation: 1 }) } }, 2_100);
    s = applyServerMessage(s, { type: 'session.updated', session: { ...base, state: 'down', since: 3_000, downReason: 'Peer Closed' } }, 3_000);
    expect(s.sessions.timeline[base.key]).toEqual([
      { at: 1_000, state: 'down', reason: null },
      { at: 2_000, state: 'up', reason: null },
      { at: 3_000, state: 'down', reason: 'Peer Closed' },
    ]);
    // A reconnect's snapshot continues the history.
    s = applyServerMessage(s, { type: 'sessions.snapshot', sessions: [{ ...base, state: 'up', since: 4_000 }] }, 4_000);
    expect(s.sessions.timeline[base.key]).toHaveLength(4);
  });

  it('samples the sent total per update for the rate chart, and forgets removed sessions', () => {
    const base = session();
    let s = applyServerMessage(s0, { type: 'session.updated', session: base }, 0);
    s = applyServerMessage(s, { type: 'session.updated', session: { ...base, sent: counts({ 'route-monitoring': 50 }) } }, 1_000);
    expect(s.sessions.rates[base.key]).toEqual([
      { at: 0, total: 0 },
      { at: 1_000, total: 50 },
    ]);
    s = applyServerMessage(s, { type: 'session.removed', key: base.key });
    expect(s.sessions.rates[base.key]).toBeUndefined();
    expect(s.sessions.timeline[base.key]).toBeUndefined();
  });
});

describe('applyServerMessage: station routers and detail', () => {
  it('takes routers from the snapshot and updates them live, in arrival order', () => {
    const r1 = stationRouter();
    const r2 = stationRouter({ router: '127.0.0.1:40000', sessionKey: null, sysName: 'gobgp' });
    let s = applyServerMessage(s0, { type: 'station.snapshot', messages: [], routers: [r1] });
    s = applyServerMessage(s, { type: 'station.router', router: r2 });
    s = applyServerMessage(s, { type: 'station.router', router: { ...r1, closedAt: 5 } });
    expect(s.station.routerOrder).toEqual([r1.id, r2.id]);
    expect(s.station.routers[r1.id]?.closedAt).toBe(5);
  });

  it('counts live messages into their connection until the next router view replaces the count', () => {
    const r = stationRouter({ received: counts({ initiation: 1 }), bytes: 100 });
    let s = applyServerMessage(s0, { type: 'station.snapshot', messages: [stationMessage(0, { connection: r.id })], routers: [r] });
    s = applyServerMessages(s, [
      { type: 'station.message', message: stationMessage(1, { connection: r.id, type: 'route-monitoring', length: 50 }) },
      { type: 'station.message', message: stationMessage(2, { connection: r.id, type: 'route-monitoring', length: 50 }) },
      { type: 'station.message', message: stationMessage(3, { connection: 'unknown', type: 'route-monitoring' }) },
    ]);
    expect(s.station.routers[r.id]?.received).toEqual(counts({ initiation: 1, 'route-monitoring': 2 }));
    expect(s.station.routers[r.id]?.bytes).toBe(200);
    // The server's next view is the truth (it includes what we counted).
    s = applyServerMessage(s, { type: 'station.router', router: { ...r, received: counts({ initiation: 1, 'route-monitoring': 2, 'peer-up': 1 }) } });
    s = applyServerMessage(s, { type: 'station.message', message: stationMessage(4, { connection: r.id, type: 'peer-up' }) });
    expect(s.station.routers[r.id]?.received['peer-up']).toBe(2);
  });

  it('keeps the detail only for the message still selected', () => {
    let s = applyUiAction(s0, { type: 'station.select', seq: 7 });
    expect(applyServerMessage(s, { type: 'station.detail', seq: 6, hex: '00', tree: [] })).toBe(s);
    s = applyServerMessage(s, { type: 'station.detail', seq: 7, hex: '0300', tree: [{ name: 'Version', offset: 0, length: 1, value: '3' }] });
    expect(s.station.detail?.tree[0]?.name).toBe('Version');
    expect(applyUiAction(s, { type: 'station.select', seq: 8 }).station.detail).toBeNull();
  });

  it('clears the log, and a later snapshot does not bring cleared messages back', () => {
    let s = applyServerMessage(s0, { type: 'station.snapshot', messages: [stationMessage(1), stationMessage(2)], routers: [] });
    s = applyUiAction(s, { type: 'station.clear' });
    expect(s.station.messages.items).toEqual([]);
    s = applyServerMessage(s, { type: 'station.snapshot', messages: [stationMessage(1), stationMessage(2), stationMessage(3)], routers: [] });
    expect(s.station.messages.items.map((m) => m.seq)).toEqual([3]);
    s = applyServerMessage(s, { type: 'station.message', message: stationMessage(2) });
    expect(s.station.messages.items.map((m) => m.seq)).toEqual([3]);
  });

  it('appends a burst of messages in one go, bounded, skipping duplicates', () => {
    const burst = Array.from({ length: STATION_MESSAGE_LIMIT + 10 }, (_, i) => ({ type: 'station.message' as const, message: stationMessage(i) }));
    const s = applyServerMessages(s0, [...burst, { type: 'station.message', message: stationMessage(5) }, { type: 'session.updated', session: session() }]);
    expect(s.station.messages.items).toHaveLength(STATION_MESSAGE_LIMIT);
    expect(s.station.messages.items[0]?.seq).toBe(10);
    expect(s.station.messages.dropped).toBe(10);
    expect(s.sessions.order).toHaveLength(1);
  });
});

describe('exercise messages', () => {
  const view = {
    id: 'seed-session',
    title: '1. Set up a BMP session',
    goal: 'goal',
    steps: [{ text: 'do it', hints: [], hintCount: 2, hasCheckpoint: true }],
    checks: [{ id: 'up', label: 'up', step: 0, state: 'pending' as const, detail: 'no session', hint: null, wire: false }],
    startedAt: 1,
    completedAt: null,
  };

  it('exercises.list fills the ladder; exercise.state replaces the open exercise', () => {
    let s = applyServerMessage(initialLabState(), { type: 'exercises.list', exercises: [{ id: 'seed-session', title: 't', goal: 'g', steps: 1 }] });
    expect(s.exercises.ladder.map((e) => e.id)).toEqual(['seed-session']);
    expect(s.exercises.current).toBeNull();
    s = applyServerMessage(s, { type: 'exercise.state', exercise: view });
    expect(s.exercises.current?.checks[0]?.state).toBe('pending');
    s = applyServerMessage(s, { type: 'exercise.state', exercise: { ...view, checks: [{ ...view.checks[0]!, state: 'pass' }], completedAt: 5 } });
    expect(s.exercises.current).toMatchObject({ completedAt: 5, checks: [{ state: 'pass' }] });
    expect(s.exercises.ladder).toHaveLength(1);
    s = applyServerMessage(s, { type: 'exercise.state', exercise: null });
    expect(s.exercises.current).toBeNull();
  });
});
