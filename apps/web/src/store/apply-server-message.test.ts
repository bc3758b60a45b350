import { describe, expect, it } from 'vitest';
import { applyServerMessage } from './apply-server-message.js';
import { session, stationMessage } from './test-fixtures.js';
import { initialLabState, STATION_ERROR_LIMIT, STATION_MESSAGE_LIMIT, type LabState } from './state.js';

const s0 = initialLabState();

function fold(state: LabState, ...msgs: Parameters<typeof applyServerMessage>[1][]): LabState {
  return msgs.reduce(applyServerMessage, state);
}

describe('applyServerMessage: lab identity and notices', () => {
  it('records who answered the hello', () => {
    const s = applyServerMessage(s0, { type: 'welcome', protocol: 1, labId: 'default', router: 'HUAWEI' });
    expect(s.lab).toEqual({ labId: 'default', router: 'HUAWEI', protocol: 1 });
  });

  it('keeps the last server error and clears it on the next welcome', () => {
    const s = applyServerMessage(s0, { type: 'error', code: 'BAD_FRAME', message: 'frame is not JSON' });
    expect(s.notice).toMatchObject({ code: 'BAD_FRAME', message: 'frame is not JSON' });
    expect(applyServerMessage(s, { type: 'welcome', protocol: 1, labId: 'x', router: 'R' }).notice).toBeNull();
  });

  it('leaves the state untouched for console output (it streams to the terminal)', () => {
    expect(applyServerMessage(s0, { type: 'console.output', data: '<HUAWEI>' })).toBe(s0);
  });

  it('does not mutate the state it is given', () => {
    const frozen = structuredClone(s0);
    fold(
      s0,
      { type: 'sessions.snapshot', sessions: [session()] },
      { type: 'station.message', message: stationMessage(1) },
    );
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
      { type: 'station.snapshot', messages: [stationMessage(1), stationMessage(2)] },
      { type: 'station.message', message: stationMessage(3, { type: 'peer-up' }) },
    );
    expect(s.station.messages.items.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(s.station.messages.dropped).toBe(0);
  });

  it('ignores a message it already holds', () => {
    const s = applyServerMessage(s0, { type: 'station.snapshot', messages: [stationMessage(1), stationMessage(2)] });
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
    const s = applyServerMessage(s0, { type: 'station.snapshot', messages: many });
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
