import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type ClientMessage } from '@bmp-lab/protocol';
import { createLabStore, type LabStore } from '../store/index.js';
import { session, stationMessage } from '../store/test-fixtures.js';
import { memoryStorage } from './console-storage.js';
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
let warnings: string[];
let storage: ReturnType<typeof memoryStorage>;
let conn: LabConnection;

function last(): FakeSocket {
  const s = sockets.at(-1);
  if (!s) throw new Error('no socket was opened');
  return s;
}

function make(): LabConnection {
  return createLabConnection({
    url: 'ws://lab/ws',
    store,
    consoleStorage: storage,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    timers: fakeTimers,
    warn: (m) => warnings.push(m),
  });
}

const WELCOME = { type: 'welcome', protocol: PROTOCOL_VERSION, labId: 'default', router: 'HUAWEI', stations: ['10.1.1.1:1790'] };

/** Open the socket, welcome it, and answer the console opens with the given ids. */
function handshake(ids: string[], resumed = false): void {
  last().open();
  last().receiveJson(WELCOME);
  for (const id of ids) last().receiveJson({ type: 'console.opened', consoleId: id, resumed });
}

/** What one tab's terminal got. */
function outputOf(localId: string): string {
  return conn.consoles.channel(localId)?.history() ?? '';
}

function tabs() {
  return store.getState().consoles.tabs;
}

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  store = createLabStore();
  warnings = [];
  storage = memoryStorage();
  conn = make();
});

afterEach(() => {
  conn.stop();
  vi.useRealTimers();
});

describe('lab connection: handshake and dispatch', () => {
  it('says hello, then opens a first console after the welcome', () => {
    conn.start();
    expect(store.getState().connection.phase).toBe('connecting');
    last().open();
    expect(store.getState().connection.phase).toBe('open');
    expect(last().sent).toEqual([{ type: 'hello', protocol: PROTOCOL_VERSION }]);
    last().receiveJson(WELCOME);
    expect(last().sent.slice(1)).toEqual([{ type: 'console.open' }]);
    expect(store.getState().lab?.stations).toEqual(['10.1.1.1:1790']);
    expect(tabs()).toMatchObject([{ title: 'Console 1', status: 'opening', consoleId: null }]);
    last().receiveJson({ type: 'console.opened', consoleId: 'k1', resumed: false });
    expect(tabs()).toMatchObject([{ title: 'Console 1', status: 'open', consoleId: 'k1' }]);
    expect(store.getState().consoles.active).toBe(tabs()[0]?.localId);
  });

  it('dispatches valid frames into the store and console output to its terminal', () => {
    conn.start();
    handshake(['k1']);
    last().receiveJson({ type: 'sessions.snapshot', sessions: [session()] });
    last().receiveJson({ type: 'console.output', consoleId: 'k1', data: '<HUAWEI>', offset: 0 });
    expect(outputOf(tabs()[0]!.localId)).toBe('<HUAWEI>');
    expect(store.getState().sessions.order).toHaveLength(0);
    vi.advanceTimersByTime(0);
    expect(store.getState().sessions.order).toHaveLength(1);
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
      last().receiveJson({ type: 'station.message', message: stationMessage(seq, { type: 'route-monitoring' }) });
    }
    vi.advanceTimersByTime(0);
    expect(notifications).toBe(1);
    expect(store.getState().station.messages.items).toHaveLength(100);
  });

  it('applies batches through `defer` (held while someone types), console output never waits', () => {
    const held: (() => void)[] = [];
    conn.stop();
    conn = createLabConnection({
      url: 'ws://lab/ws',
      store,
      consoleStorage: storage,
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      timers: fakeTimers,
      warn: (m) => warnings.push(m),
      defer: (task) => held.push(task),
    });
    conn.start();
    handshake(['k1']);
    vi.advanceTimersByTime(0);
    held.splice(0).forEach((t) => t());
    last().receiveJson({ type: 'station.message', message: stationMessage(1, { type: 'statistics-report' }) });
    last().receiveJson({ type: 'console.output', consoleId: 'k1', data: 'd', offset: 0 });
    last().receiveJson({ type: 'station.message', message: stationMessage(2, { type: 'statistics-report' }) });
    vi.advanceTimersByTime(0);
    expect(outputOf(tabs()[0]!.localId)).toBe('d');
    expect(store.getState().station.messages.items).toHaveLength(0);
    expect(held).toHaveLength(1);
    // More arrives while the first batch is held: it joins it, in order.
    last().receiveJson({ type: 'station.message', message: stationMessage(3, { type: 'statistics-report' }) });
    vi.advanceTimersByTime(0);
    held.splice(0).forEach((t) => t());
    expect(store.getState().station.messages.items.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('asks for a message detail', () => {
    conn.start();
    handshake(['k1']);
    expect(conn.requestDetail(12)).toBe(true);
    expect(last().sent.at(-1)).toEqual({ type: 'station.detail', seq: 12 });
  });
});

describe('lab connection: console input and size', () => {
  it('sends keystrokes with the console id, chunks large pastes (<= 8 KiB), and drops input while closed', () => {
    conn.start();
    const id = tabs()[0]?.localId;
    expect(id).toBeUndefined();
    handshake(['k1']);
    const tab = tabs()[0]!.localId;
    expect(conn.consoles.input(tab, 'sys\r')).toBe(true);
    const paste = 'x'.repeat(20_000);
    conn.consoles.input(tab, paste);
    const inputs = last().sent.filter((m) => m.type === 'console.input');
    expect(inputs[0]).toEqual({ type: 'console.input', consoleId: 'k1', data: 'sys\r' });
    const chunks = inputs.slice(1).map((m) => (m.type === 'console.input' ? m.data : ''));
    expect(chunks.join('')).toBe(paste);
    expect(chunks.every((c) => c.length <= 8192)).toBe(true);
    expect(chunks.length).toBe(3);
    last().drop();
    expect(conn.consoles.input(tab, 'a')).toBe(false);
  });

  it('sends a resize per console when its size changes, once open, and again after a reconnect', () => {
    conn.start();
    last().open();
    last().receiveJson(WELCOME);
    const tab = tabs()[0]!.localId;
    conn.consoles.resize(tab, 80, 24);
    expect(last().sent.filter((m) => m.type === 'console.resize')).toEqual([]);
    last().receiveJson({ type: 'console.opened', consoleId: 'k1', resumed: false });
    conn.consoles.resize(tab, 80, 24);
    conn.consoles.resize(tab, 0, 24);
    conn.consoles.resize(tab, 81, 24);
    expect(last().sent.filter((m) => m.type === 'console.resize')).toEqual([
      { type: 'console.resize', consoleId: 'k1', cols: 80, rows: 24 },
      { type: 'console.resize', consoleId: 'k1', cols: 81, rows: 24 },
    ]);
    last().drop();
    vi.advanceTimersByTime(500);
    handshake(['k1'], true);
    expect(last().sent.filter((m) => m.type === 'console.resize')).toEqual([{ type: 'console.resize', consoleId: 'k1', cols: 81, rows: 24 }]);
  });
});

describe('lab connection: resume after a drop', () => {
  it('resumes the same console with the offset seen, and writes only the unseen part of the replay', () => {
    conn.start();
    handshake(['k1']);
    const tab = tabs()[0]!.localId;
    last().receiveJson({ type: 'console.output', consoleId: 'k1', data: '<HUAWEI>', offset: 0 });
    last().receiveJson({ type: 'console.output', consoleId: 'k1', data: 'sys', offset: 8 });
    last().drop();
    expect(tabs()[0]?.status).toBe('opening');
    vi.advanceTimersByTime(500);
    last().open();
    last().receiveJson(WELCOME);
    expect(last().sent.at(-1)).toEqual({ type: 'console.open', consoleId: 'k1', seen: 11 });
    last().receiveJson({ type: 'console.opened', consoleId: 'k1', resumed: true });
    // The replay overlaps what the terminal has: only 'tem-view' is new.
    last().receiveJson({ type: 'console.output', consoleId: 'k1', data: 'system-view', offset: 8 });
    last().receiveJson({ type: 'console.output', consoleId: 'k1', data: '\r\n', offset: 19 });
    expect(outputOf(tab)).toBe('<HUAWEI>system-view\r\n');
    expect(tabs()[0]).toMatchObject({ status: 'open', consoleId: 'k1' });
  });

  it('marks a console that expired and starts the new one from offset 0', () => {
    conn.start();
    handshake(['k1']);
    const tab = tabs()[0]!.localId;
    last().receiveJson({ type: 'console.output', consoleId: 'k1', data: '<HUAWEI>', offset: 0 });
    last().drop();
    vi.advanceTimersByTime(500);
    last().open();
    last().receiveJson(WELCOME);
    last().receiveJson({ type: 'console.opened', consoleId: 'k2', resumed: false });
    last().receiveJson({ type: 'console.output', consoleId: 'k2', data: '<HUAWEI>', offset: 0 });
    expect(outputOf(tab)).toMatch(/^<HUAWEI>\r\n.*new session.*\r\n<HUAWEI>$/s);
    expect(tabs()[0]?.consoleId).toBe('k2');
  });

  it('remembers ids and offsets in storage, so a reload resumes with the old text', () => {
    conn.start();
    handshake(['k1']);
    last().receiveJson({ type: 'console.output', consoleId: 'k1', data: '<HUAWEI>', offset: 0 });
    conn.consoles.persist();
    expect(storage.value?.consoles).toMatchObject([{ consoleId: 'k1', seen: 8, history: '<HUAWEI>', title: 'Console 1' }]);
    conn.stop();
    // The reload: a new page with the same (session) storage.
    store = createLabStore();
    conn = make();
    const tab = tabs()[0]!.localId;
    expect(outputOf(tab)).toBe('<HUAWEI>');
    conn.start();
    last().open();
    last().receiveJson(WELCOME);
    expect(last().sent.at(-1)).toEqual({ type: 'console.open', consoleId: 'k1', seen: 8 });
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
    handshake([]);
    last().drop();
    expect((store.getState().connection.retryAt ?? 0) - Date.now()).toBe(500);
  });

  it('drops the socket when the browser goes offline, keeps retrying (a localhost lab needs no network), and reconnects at once when back', () => {
    conn.start();
    handshake(['k1']);
    const old = last();
    conn.setOffline(true);
    expect(old.closed).toBe(true);
    expect(store.getState().connection).toMatchObject({ phase: 'closed', offline: true });
    expect(store.getState().connection.retryAt).not.toBeNull();
    vi.advanceTimersByTime(600);
    expect(sockets).toHaveLength(2);
    last().drop();
    conn.setOffline(false);
    expect(sockets).toHaveLength(3);
    // Frames from the old socket are ignored.
    old.receiveJson({ type: 'console.output', consoleId: 'k1', data: 'stale', offset: 0 });
    expect(outputOf(tabs()[0]!.localId)).toBe('');
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

describe('lab connection: several consoles', () => {
  it('opens another console, closes one with console.close, and follows server-side closes', () => {
    conn.start();
    handshake(['k1']);
    const second = conn.consoles.add();
    expect(last().sent.at(-1)).toEqual({ type: 'console.open' });
    last().receiveJson({ type: 'console.opened', consoleId: 'k2', resumed: false });
    expect(tabs().map((t) => [t.title, t.consoleId])).toEqual([
      ['Console 1', 'k1'],
      ['Console 2', 'k2'],
    ]);
    expect(store.getState().consoles.active).toBe(second);
    last().receiveJson({ type: 'console.output', consoleId: 'k2', data: '<HUAWEI>', offset: 0 });
    expect(outputOf(second)).toBe('<HUAWEI>');
    expect(outputOf(tabs()[0]!.localId)).toBe('');

    last().receiveJson({ type: 'console.closed', consoleId: 'k1', reason: 'idle timeout' });
    expect(tabs()[0]).toMatchObject({ status: 'closed', reason: 'idle timeout' });
    conn.consoles.reopen(tabs()[0]!.localId);
    expect(last().sent.at(-1)).toEqual({ type: 'console.open' });

    conn.consoles.close(second);
    expect(last().sent.at(-1)).toEqual({ type: 'console.close', consoleId: 'k2' });
    expect(tabs().map((t) => t.title)).toEqual(['Console 1']);
    expect(store.getState().consoles.active).toBe(tabs()[0]!.localId);
  });

  it('shows a console refused for want of a VTY line as closed, with the reason, in its tab', () => {
    conn.start();
    handshake(['k1']);
    const second = conn.consoles.add();
    last().receiveJson({ type: 'error', code: 'vty-full', message: 'Error: The number of VTY users has reached the upper limit.' });
    expect(tabs().find((t) => t.localId === second)).toMatchObject({ status: 'closed', reason: 'Error: The number of VTY users has reached the upper limit.' });
    expect(tabs()[0]).toMatchObject({ status: 'open', consoleId: 'k1' });
  });

  it('says in the tab that another window took its console over, and does not resume it on its own', () => {
    conn.start();
    handshake(['k1']);
    const tab = tabs()[0]!.localId;
    last().receiveJson({ type: 'console.output', consoleId: 'k1', data: '<HUAWEI>', offset: 0 });
    last().receiveJson({ type: 'console.closed', consoleId: 'k1', reason: 'This console was opened in another window.', takenOver: true });
    expect(outputOf(tab)).toContain('This console was opened in another window.');
    expect(tabs()[0]).toMatchObject({ status: 'closed', reason: 'This console was opened in another window.' });
    expect(conn.consoles.input(tab, 'x')).toBe(false);
  });

  it('resumes every console after a reconnect, matching answers to tabs in order', () => {
    conn.start();
    handshake(['k1']);
    conn.consoles.add();
    last().receiveJson({ type: 'console.opened', consoleId: 'k2', resumed: false });
    last().drop();
    vi.advanceTimersByTime(500);
    last().open();
    last().receiveJson(WELCOME);
    expect(last().sent.filter((m) => m.type === 'console.open')).toEqual([
      { type: 'console.open', consoleId: 'k1', seen: 0 },
      { type: 'console.open', consoleId: 'k2', seen: 0 },
    ]);
    // k1 expired (a new id comes back first), k2 resumed.
    last().receiveJson({ type: 'console.opened', consoleId: 'k3', resumed: false });
    last().receiveJson({ type: 'console.opened', consoleId: 'k2', resumed: true });
    expect(tabs().map((t) => t.consoleId)).toEqual(['k3', 'k2']);
  });
});

describe('lab connection: consoles in a lab of several routers', () => {
  const NETWORK = {
    ...WELCOME,
    labId: 'net',
    router: 'R1',
    routers: [
      { sysname: 'R1', address: '10.0.0.1' },
      { sysname: 'R2', address: '10.0.0.2' },
    ],
  };

  it('names each tab after its router and asks for the router a new console is on', () => {
    conn.start();
    last().open();
    last().receiveJson(NETWORK);
    expect(last().sent.at(-1)).toEqual({ type: 'console.open' });
    last().receiveJson({ type: 'console.opened', consoleId: 'k1', resumed: false, router: 'R1' });
    const second = conn.consoles.add('R2');
    expect(last().sent.at(-1)).toEqual({ type: 'console.open', router: 'R2' });
    last().receiveJson({ type: 'console.opened', consoleId: 'k2', resumed: false, router: 'R2' });
    expect(tabs().map((t) => [t.title, t.router])).toEqual([
      ['R1 · 1', 'R1'],
      ['R2 · 2', 'R2'],
    ]);
    expect(store.getState().consoles.active).toBe(second);
  });

  it('keeps a console on its router across a reload, even when the old console expired', () => {
    conn.start();
    last().open();
    last().receiveJson(NETWORK);
    last().receiveJson({ type: 'console.opened', consoleId: 'k1', resumed: false, router: 'R1' });
    conn.consoles.add('R2');
    last().receiveJson({ type: 'console.opened', consoleId: 'k2', resumed: false, router: 'R2' });
    conn.consoles.persist();
    conn.stop();
    // The reload: a new page with the same (session) storage.
    store = createLabStore();
    conn = make();
    conn.start();
    last().open();
    last().receiveJson(NETWORK);
    expect(last().sent.filter((m) => m.type === 'console.open')).toEqual([
      { type: 'console.open', consoleId: 'k1', seen: 0, router: 'R1' },
      { type: 'console.open', consoleId: 'k2', seen: 0, router: 'R2' },
    ]);
    expect(tabs().map((t) => t.title)).toEqual(['R1 · 1', 'R2 · 2']);
    // k2 expired: a new console comes back, still on R2, and a closed tab reopens on its router.
    last().receiveJson({ type: 'console.opened', consoleId: 'k1', resumed: true, router: 'R1' });
    last().receiveJson({ type: 'console.opened', consoleId: 'k3', resumed: false, router: 'R2' });
    last().receiveJson({ type: 'console.closed', consoleId: 'k3', reason: 'idle timeout' });
    conn.consoles.reopen(tabs()[1]!.localId);
    expect(last().sent.at(-1)).toEqual({ type: 'console.open', router: 'R2' });
  });

  it('keeps a one-router lab as it was: "Console N" and no router asked', () => {
    conn.start();
    last().open();
    last().receiveJson({ ...WELCOME, routers: [{ sysname: 'HUAWEI', address: '10.0.0.1' }] });
    last().receiveJson({ type: 'console.opened', consoleId: 'k1', resumed: false, router: 'HUAWEI' });
    conn.consoles.add();
    expect(last().sent.at(-1)).toEqual({ type: 'console.open' });
    expect(tabs().map((t) => t.title)).toEqual(['Console 1', 'Console 2']);
    last().drop();
    vi.advanceTimersByTime(500);
    last().open();
    last().receiveJson(WELCOME);
    expect(last().sent.filter((m) => m.type === 'console.open')[0]).toEqual({ type: 'console.open', consoleId: 'k1', seen: 0 });
  });

  it('shows a console refused for a router the lab no longer has as closed, and leaves other consoles alone on a topology.move refusal', () => {
    conn.start();
    last().open();
    last().receiveJson(NETWORK);
    last().receiveJson({ type: 'console.opened', consoleId: 'k1', resumed: false, router: 'R1' });
    // A refused topology.move while no console waits: nothing happens to the consoles.
    last().receiveJson({ type: 'error', code: 'unknown-router', message: 'the topology has no node "router:R9"' });
    expect(tabs()[0]).toMatchObject({ status: 'open' });
    const second = conn.consoles.add('R2');
    last().receiveJson({ type: 'error', code: 'unknown-router', message: 'this lab has no router "R2"; its routers: R1' });
    expect(tabs().find((t) => t.localId === second)).toMatchObject({ status: 'closed', reason: 'this lab has no router "R2"; its routers: R1' });
    expect(tabs()[0]).toMatchObject({ status: 'open', consoleId: 'k1' });
  });

  it('sends topology.move when a node was dragged', () => {
    conn.start();
    handshake(['k1']);
    expect(conn.topologyMove('router:HUAWEI', 120, -40)).toBe(true);
    expect(last().sent.at(-1)).toEqual({ type: 'topology.move', node: 'router:HUAWEI', x: 120, y: -40 });
  });
});
