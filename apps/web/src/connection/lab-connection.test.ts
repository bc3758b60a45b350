import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type ClientMessage } from '@bmp-lab/protocol';
import { createLabStore, type LabStore } from '../store/index.js';
import { session } from '../store/test-fixtures.js';
import { createConsoleChannel } from './console-channel.js';
import { createLabConnection, type LabConnection } from './lab-connection.js';
import { SOCKET_OPEN, type SocketLike, type Timers } from './socket.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: ClientMessage[] = [];
  closed = false;
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close() {
    this.closed = true;
  }
  // Server side of the fake:
  open() {
    this.readyState = SOCKET_OPEN;
    this.onopen?.({} as Event);
  }
  receive(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : data } as MessageEvent);
  }
  receiveJson(msg: unknown) {
    this.receive(JSON.stringify(msg));
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
}

const fakeTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

let sockets: FakeSocket[];
let store: LabStore;
let output: string[];
let warnings: string[];
let conn: LabConnection;

function last(): FakeSocket {
  const s = sockets.at(-1);
  if (!s) throw new Error('no socket was opened');
  return s;
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  store = createLabStore();
  output = [];
  warnings = [];
  const consoleChannel = createConsoleChannel();
  consoleChannel.attach((d) => output.push(d));
  conn = createLabConnection({
    url: 'ws://lab/ws',
    store,
    console: consoleChannel,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    timers: fakeTimers,
    warn: (m) => warnings.push(m),
  });
});

afterEach(() => {
  conn.stop();
  vi.useRealTimers();
});

describe('lab connection', () => {
  it('says hello, then reports its size, once open', () => {
    conn.resize(100, 30);
    conn.start();
    expect(store.getState().connection.phase).toBe('connecting');
    last().open();
    expect(store.getState().connection.phase).toBe('open');
    expect(last().sent).toEqual([
      { type: 'hello', protocol: PROTOCOL_VERSION },
      { type: 'console.resize', cols: 100, rows: 30 },
    ]);
  });

  it('dispatches valid frames into the store and console output to the terminal', () => {
    conn.start();
    last().open();
    last().receiveJson({ type: 'welcome', protocol: PROTOCOL_VERSION, labId: 'default', router: 'HUAWEI' });
    last().receiveJson({ type: 'sessions.snapshot', sessions: [session()] });
    last().receiveJson({ type: 'console.output', data: '<HUAWEI>' });
    expect(output).toEqual(['<HUAWEI>']);
    expect(store.getState().lab).toBeNull();
    vi.advanceTimersByTime(0);
    expect(store.getState().lab?.router).toBe('HUAWEI');
    expect(store.getState().sessions.order).toHaveLength(1);
    expect(output).toEqual(['<HUAWEI>']);
  });

  it('ignores and reports invalid frames without closing', () => {
    conn.start();
    last().open();
    const before = store.getState();
    last().receive('not json');
    last().receiveJson({ type: 'session.updated', session: { key: 'x' } });
    last().receiveJson({ type: 'launch' });
    last().receive(new ArrayBuffer(4));
    vi.advanceTimersByTime(0);
    expect(store.getState()).toBe(before);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatch(/frame is not JSON/);
    expect(last().closed).toBe(false);
  });

  it('applies a burst of frames as one store update', () => {
    conn.start();
    last().open();
    let notifications = 0;
    store.subscribe(() => notifications++);
    for (let seq = 0; seq < 100; seq++) {
      last().receiveJson({ type: 'station.message', message: { seq, receivedAt: seq, station: 's', router: 'r', type: 'route-monitoring', length: 1, summary: '' } });
    }
    vi.advanceTimersByTime(0);
    expect(notifications).toBe(1);
    expect(store.getState().station.messages.items).toHaveLength(100);
  });

  it('sends keystrokes raw, chunks large pastes, and drops input while closed', () => {
    conn.start();
    expect(conn.sendInput('a')).toBe(false);
    last().open();
    expect(conn.sendInput('sys\r')).toBe(true);
    const paste = 'x'.repeat(20_000);
    conn.sendInput(paste);
    const inputs = last().sent.filter((m) => m.type === 'console.input');
    expect(inputs[0]).toEqual({ type: 'console.input', data: 'sys\r' });
    expect(inputs.slice(1).map((m) => (m.type === 'console.input' ? m.data : '')).join('')).toBe(paste);
    expect(inputs.length).toBeGreaterThan(2);
  });

  it('sends a resize only when the size changes, and ignores impossible sizes', () => {
    conn.start();
    last().open();
    conn.resize(80, 24);
    conn.resize(80, 24);
    conn.resize(0, 24);
    conn.resize(81, 24);
    expect(last().sent.filter((m) => m.type === 'console.resize')).toEqual([
      { type: 'console.resize', cols: 80, rows: 24 },
      { type: 'console.resize', cols: 81, rows: 24 },
    ]);
  });

  it('reconnects with exponential backoff capped at 8 s, and resets after a welcome', () => {
    conn.start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const n = sockets.length;
      last().drop();
      const status = store.getState().connection;
      expect(status.phase).toBe('closed');
      delays.push((status.retryAt ?? 0) - Date.now());
      vi.advanceTimersByTime(delays.at(-1)! - 1);
      expect(sockets).toHaveLength(n);
      vi.advanceTimersByTime(1);
      expect(sockets).toHaveLength(n + 1);
      expect(store.getState().connection.phase).toBe('connecting');
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);

    last().open();
    last().receiveJson({ type: 'welcome', protocol: PROTOCOL_VERSION, labId: 'l', router: 'HUAWEI' });
    last().drop();
    expect((store.getState().connection.retryAt ?? 0) - Date.now()).toBe(500);
  });

  it('replays its size after a reconnect and ignores the old socket', () => {
    conn.start();
    last().open();
    conn.resize(90, 40);
    const old = last();
    old.drop();
    vi.advanceTimersByTime(500);
    last().open();
    expect(last().sent).toEqual([
      { type: 'hello', protocol: PROTOCOL_VERSION },
      { type: 'console.resize', cols: 90, rows: 40 },
    ]);
    old.receiveJson({ type: 'console.output', data: 'stale' });
    expect(output).toEqual([]);
  });

  it('retries at once when asked, and stops for good on stop()', () => {
    conn.start();
    last().drop();
    conn.retryNow();
    expect(sockets).toHaveLength(2);
    conn.stop();
    expect(last().closed).toBe(true);
    expect(store.getState().connection.phase).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(2);
  });
});
