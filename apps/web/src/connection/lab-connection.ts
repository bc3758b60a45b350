import { parseServerMessage, PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '@bmp-lab/protocol';
import { receiveServerMessages, setConnectionStatus, type LabStore } from '../store/index.js';
import { backoffDelay } from './backoff.js';
import { createConsoleSet, type ConsoleSet } from './console-set.js';
import { memoryStorage, type ConsoleStorage } from './console-storage.js';
import { browserSocketFactory, realTimers, SOCKET_OPEN, type SocketFactory, type SocketLike, type Timers } from './socket.js';

export interface LabConnectionOptions {
  url: string;
  store: LabStore;
  /** Where the consoles' ids and seen offsets are remembered (default: memory only). */
  consoleStorage?: ConsoleStorage;
  createSocket?: SocketFactory;
  timers?: Timers;
  /** Where invalid frames and socket trouble are reported (default: console.warn). */
  warn?: (message: string) => void;
  /**
   * How a batch of received messages is applied to the store: at once by
   * default; the page passes its input priority, so while someone types a
   * batch waits for the keystroke's echo to be drawn. Console output never
   * waits: it goes straight to the terminals.
   */
  defer?: (task: () => void) => void;
}

/** The browser's side of the lab WebSocket (protocol v2, packages/protocol/README.md). */
export interface LabConnection {
  /** Open the socket; from then on it reconnects by itself until `stop()`. */
  start(): void;
  /** Close for good (page teardown). */
  stop(): void;
  /** Reconnect now instead of waiting out the backoff (e.g. the browser came back online). */
  retryNow(): void;
  /**
   * The browser lost (true) or regained (false) its network. Offline, the
   * socket is dropped at once (it cannot carry anything; waiting for TCP to
   * notice takes minutes) and no attempt is made until the network is back.
   */
  setOffline(offline: boolean): void;
  /** Ask for a received message's bytes and dissection (answered with `station.detail`). */
  requestDetail(seq: number): boolean;
  /** Exercise actions (start, hint, reset, checkpoint); answered with `exercise.state`. */
  exercise(msg: Extract<ClientMessage, { type: `exercise.${string}` }>): boolean;
  /** The user dragged a topology node to (x, y): kept with the lab, answered with `topology.state`. */
  topologyMove(node: string, x: number, y: number): boolean;
  /** The consoles multiplexed on this connection. */
  readonly consoles: ConsoleSet;
}

export function createLabConnection(options: LabConnectionOptions): LabConnection {
  const { url, store } = options;
  const createSocket = options.createSocket ?? browserSocketFactory;
  const timers = options.timers ?? realTimers;
  const warn = options.warn ?? ((m: string) => globalThis.console.warn(`[bmp-lab] ${m}`));
  const defer = options.defer ?? ((task: () => void) => task());

  let socket: SocketLike | null = null;
  let retryTimer: unknown = null;
  /** Failed attempts since the last welcome; drives the backoff. */
  let attempt = 0;
  let running = false;
  let offline = false;
  /** Messages received but not yet applied: a burst is applied as one batch. */
  let inbox: ServerMessage[] = [];
  let flushTimer: unknown = null;
  /** A flush is scheduled (the timer, or waiting in `defer`). */
  let flushPending = false;

  function send(msg: ClientMessage): boolean {
    if (socket === null || socket.readyState !== SOCKET_OPEN) return false;
    socket.send(JSON.stringify(msg));
    return true;
  }

  const consoles = createConsoleSet({
    store,
    storage: options.consoleStorage ?? memoryStorage(),
    send,
    // Saving the consoles (64 KiB of history into sessionStorage) is dashboard-class work: it waits for echoes too.
    schedule: (fn, ms) => timers.setTimeout(() => defer(fn), ms),
  });

  function status(phase: 'connecting' | 'open' | 'closed', retryAt: number | null = null): void {
    setConnectionStatus(store, { phase, attempt: phase === 'open' ? 0 : attempt, retryAt, offline });
  }

  function connect(): void {
    retryTimer = null;
    status('connecting');
    let s: SocketLike;
    try {
      s = createSocket(url);
    } catch (err) {
      warn(`cannot open ${url}: ${String(err)}`);
      scheduleRetry();
      return;
    }
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      status('open');
      send({ type: 'hello', protocol: PROTOCOL_VERSION });
    };
    s.onmessage = (ev) => {
      if (socket === s) onFrame(ev.data);
    };
    s.onclose = () => {
      if (socket !== s) return;
      dropSocket();
      scheduleRetry();
    };
    // A failed socket always closes afterwards; onclose does the work.
    s.onerror = null;
  }

  function dropSocket(): void {
    const s = socket;
    socket = null;
    if (s !== null) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      if (s.readyState <= SOCKET_OPEN) s.close(1000, 'reconnecting');
    }
    // What arrived before the drop still counts.
    if (inbox.length > 0) flushNow();
    consoles.onDisconnect();
  }

  function onFrame(data: unknown): void {
    if (typeof data !== 'string') {
      warn('ignored a binary frame (the lab protocol is JSON text)');
      return;
    }
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      warn(`ignored an invalid frame: ${parsed.error}`);
      return;
    }
    const msg = parsed.value;
    switch (msg.type) {
      case 'console.opened':
      case 'console.output':
      case 'console.closed':
        // Straight to the terminals, in order; xterm batches its own rendering.
        consoles.receive(msg);
        return;
      case 'error':
        // A console.open refused for want of a VTY line answers the oldest open still waiting (answers come in order).
        if (msg.code === 'vty-full') consoles.refused(msg.message);
        else if (msg.code === 'unknown-router') consoles.refusedRouter(msg.message);
        enqueue(msg);
        return;
      case 'welcome':
        attempt = 0;
        if (msg.protocol !== PROTOCOL_VERSION) {
          warn(`server speaks protocol ${msg.protocol}, this page ${PROTOCOL_VERSION}; reload the page`);
        }
        enqueue(msg);
        // Apply the welcome first, then open the consoles (their answers follow it).
        flushNow();
        consoles.onWelcome();
        return;
      default:
        enqueue(msg);
    }
  }

  function enqueue(msg: ServerMessage): void {
    inbox.push(msg);
    if (flushPending) return;
    flushPending = true;
    // Frames that arrive together (one socket read) land in one batch.
    flushTimer = timers.setTimeout(() => {
      flushTimer = null;
      defer(flushInbox);
    }, 0);
  }

  function flushNow(): void {
    if (flushTimer !== null) timers.clearTimeout(flushTimer);
    flushTimer = null;
    flushInbox();
  }

  function flushInbox(): void {
    flushPending = false;
    const batch = inbox;
    inbox = [];
    if (batch.length === 0) return;
    try {
      receiveServerMessages(store, batch);
    } catch (err) {
      // A bug in a view must not take the socket down with it.
      warn(`failed to apply ${batch.length} server message(s): ${String(err)}`);
    }
  }

  function scheduleRetry(): void {
    // "Offline" is only a hint: a lab on localhost works with no network at
    // all (and a browser in a loopback-only namespace always says offline),
    // so the socket keeps retrying with backoff either way.
    if (!running) {
      status('closed');
      return;
    }
    attempt += 1;
    const delay = backoffDelay(attempt);
    status('closed', timers.now() + delay);
    retryTimer = timers.setTimeout(connect, delay);
  }

  function cancelRetry(): void {
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
  }

  return {
    consoles,
    start() {
      if (running) return;
      running = true;
      connect();
    },
    stop() {
      running = false;
      cancelRetry();
      if (socket !== null) dropSocket();
      consoles.persist();
      status('closed');
    },
    retryNow() {
      if (!running || socket !== null) return;
      cancelRetry();
      connect();
    },
    setOffline(value) {
      if (offline === value) return;
      offline = value;
      if (!running) return;
      if (offline) {
        // The network went away: drop the socket now rather than wait for it to time out; retries go on.
        if (socket !== null) {
          dropSocket();
          scheduleRetry();
        } else status('closed');
      } else {
        attempt = 0;
        cancelRetry();
        if (socket === null) connect();
      }
    },
    requestDetail(seq) {
      return send({ type: 'station.detail', seq });
    },
    exercise(msg) {
      return send(msg);
    },
    topologyMove(node, x, y) {
      return send({ type: 'topology.move', node, x, y });
    },
  };
}
