import type { StationClock, StationTimer } from './clock.js';
import { StationConnection, type ConnectionOrigin, type SessionLink } from './connection/station-connection.js';
import { PCAP_STATION_LIMIT_BYTES, type CaptureBudget, type PcapStream } from './connection/pcap.js';
import { tcpConnectionKey, type Endpoint, type StationAddress } from './endpoint.js';
import { MessageLog, STATION_LOG_BYTES, STATION_LOG_SIZE, type MessageSink } from './log/message-log.js';
import { boundExceeded, DEFAULT_STATION_BOUNDS, STALL_CHECK_MS, stalled, type StationBounds } from './policy/connection-bounds.js';
import { ERROR_SUMMARY_MS, ERRORS_SHOWN_PER_CONNECTION, StationErrorFanout } from './policy/error-fanout.js';
import { LiveMessageBudget, type LiveMessageLimits } from './policy/live-message-budget.js';
import { TrailingThrottle } from './policy/trailing-throttle.js';
import type { RibPosition, StationRib } from './rib/station-rib.js';
import type { RoutePrefix } from './rib/route-prefix.js';
import type { TableMemory } from './rib/table-memory.js';
import type { StationEvent } from './stream/station-events.js';
import { StationStream } from './stream/station-stream.js';
import type { RouterCard, StationRoute, StationUpdate } from './station-updates.js';

/** How often a connection's changing route counts are reported during a dump. */
export const ROUTER_REFRESH_MS = 250;
/** Closed connections remembered (the newest). */
export const CLOSED_KEPT = 50;
/** The views a route listing names. */
export const ROUTE_VIEWS = ['adj-rib-in pre-policy', 'adj-rib-in post-policy', 'adj-rib-out pre-policy', 'adj-rib-out post-policy', 'loc-rib'] as const;

/** What a route listing asks for; absent filters match everything. */
export interface StationRouteQuery {
  /** A connection id (RouterCard.id). */
  router?: string;
  /** The monitored peer's address, canonical (as the per-peer header gives it). */
  peer?: string;
  view?: string;
  prefix?: RoutePrefix;
  limit: number;
  /** Where the previous page ended (its `next`), parsed by parseRouteCursor. */
  after?: RouteCursor | null;
}

/** A listing's position: the connection (by serial) and the position in its route table. */
export interface RouteCursor extends RibPosition {
  connection: number;
}

/** The text form of a cursor: opaque to clients. */
export function formatRouteCursor(c: RouteCursor): string {
  return `${c.connection}.${c.view}.${c.family}.${c.slot}`;
}

/** A cursor from its text form, or null if it is not one. */
export function parseRouteCursor(text: string): RouteCursor | null {
  const m = /^(\d{1,15})\.(\d{1,15})\.([012])\.(\d{1,15})$/.exec(text);
  if (!m) return null;
  return { connection: Number(m[1]), view: Number(m[2]), family: Number(m[3]), slot: Number(m[4]) };
}

/** Session links waiting for their connection (dials that reached somewhere else are dropped oldest first). */
const PENDING_LINKS = 1024;

export interface StationOptions {
  clock: StationClock;
  /** Where logged messages go beyond memory; the log continues the sink's. */
  sink?: MessageSink | null;
  /** A line for the operator (a connection the station gave up on). */
  log?: (line: string) => void;
  /** What one connection may make the station hold, and how long it may stall (DEFAULT_STATION_BOUNDS for what is absent). */
  bounds?: Partial<StationBounds>;
  /** Where route tables get the arrays they grow into (default: plain arrays; the server's faults them in on another thread). */
  tableMemory?: TableMemory;
  /** Policy bounds (tests tune them). */
  logSize?: number;
  /** Raw bytes of messages the log keeps in memory. */
  logBytes?: number;
  stallCheckMs?: number;
  pcapLimitBytes?: number;
  /** Bytes all connections' captures keep together (PCAP_STATION_LIMIT_BYTES). */
  pcapStationLimitBytes?: number;
  errorsShownPerConnection?: number;
  errorSummaryMs?: number;
  refreshMs?: number;
  /** The live message budget (LIVE_MESSAGE_LIMITS otherwise). */
  liveMessages?: LiveMessageLimits;
}

/** One accepted connection's bytes in; `receive` is false once the station wants it closed. */
export interface ConnectionInput {
  receive(bytes: Uint8Array): boolean;
  /**
   * Messages received and not yet worked through: with `AcceptedTcp.slice`,
   * a call works through at most that many, and the owner calls `work`
   * (say, on the next turn of its event loop) until none are left.
   */
  readonly queued?: number;
  /** Works through the next slice; false as for `receive`. */
  work?(): boolean;
  /** The connection is gone. */
  close(): void;
  /** No Initiation yet (RFC 7854 §4.3: a router sends it first): the connection may be one that never will. */
  readonly pending?: boolean;
  /** The owner drops this connection (to admit another): the station reports `reason` and forgets it; the owner closes the socket. */
  evict?(reason: string): void;
}

/** Both ends of an accepted connection, and how the station closes it on its own (a timeout, a bound exceeded). */
export interface AcceptedTcp {
  router: Endpoint;
  local: Endpoint;
  hangUp?: () => void;
  /** Messages worked through per call at most (all by default), so one flooding router cannot hold its owner for long. */
  slice?: number;
}

/** An open connection's stream, and how to close its socket. */
interface Live {
  stream: StationStream;
  hangUp: (() => void) | null;
}

/**
 * The monitoring station, one per lab, whatever the number of endpoints it
 * listens on. Each accepted connection goes through framing and decoding
 * (once per message), then its card (identity, counts, peers up, the
 * session that opened it), its route table and its capture; every message
 * goes to the message log (and its sink); errors go through the error policy
 * and route-count changes through the refresh policy. What changed comes out
 * as StationUpdates, which the owner only forwards.
 */
export class Station {
  readonly log: MessageLog;
  private readonly subscribers = new Set<(update: StationUpdate) => void>();
  /** By id: the open connections and the newest closed ones. */
  private readonly connections = new Map<string, StationConnection>();
  /** Open connections by both TCP ends. */
  private readonly byTcp = new Map<string, StationConnection>();
  /** Session links recorded before the station accepted their connection, by both TCP ends. */
  private readonly pendingLinks = new Map<string, SessionLink>();
  private readonly errors: StationErrorFanout;
  private readonly refresh: TrailingThrottle;
  private readonly liveMessages: LiveMessageBudget;
  /** Connections with messages the viewers were not sent one by one since the last catch-up. */
  private readonly heldFrom = new Set<StationConnection>();
  private readonly now: () => number;
  private stopped = false;
  readonly bounds: StationBounds;
  /** The open connections' streams, checked for stalls now and then. */
  private readonly live = new Map<StationConnection, Live>();
  /** Prefixes all open connections hold, kept as each message changes its connection's count. */
  private heldPrefixes = 0;
  private stallTimer: StationTimer | null = null;
  private readonly captureBudget: CaptureBudget;

  constructor(private readonly options: StationOptions) {
    const { clock } = options;
    this.now = () => clock.now();
    this.bounds = { ...DEFAULT_STATION_BOUNDS, ...options.bounds };
    this.captureBudget = { used: 0, limit: options.pcapStationLimitBytes ?? PCAP_STATION_LIMIT_BYTES };
    this.log = new MessageLog(options.sink ?? null, options.logSize ?? STATION_LOG_SIZE, options.logBytes ?? STATION_LOG_BYTES);
    this.errors = new StationErrorFanout(
      clock,
      (error) => this.emit({ kind: 'error', error }),
      options.errorsShownPerConnection ?? ERRORS_SHOWN_PER_CONNECTION,
      options.errorSummaryMs ?? ERROR_SUMMARY_MS,
    );
    this.refresh = new TrailingThrottle(clock, options.refreshMs ?? ROUTER_REFRESH_MS);
    this.liveMessages = new LiveMessageBudget(clock, () => this.catchUp(), options.liveMessages);
  }

  /** Hear every update, in order. */
  subscribe(listener: (update: StationUpdate) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /**
   * A router connected to `station`: feed its bytes to what this returns.
   * `hangUp` closes its socket when the station gives up on it between
   * reads (a stalled message, no Initiation).
   */
  accept(station: StationAddress, tcp: AcceptedTcp): ConnectionInput {
    const origin: ConnectionOrigin = { station, router: tcp.router, local: tcp.local };
    let connection: StationConnection | undefined;
    const stream = new StationStream(this.now, (event) => {
      if (event.kind === 'connected') connection = this.open(origin, event.at);
      this.onEvent(connection as StationConnection, event);
    });
    const opened = connection as unknown as StationConnection;
    this.live.set(opened, { stream, hangUp: tcp.hangUp ?? null });
    this.checkStallsSoon();
    const slice = tcp.slice ?? Infinity;
    return {
      receive: (bytes) => stream.receive(bytes, slice),
      get queued() {
        return stream.queued;
      },
      work: () => stream.work(slice),
      close: () => stream.close(),
      get pending() {
        return opened.card.received.initiation === 0 && opened.rejected === null;
      },
      evict: (reason) => this.reject(opened, this.now(), reason),
    };
  }

  /** Prefixes the open connections hold together. */
  get prefixes(): number {
    return this.heldPrefixes;
  }

  /**
   * The lab's router session `link.sessionKey` opened the TCP connection
   * between `router` and `station` (both real ends, as the dialer saw them
   * once connected), and calls its own end `link.inLab` (its lab address and
   * the real port) when it dialled through a lab address. Whichever comes
   * first, this or the station accepting the connection, the connection's
   * card names the session, and the router by its lab end, before its first
   * message.
   */
  linkSession(tcp: { router: Endpoint; station: Endpoint }, link: SessionLink): void {
    const key = tcpConnectionKey(tcp.router, tcp.station);
    const connection = this.byTcp.get(key);
    if (connection) {
      if (connection.link(link)) this.routerNow(connection);
      return;
    }
    this.pendingLinks.delete(key);
    this.pendingLinks.set(key, link);
    if (this.pendingLinks.size > PENDING_LINKS) this.pendingLinks.delete(this.pendingLinks.keys().next().value as string);
  }

  /** Every connection's card, open ones and the newest closed ones, in the order first seen. */
  routers(): RouterCard[] {
    return [...this.connections.values()].map((c) => c.current());
  }

  router(id: string): RouterCard | undefined {
    return this.connections.get(id)?.current();
  }

  /** What a connection's capture holds, for its pcap (`writePcap`). */
  pcap(id: string): PcapStream | undefined {
    return this.connections.get(id)?.capture.stream;
  }

  /** The routes an open connection reported (none once it closed). */
  table(id: string): StationRib | undefined {
    return this.connections.get(id)?.table ?? undefined;
  }

  /**
   * Routes the open connections hold, with their attributes, in a stable
   * order (connection, view, family, table slot), `limit` at a time: `next`
   * is where the following page starts, null after the last. A prefix query
   * is one hash lookup per view. Routes that change while a client pages may
   * be missed or seen twice, as in any live table.
   */
  routes(query: StationRouteQuery): { routes: StationRoute[]; next: RouteCursor | null } {
    const out: StationRoute[] = [];
    let next: RouteCursor | null = null;
    const after = query.after ?? null;
    const filter = {
      ...(query.peer === undefined ? {} : { peer: query.peer }),
      ...(query.view === undefined ? {} : { view: query.view }),
      ...(query.prefix === undefined ? {} : { prefix: query.prefix }),
    };
    for (const c of this.connections.values()) {
      if (query.router !== undefined && c.id !== query.router) continue;
      if (after && c.serial < after.connection) continue;
      const table = c.table;
      if (!table) continue;
      const from = after && c.serial === after.connection ? after : null;
      const done = table.scanRoutes(filter, from, (r, at) => {
        if (out.length >= query.limit) {
          next = { connection: c.serial, ...at };
          return false;
        }
        out.push({ router: c.id, peer: r.peer, distinguisher: r.distinguisher, view: r.view, prefix: r.prefix, ...r.attributes });
        return true;
      });
      if (!done) break;
    }
    return { routes: out, next };
  }

  /** The bytes of a logged message, from memory or, for older ones, the sink. */
  messageBytes(seq: number): Uint8Array | undefined {
    return this.log.bytes(seq);
  }

  /** Report what errors are held and drop pending route-count snapshots; later events are still reported. */
  stop(): void {
    this.stopped = true;
    this.refresh.cancel();
    this.liveMessages.cancel();
    this.stallTimer?.cancel();
    this.stallTimer = null;
    this.errors.flush();
  }

  private open(origin: ConnectionOrigin, at: number): StationConnection {
    const connection = new StationConnection(origin, at, this.options.pcapLimitBytes, this.captureBudget, this.options.tableMemory);
    this.connections.set(connection.id, connection);
    const key = tcpConnectionKey(origin.router, origin.local);
    this.byTcp.set(key, connection);
    const link = this.pendingLinks.get(key);
    if (link !== undefined) {
      this.pendingLinks.delete(key);
      connection.link(link);
    }
    return connection;
  }

  private onEvent(connection: StationConnection, event: StationEvent): void {
    const card = connection.card;
    switch (event.kind) {
      case 'connected':
        this.routerNow(connection);
        return;
      case 'message': {
        const { message, bytes } = event;
        const type = message.type;
        const before = connection.prefixes;
        connection.message(event.at, message, bytes);
        this.heldPrefixes += connection.prefixes - before;
        const origin = { receivedAt: event.at, station: card.station, router: card.router, connection: card.id, sessionKey: card.sessionKey };
        const logged = this.log.add(origin, message, bytes);
        const live = this.liveMessages.admit();
        if (!live) this.heldFrom.add(connection);
        this.emit({ kind: 'message', logged, decoded: message, bytes, live });
        const over = boundExceeded(connection, this.heldPrefixes, this.bounds);
        if (over !== null) this.reject(connection, event.at, over);
        else if (card.received[type] === 1) this.routerNow(connection);
        // Route counts change with every Route Monitoring and the peers with every Peer Up or Down: a
        // router announcing thousands of peers must not send the growing card thousands of times, so a
        // snapshot now and then, and the last one.
        else if (type === 'route-monitoring' || type === 'peer-up' || type === 'peer-down') this.routerSoon(connection);
        return;
      }
      case 'error': {
        const { error, treatAsWithdraw } = event;
        if (treatAsWithdraw) {
          const before = connection.prefixes;
          connection.withdrawUpdate(treatAsWithdraw.peer, treatAsWithdraw.bytes);
          this.heldPrefixes += connection.prefixes - before;
        }
        this.errors.report(card.id, {
          receivedAt: event.at,
          station: card.station,
          router: card.router,
          code: error.code,
          message: `${error.message} (${error.field}, byte ${error.offset})`,
        });
        // Other errors change nothing on the card, so a garbage-sending router cannot make it go out per error.
        if (treatAsWithdraw) this.routerSoon(connection);
        return;
      }
      case 'rejected':
        this.reject(connection, event.at, event.reason);
        return;
      case 'disconnected': {
        this.live.delete(connection);
        this.heldPrefixes -= connection.prefixes;
        connection.closed(event.at);
        const key = tcpConnectionKey(connection.origin.router, connection.origin.local);
        if (this.byTcp.get(key) === connection) this.byTcp.delete(key);
        this.forgetOldClosed();
        this.errors.closed(card.id);
        this.routerNow(connection);
        return;
      }
    }
  }

  /**
   * The station gives up on a connection: nothing more of it is read, its
   * routes are freed at once, the reason goes to the operator and the
   * viewers, and its socket is closed.
   */
  private reject(connection: StationConnection, at: number, reason: string): void {
    const live = this.live.get(connection);
    if (connection.rejected !== null || !connection.open) return;
    live?.stream.halt();
    this.heldPrefixes -= connection.prefixes;
    connection.reject(reason);
    const card = connection.card;
    this.options.log?.(`station ${card.station} closed the connection from ${card.router}: ${reason}`);
    this.errors.closed(card.id);
    this.emit({ kind: 'error', error: { receivedAt: at, station: card.station, router: card.router, code: 'STATION_REJECTED', message: reason } });
    this.routerNow(connection);
    live?.hangUp?.();
  }

  /** Checks the open connections for a stalled message or a missing Initiation every STALL_CHECK_MS while any is open. */
  private checkStallsSoon(): void {
    if (this.stallTimer !== null || this.stopped || this.live.size === 0) return;
    this.stallTimer = this.options.clock.setTimer(this.options.stallCheckMs ?? STALL_CHECK_MS, () => {
      this.stallTimer = null;
      const now = this.now();
      for (const [connection, live] of this.live) {
        if (connection.rejected !== null) continue;
        const reason = stalled(connection, live.stream, now, this.bounds);
        if (reason !== null) this.reject(connection, now, reason);
      }
      this.checkStallsSoon();
    });
  }

  /**
   * The viewers are owed what they were not sent one by one: the newest messages, then the cards of the connections
   * they came on (a viewer counts the messages it is sent into their cards, so it could not count the held ones).
   */
  private catchUp(): void {
    this.emit({ kind: 'catch-up' });
    for (const c of this.heldFrom) if (this.connections.get(c.id) === c) this.routerNow(c);
    this.heldFrom.clear();
  }

  private routerNow(connection: StationConnection): void {
    this.emit({ kind: 'router', router: connection.current() });
  }

  private routerSoon(connection: StationConnection): void {
    if (this.stopped) return;
    this.refresh.schedule(connection.id, () => this.routerNow(connection));
  }

  private forgetOldClosed(): void {
    const closed = [...this.connections.values()].filter((c) => !c.open);
    // The newest CLOSED_KEPT, and fewer while the captures take more than half the budget (the open connections keep the rest).
    let excess = closed.length - CLOSED_KEPT;
    for (const c of closed) {
      if (excess <= 0 && this.captureBudget.used <= this.captureBudget.limit / 2) break;
      this.connections.delete(c.id);
      c.capture.release();
      excess--;
    }
  }

  private emit(update: StationUpdate): void {
    for (const s of this.subscribers) s(update);
  }
}
