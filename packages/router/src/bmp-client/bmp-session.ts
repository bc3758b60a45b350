import { BMP_MESSAGE_TYPE_NAMES, TERMINATION_REASON, encodeBmpMessage } from '@bmp-lab/codec';
import type { BmpMessage, BmpMessageTypeName } from '@bmp-lab/codec';
import { sessionKey, type BmpSessionId } from '../config/device-config.js';
import type { BmpConnection, Clock, Dialer, TimerHandle } from './transport.js';
import { SessionStream } from './session-stream.js';
import type { MonitorView } from './session-stream.js';
import type { Feed } from './feeds.js';

/**
 * ConnectRetry interval of a BMP session, in seconds. No VRP command sets it;
 * `display bmp session verbose` on a real device shows 15 s (docs/vrp-behaviour.md §2.12).
 */
export const CONNECT_RETRY_SECONDS = 15;

/** Stop handing bytes to the socket above this much unsent data (back-pressure, docs/architecture.md "BMP on the wire"). */
const HIGH_WATER_BYTES = 1 << 20;
/** Bytes gathered into one socket write (docs/architecture.md "BMP on the wire": batch socket writes). */
const WRITE_BATCH_BYTES = 64 * 1024;
/**
 * Live messages that may wait behind a stalled station. Past this the session
 * gives up with Termination "out of resources" and reconnects later, rather
 * than let memory grow without bound.
 */
const MAX_QUEUED_LIVE = 100_000;

export type Counts = Record<BmpMessageTypeName, number>;

/** Connections a session remembers (the current one and the 5 newest closed ones), for the dashboard's per-connection counts. */
export const CONNECTIONS_KEPT = 6;

/** One TCP connection of a session: its real socket end (as the station sees it) and what was written on it. */
export interface SessionConnection {
  /** The socket's real local end, `address:port` (loopback in a lab), as the station's socket sees it. */
  socket: string;
  /** The router's own end as it reports it, `address:port`: in a lab, its lab address with the real port. */
  local: string;
  openedAt: number;
  closedAt: number | null;
  /** Messages written on this connection, by type (a Termination included). */
  sent: Counts;
}

/** A snapshot of one session, for displays and the dashboard. */
export interface BmpSessionStatus {
  id: BmpSessionId;
  port: number | null;
  /** `connecting` shows as Down on a device, as it is not yet up. */
  state: 'down' | 'connecting' | 'up';
  /** VRP's words for why it is down (`Manual Stop`), or null. */
  downReason: string | null;
  /** Wall-clock ms of the last change between up and down. */
  since: number;
  /** The router's own address on the connection as it reports it: in a lab, its lab address (10.0.0.1). */
  localAddress: string | null;
  localPort: number | null;
  /** The socket's real local address, when it differs from `localAddress` (loopback behind a lab address). */
  socketAddress: string | null;
  /** Messages written over the session's whole life (every connection), by type. */
  sent: Counts;
  /** The newest connections, at most CONNECTIONS_KEPT, newest last. */
  connections: SessionConnection[];
  bytesSent: number;
  connects: number;
  /** Wall-clock deadline of the ConnectRetry timer, when it runs. */
  connectRetryAt: number | null;
  /** `statistics-timer` in force, seconds. */
  statisticsTimer: number;
  /** Wall-clock deadline of the next Statistics Report, while up. */
  statisticsAt: number | null;
  /** Feeds reported, and whether each got its Peer Up on this connection. */
  feeds: (Feed & { up: boolean })[];
  /** Bytes written to the socket but not yet sent (a slow station). */
  pendingBytes: number;
}

export interface SessionDeps {
  dialer: Dialer;
  clock: Clock;
  view: MonitorView;
  changed(status: BmpSessionStatus): void;
}

/**
 * ⚠ INFERRED: only `Manual Stop` appears in Huawei's documentation as a Down
 * reason; these name the other causes in the same style.
 */
export const DOWN_REASON = {
  manualStop: 'Manual Stop',
  connectFailed: 'Connect Failed',
  peerClosed: 'Peer Closed',
  outOfResources: 'Out Of Resources',
} as const;

/**
 * One BMP session of the device: Down → (dial) → Up → Down(reason) with a
 * ConnectRetry timer, as RFC 7854 §3.3 leaves to the router. While up it
 * writes what its SessionStream says, paced by the socket's back-pressure,
 * and a Statistics Report every statistics-timer seconds. Dialer and clock
 * are injected.
 */
export class BmpClientSession {
  private connection: BmpConnection | null = null;
  private retryTimer: TimerHandle | null = null;
  private statsTimer: TimerHandle | null = null;
  private stopped = false;
  /** Bumped on every new attempt so a late dial result of an old attempt is dropped. */
  private attempt = 0;
  private readonly stream: SessionStream;
  private queue: Iterator<BmpMessage>[] = [];
  private queuedLive = 0;
  private feeds: Feed[] = [];
  /** IPv4 source from `connect-interface` (session view first, then BMP view); null for none or an interface name. */
  private source: string | null = null;
  private readonly status: Omit<BmpSessionStatus, 'feeds' | 'pendingBytes'>;
  /** The record of the open connection (also the last of `status.connections`), or null. */
  private current: SessionConnection | null = null;

  constructor(
    id: BmpSessionId,
    port: number | null,
    statisticsTimer: number,
    private readonly deps: SessionDeps,
  ) {
    this.stream = new SessionStream(deps.view);
    this.status = {
      id,
      port,
      state: 'down',
      downReason: DOWN_REASON.manualStop,
      since: deps.clock.now(),
      localAddress: null,
      localPort: null,
      socketAddress: null,
      sent: zeroCounts(),
      connections: [],
      bytesSent: 0,
      connects: 0,
      connectRetryAt: null,
      statisticsTimer,
      statisticsAt: null,
    };
  }

  snapshot(): BmpSessionStatus {
    const up = new Set(this.stream.feedsUp().map((f) => f.key));
    return {
      ...this.status,
      id: { ...this.status.id },
      sent: { ...this.status.sent },
      connections: this.status.connections.map((c) => ({ ...c, sent: { ...c.sent } })),
      feeds: this.feeds.map((f) => ({ ...f, up: this.connection !== null && up.has(f.key) })),
      pendingBytes: this.connection?.pendingBytes ?? 0,
    };
  }

  /** Start (or restart after a stop): dial now if a port is configured. */
  start(): void {
    this.stopped = false;
    if (this.status.state === 'down') this.connect();
  }

  /**
   * A committed change of `tcp connect port`. A running connection keeps its
   * port until the session is reset (docs/vrp-behaviour.md §2.11: "run reset bmp session
   * … so that the new values take effect"); a session that is down uses the
   * new port at once.
   */
  setPort(port: number | null): void {
    this.status.port = port;
    if (this.status.state === 'down' && !this.stopped) this.connect();
    else this.emit();
  }

  /** A committed `statistics-timer`: the next report comes that many seconds from now. */
  setStatisticsTimer(seconds: number): void {
    if (seconds === this.status.statisticsTimer) return;
    this.status.statisticsTimer = seconds;
    if (this.connection) this.armStatistics();
    this.emit();
  }

  /**
   * A committed `connect-interface`. The new source is used from the next
   * connection; `reset` or the BMP view's command re-establish at once
   * (docs/vrp-behaviour.md §2.3, §2.6).
   */
  setSource(source: string | null): boolean {
    if (source === this.source) return false;
    this.source = source;
    return true;
  }

  /** What to report changed (monitor blocks, route modes, peers). */
  setFeeds(feeds: Feed[]): void {
    this.feeds = feeds;
    if (this.connection) this.enqueue(this.stream.setFeeds(feeds));
    this.emit();
  }

  /**
   * Route Policy and Attribute Trace messages of traced prefixes: queued
   * after the Route Monitoring of the same change (and so after Initiation),
   * while the session is up.
   */
  trace(messages: () => BmpMessage[]): void {
    if (!this.connection) return;
    this.live(() => messages());
  }

  /** Live BGP events, as messages for this session's station. */
  live(messages: (stream: SessionStream) => BmpMessage[]): void {
    if (!this.connection) return;
    const batch = messages(this.stream);
    if (batch.length === 0) return;
    this.queuedLive += batch.length;
    if (this.queuedLive > MAX_QUEUED_LIVE) return this.giveUp();
    const it = batch[Symbol.iterator]();
    this.enqueue({
      next: () => {
        const r = it.next();
        if (!r.done) this.queuedLive--;
        return r;
      },
    });
  }

  /** Administrative close: Termination first (RFC 7854 §4.5), then close. */
  stop(): void {
    this.stopped = true;
    this.cancelRetry();
    this.close(TERMINATION_REASON.ADMINISTRATIVELY_CLOSED, 'Manual Stop', DOWN_REASON.manualStop);
  }

  private connect(): void {
    this.cancelRetry();
    const port = this.status.port;
    if (port === null) {
      this.goDown(DOWN_REASON.manualStop);
      return;
    }
    const attempt = ++this.attempt;
    this.status.state = 'connecting';
    this.emit();
    const { address, vpnInstance } = this.status.id;
    const target = this.source ? { address, port, vpnInstance, sourceAddress: this.source } : { address, port, vpnInstance };
    void this.deps.dialer.dial(target, { bmpSession: sessionKey(this.status.id) }).then((result) => {
      if (attempt !== this.attempt) {
        if (result.ok) result.connection.end();
        return;
      }
      if (!result.ok) {
        this.goDown(DOWN_REASON.connectFailed);
        this.scheduleRetry();
        return;
      }
      this.up(result.connection);
    });
  }

  private up(connection: BmpConnection): void {
    this.connection = connection;
    this.queue = [];
    this.queuedLive = 0;
    Object.assign(this.status, {
      state: 'up',
      downReason: null,
      since: this.deps.clock.now(),
      // The lab maps its addresses onto loopback: a configured source is the session's address in the lab.
      localAddress: this.source ?? connection.localAddress,
      localPort: connection.localPort,
      socketAddress: connection.socketAddress ?? null,
      connects: this.status.connects + 1,
    });
    const record: SessionConnection = {
      socket: endpoint(connection.socketAddress ?? connection.localAddress, connection.localPort),
      local: endpoint(this.status.localAddress ?? connection.localAddress, connection.localPort),
      openedAt: this.deps.clock.now(),
      closedAt: null,
      sent: zeroCounts(),
    };
    this.current = record;
    this.status.connections = [...this.status.connections, record].slice(-CONNECTIONS_KEPT);
    connection.onClose(() => {
      record.closedAt ??= this.deps.clock.now();
      if (this.connection !== connection) return;
      this.connection = null;
      this.queue = [];
      this.statsTimer?.cancel();
      this.goDown(DOWN_REASON.peerClosed);
      this.scheduleRetry();
    });
    connection.onDrain(() => this.pump());
    this.armStatistics();
    this.enqueue(this.stream.greeting(this.feeds));
  }

  private enqueue(messages: Iterator<BmpMessage>): void {
    this.queue.push(messages);
    this.pump();
  }

  /** Write queued messages while the socket takes them; resume on 'drain'. */
  private pump(): void {
    const c = this.connection;
    if (!c) return;
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    const flush = () => {
      if (batchBytes === 0) return;
      const bytes = batch.length === 1 ? batch[0]! : concat(batch, batchBytes);
      c.write(bytes);
      this.status.bytesSent += batchBytes;
      batch = [];
      batchBytes = 0;
    };
    let wrote = false;
    while (this.queue.length > 0 && c.pendingBytes + batchBytes < HIGH_WATER_BYTES) {
      const next = this.queue[0]!.next();
      if (next.done) {
        this.queue.shift();
        continue;
      }
      const bytes = encodeBmpMessage(next.value);
      this.status.sent[next.value.type]++;
      if (this.current) this.current.sent[next.value.type]++;
      batch.push(bytes);
      batchBytes += bytes.length;
      wrote = true;
      if (batchBytes >= WRITE_BATCH_BYTES) flush();
    }
    flush();
    if (wrote) this.emit();
  }

  /** A station that cannot keep up: say why, close, and try again later. */
  private giveUp(): void {
    this.close(TERMINATION_REASON.OUT_OF_RESOURCES, 'Out of resources: the station does not read', DOWN_REASON.outOfResources);
    this.scheduleRetry();
  }

  private close(reason: number, text: string, downReason: string): void {
    this.attempt++;
    this.statsTimer?.cancel();
    this.status.statisticsAt = null;
    const connection = this.connection;
    this.connection = null;
    this.queue = [];
    this.queuedLive = 0;
    if (connection) {
      // Reason first: Wireshark 4.0 reads only the first Termination TLV (docs/architecture.md "BMP on the wire").
      const bytes = encodeBmpMessage({
        type: 'termination',
        tlvs: [
          { type: 'reason', reason },
          { type: 'string', value: text },
        ],
      });
      connection.write(bytes);
      this.status.sent.termination++;
      if (this.current) this.current.sent.termination++;
      this.status.bytesSent += bytes.length;
      connection.end();
    }
    this.goDown(downReason);
  }

  private armStatistics(): void {
    this.statsTimer?.cancel();
    const ms = this.status.statisticsTimer * 1000;
    this.status.statisticsAt = this.deps.clock.deadline(ms);
    this.statsTimer = this.deps.clock.setTimer(ms, () => {
      this.live((s) => s.statistics());
      this.armStatistics();
      this.emit();
    });
  }

  private goDown(reason: string): void {
    const wasUp = this.status.state === 'up';
    this.statsTimer?.cancel();
    Object.assign(this.status, { state: 'down', downReason: reason, localAddress: null, localPort: null, socketAddress: null, statisticsAt: null });
    if (this.current) this.current.closedAt ??= this.deps.clock.now();
    this.current = null;
    if (wasUp) this.status.since = this.deps.clock.now();
    this.emit();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const ms = CONNECT_RETRY_SECONDS * 1000;
    this.status.connectRetryAt = this.deps.clock.deadline(ms);
    this.retryTimer = this.deps.clock.setTimer(ms, () => {
      this.retryTimer = null;
      this.status.connectRetryAt = null;
      this.connect();
    });
    this.emit();
  }

  private cancelRetry(): void {
    this.retryTimer?.cancel();
    this.retryTimer = null;
    this.status.connectRetryAt = null;
  }

  private emit(): void {
    this.deps.changed(this.snapshot());
  }
}

function zeroCounts(): Counts {
  return Object.fromEntries(BMP_MESSAGE_TYPE_NAMES.map((t) => [t, 0])) as Counts;
}

/** `address:port`, as the station names a router's end (an IPv4 address never in its `::ffff:` form). */
function endpoint(address: string, port: number): string {
  return `${address.startsWith('::ffff:') ? address.slice(7) : address}:${port}`;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
