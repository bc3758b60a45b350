import { parseServerMessage, PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '@bmp-lab/protocol';
import { receiveServerMessages, setConnectionStatus, type LabStore } from '../store/index.js';
import { backoffDelay } from './backoff.js';
import { chunkInput } from './chunk-input.js';
import type { ConsoleChannel } from './console-channel.js';
import { browserSocketFactory, realTimers, SOCKET_OPEN, type SocketFactory, type SocketLike, type Timers } from './socket.js';

export interface LabConnectionOptions {
  url: string;
  store: LabStore;
  console: ConsoleChannel;
  createSocket?: SocketFactory;
  timers?: Timers;
  /** Where invalid frames and socket trouble are reported (default: console.warn). */
  warn?: (message: string) => void;
}

/** The browser's side of the lab WebSocket (DESIGN §1, packages/protocol). */
export interface LabConnection {
  /** Open the socket; from then on it reconnects by itself until `stop()`. */
  start(): void;
  /** Close for good (page teardown). */
  stop(): void;
  /** Reconnect now instead of waiting out the backoff (e.g. the browser came back online). */
  retryNow(): void;
  /** Raw keystrokes as the terminal produced them; false when not connected (dropped). */
  sendInput(data: string): boolean;
  /** The terminal's size; sent now if it changed, and again after every (re)connect. */
  resize(cols: number, rows: number): void;
}

export function createLabConnection(options: LabConnectionOptions): LabConnection {
  const { url, store, console: consoleChannel } = options;
  const createSocket = options.createSocket ?? browserSocketFactory;
  const timers = options.timers ?? realTimers;
  const warn = options.warn ?? ((m: string) => globalThis.console.warn(`[bmp-lab] ${m}`));

  let socket: SocketLike | null = null;
  let retryTimer: unknown = null;
  /** Failed attempts since the last welcome; drives the backoff. */
  let attempt = 0;
  let running = false;
  let size: { cols: number; rows: number } | null = null;
  /** Messages received but not yet applied: a burst is applied as one batch. */
  let inbox: ServerMessage[] = [];
  let flushTimer: unknown = null;

  function send(msg: ClientMessage): boolean {
    if (socket === null || socket.readyState !== SOCKET_OPEN) return false;
    socket.send(JSON.stringify(msg));
    return true;
  }

  function connect(): void {
    retryTimer = null;
    setConnectionStatus(store, { phase: 'connecting', attempt, retryAt: null });
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
      setConnectionStatus(store, { phase: 'open', attempt: 0, retryAt: null });
      send({ type: 'hello', protocol: PROTOCOL_VERSION });
      if (size !== null) send({ type: 'console.resize', ...size });
    };
    s.onmessage = (ev) => {
      if (socket === s) onFrame(ev.data);
    };
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      scheduleRetry();
    };
    // A failed socket always closes afterwards; onclose does the work.
    s.onerror = null;
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
    if (msg.type === 'welcome') {
      attempt = 0;
      if (msg.protocol !== PROTOCOL_VERSION) {
        warn(`server speaks protocol ${msg.protocol}, this page ${PROTOCOL_VERSION}; reload the page`);
      }
    }
    if (msg.type === 'console.output') {
      // Straight to the terminal, in order; xterm batches its own rendering.
      consoleChannel.write(msg.data);
      return;
    }
    inbox.push(msg);
    // Frames that arrive together (one socket read) land in one batch.
    flushTimer ??= timers.setTimeout(flushInbox, 0);
  }

  function flushInbox(): void {
    flushTimer = null;
    const batch = inbox;
    inbox = [];
    try {
      receiveServerMessages(store, batch);
    } catch (err) {
      // A bug in a view must not take the socket down with it.
      warn(`failed to apply ${batch.length} server message(s): ${String(err)}`);
    }
  }

  function scheduleRetry(): void {
    if (!running) {
      setConnectionStatus(store, { phase: 'closed', attempt, retryAt: null });
      return;
    }
    attempt += 1;
    const delay = backoffDelay(attempt);
    setConnectionStatus(store, { phase: 'closed', attempt, retryAt: timers.now() + delay });
    retryTimer = timers.setTimeout(connect, delay);
  }

  function cancelRetry(): void {
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
  }

  return {
    start() {
      if (running) return;
      running = true;
      connect();
    },
    stop() {
      running = false;
      cancelRetry();
      if (flushTimer !== null) {
        timers.clearTimeout(flushTimer);
        flushInbox();
      }
      const s = socket;
      socket = null;
      s?.close(1000, 'page closed');
      setConnectionStatus(store, { phase: 'closed', attempt, retryAt: null });
    },
    retryNow() {
      if (!running || retryTimer === null) return;
      cancelRetry();
      connect();
    },
    sendInput(data) {
      if (socket === null || socket.readyState !== SOCKET_OPEN) return false;
      for (const chunk of chunkInput(data)) send({ type: 'console.input', data: chunk });
      return true;
    },
    resize(cols, rows) {
      // The fit addon can propose 0 or NaN while the pane is hidden; the
      // protocol accepts 1..1000.
      if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) return;
      cols = Math.min(cols, 1000);
      rows = Math.min(rows, 1000);
      if (size !== null && size.cols === cols && size.rows === rows) return;
      size = { cols, rows };
      send({ type: 'console.resize', cols, rows });
    },
  };
}
