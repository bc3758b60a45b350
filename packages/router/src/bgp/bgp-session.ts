import {
  AFI,
  AS_TRANS,
  CEASE_SUBCODE,
  NOTIFICATION_ERROR_CODE,
  OPEN_MESSAGE_ERROR_SUBCODE,
  SAFI,
  UNSPECIFIC_SUBCODE,
  createBgpFramer,
  decodeBgpMessage,
  encodeBgpMessage,
  openAsn,
  openCapabilities,
} from '@bmp-lab/codec';
import type { BgpMessage, DecodeError, FramedItem, NotificationMessage, OpenMessage, UpdateMessage } from '@bmp-lab/codec';
import type { Clock, DialResult, StreamConnection, TimerHandle } from '../bmp-client/transport.js';
import { keepsOutgoing } from './collision.js';
import { TurnedWork } from './turn-budget.js';

/** RFC 4271 §8 states, spelled as `display bgp peer` prints them. */
export type BgpState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

/** VRP defaults: keepalive 60 s, hold 180 s, ConnectRetry 32 s. */
export const BGP_TIMERS = { holdTime: 180, connectRetry: 32 } as const;

/** Why an Established session ended, as BMP's Peer Down reasons tell it (RFC 7854 §4.9). */
export type BgpDownReason =
  | { kind: 'local-notification'; notification: NotificationMessage }
  | { kind: 'local-no-notification'; fsmEvent: number }
  | { kind: 'remote-notification'; notification: NotificationMessage }
  | { kind: 'remote-no-notification' };

export interface EstablishedInfo {
  sentOpen: OpenMessage;
  receivedOpen: OpenMessage;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  peerBgpId: string;
  /**
   * The address families both OPENs carry (RFC 4760 §8: a speaker that
   * advertises no multiprotocol capability carries IPv4 unicast only).
   */
  families: { afi: number; safi: number }[];
}

export interface BgpSessionEvents {
  stateChanged(state: BgpState): void;
  established(info: EstablishedInfo): void;
  update(update: UpdateMessage): void;
  /** The session left Established. */
  down(reason: BgpDownReason): void;
  /** A session that never got up failed (for counters and logs). */
  failed?(detail: string): void;
  /** The connection's send buffer emptied after a write that filled it (see `pendingBytes`). */
  drain?(): void;
  /** The peer asked for our Adj-RIB-Out again (ROUTE-REFRESH, RFC 2918), for this AFI/SAFI. */
  routeRefresh?(afi: number, safi: number): void;
}

export interface BgpSessionOptions {
  clock: Clock;
  /** Our AS, BGP identifier, and the address families our OPEN offers (one multiprotocol capability each, RFC 4760 §8). */
  local: { asn: number; bgpId: string; families: readonly { afi: number; safi: number }[] };
  /** The peer and the AS we expect it to be in (`peer X as-number N`). */
  peer: { address: string; asn: number };
  /** How to open the TCP connection; null for a passive speaker (connections are handed to `accept`). */
  dial: (() => Promise<DialResult>) | null;
  events: BgpSessionEvents;
}

/** RFC 4271 §8.1 event numbers used as the FSM event code of Peer Down reason 2. */
const FSM_EVENT = { holdTimerExpires: 10, manualStop: 2 } as const;

const notification = (code: number, subcode: number, data = new Uint8Array(0)): NotificationMessage => ({
  type: 'notification',
  code,
  subcode,
  data,
});

/**
 * The NOTIFICATION for a received message that did not frame or decode: the
 * one the codec names for the error (RFC 4271 §6). Every BGP decode error
 * names one; the fallback only satisfies the type (BMP codes have none).
 */
const notificationFor = (error: DecodeError): NotificationMessage =>
  notification(error.notification?.code ?? NOTIFICATION_ERROR_CODE.MESSAGE_HEADER_ERROR, error.notification?.subcode ?? UNSPECIFIC_SUBCODE);

/**
 * One TCP connection of a session and how far its OPEN exchange got. Each
 * connection runs its own OPEN exchange and hold timer until collision
 * resolution leaves one (RFC 4271 §6.8).
 */
interface Link {
  readonly connection: StreamConnection;
  /** This speaker dialled it (as opposed to accepting it). */
  readonly outgoing: boolean;
  readonly framer: ReturnType<typeof createBgpFramer>;
  state: 'OpenSent' | 'OpenConfirm' | 'Established';
  receivedOpen: OpenMessage | null;
  holdTime: number;
  hold?: TimerHandle;
  /** Messages framed and not handled yet, and the next one's index: handled a turn at a time by `work`. */
  backlog: FramedItem[];
  next: number;
  work: TurnedWork;
  /** Reading is paused until the backlog is handled. */
  paused: boolean;
}

const LINK_RANK: Record<Link['state'], number> = { OpenSent: 1, OpenConfirm: 2, Established: 3 };

/** After a collision took the last connection, the speaker whose dial wins tries again this soon (protocol ms). */
const COLLISION_REDIAL_MS = 1000;

const collisionCease = (): NotificationMessage => notification(NOTIFICATION_ERROR_CODE.CEASE, CEASE_SUBCODE.CONNECTION_COLLISION_RESOLUTION);

/**
 * One BGP session (RFC 4271 §8) over injected connections: OPEN, KEEPALIVE,
 * UPDATE and NOTIFICATION are real messages from the codec. An active session
 * dials and retries every ConnectRetry seconds, and takes connections the peer
 * opens too (`accept`); a passive one only takes them. A peer in the wrong AS
 * gets NOTIFICATION 2/2 (Bad Peer AS).
 *
 * Both ends of a peering dial, so two connections may meet (RFC 4271 §6.8):
 * while neither is Established the session holds both. Once the peer's OPEN
 * tells its BGP Identifier, the connection dialled by the speaker with the
 * higher Identifier stays and the other is closed with Cease / Connection
 * Collision Resolution (RFC 4486 subcode 7). The peer's Identifier is the
 * same on both connections, so the rule is applied as soon as either OPEN
 * arrives, also against a connection still in OpenSent (the section allows
 * it when the Identifier is known). An Established connection always stays:
 * a connection that arrives, or reaches OPEN, while one is Established is
 * closed with the same Cease, and a dial that completes then is dropped
 * before its OPEN.
 */
export class BgpSession {
  private stateValue: BgpState = 'Idle';
  /** The connections in their OPEN exchange or Established: at most one dialled and one accepted. */
  private links: Link[] = [];
  private dialling = false;
  private timers: { retry?: TimerHandle; keepalive?: TimerHandle } = {};
  private sentOpen: OpenMessage | null = null;
  private running = false;
  private attempt = 0;
  /** The quick redial after a collision was used since the last Established (it is used once). */
  private quickRedialUsed = false;
  /** Messages received and sent, for `display bgp peer`. */
  readonly counters = { received: 0, sent: 0 };
  /** Wall-clock ms of the last change into or out of Established. */
  since: number;

  constructor(private readonly options: BgpSessionOptions) {
    this.since = options.clock.now();
  }

  get state(): BgpState {
    return this.stateValue;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.options.dial) this.connect();
  }

  /** Administrative stop: Cease with `subcode` (e.g. Peer De-configured) on every connection, then close. */
  stop(subcode: number = CEASE_SUBCODE.ADMINISTRATIVE_SHUTDOWN): void {
    this.running = false;
    this.attempt++;
    this.dialling = false;
    this.clearTimers();
    if (this.links.length === 0) this.setState('Idle');
    for (const link of [...this.links]) this.closeLink(link, notification(NOTIFICATION_ERROR_CODE.CEASE, subcode));
  }

  /**
   * A connection the peer opened. Refused with Cease / Connection Collision
   * Resolution while Established or while another accepted connection is
   * still in its OPEN exchange; closed at once when the session is stopped.
   */
  accept(connection: StreamConnection): void {
    if (!this.running) {
      connection.destroy();
      return;
    }
    if (this.links.some((l) => l.state === 'Established' || !l.outgoing)) {
      connection.write(encodeBgpMessage(collisionCease()));
      connection.end();
      return;
    }
    this.addLink(connection, false);
  }

  /** Bytes written to the connection that the socket has not taken yet (back-pressure). */
  get pendingBytes(): number {
    return this.establishedLink()?.connection.pendingBytes ?? 0;
  }

  sendUpdate(update: UpdateMessage): boolean {
    const link = this.establishedLink();
    if (!link) return false;
    this.send(link, update);
    return true;
  }

  /**
   * Ask the peer to send its Adj-RIB-Out again (RFC 2918 §3), if it said in
   * its OPEN that it can; false when not Established or not supported.
   */
  requestRouteRefresh(afi: number, safi: number): boolean {
    const link = this.establishedLink();
    if (!link || !supportsRouteRefresh(link.receivedOpen)) return false;
    this.send(link, { type: 'route-refresh', afi, subtype: 0, safi });
    return true;
  }

  private establishedLink(): Link | undefined {
    return this.links.find((l) => l.state === 'Established');
  }

  private connect(): void {
    const dial = this.options.dial;
    if (!dial || !this.running || this.dialling) return;
    // A retry may come due after an accepted connection came up, or while our own dial is in its OPEN exchange.
    if (this.links.some((l) => l.outgoing || l.state === 'Established')) return;
    const attempt = ++this.attempt;
    this.dialling = true;
    this.timers.retry?.cancel();
    if (this.links.length === 0) this.setState('Connect');
    void dial().then((result) => {
      if (attempt !== this.attempt || !this.running) {
        if (result.ok) result.connection.destroy();
        return;
      }
      this.dialling = false;
      if (!result.ok) {
        this.options.events.failed?.(result.error);
        if (this.links.length === 0) {
          this.setState('Active');
          this.scheduleRetry();
        }
        return;
      }
      // An accepted connection reached Established meanwhile: this one is dropped before its OPEN.
      if (this.establishedLink()) {
        result.connection.destroy();
        return;
      }
      this.addLink(result.connection, true);
    });
  }

  private addLink(connection: StreamConnection, outgoing: boolean): void {
    const link: Link = {
      connection,
      outgoing,
      framer: createBgpFramer(),
      state: 'OpenSent',
      receivedOpen: null,
      holdTime: BGP_TIMERS.holdTime,
      backlog: [],
      next: 0,
      work: new TurnedWork(this.options.clock, () => this.handleNext(link), { yielded: () => this.pauseReading(link), finished: () => this.backlogHandled(link) }),
      paused: false,
    };
    this.links.push(link);
    this.timers.retry?.cancel();
    // Our OPEN goes first: a connection that held bytes for us (the lab network's accepted side) hands them over as
    // soon as onData is set, and the peer's OPEN must find us in OpenSent with ours already sent.
    this.sentOpen = this.openMessage();
    this.send(link, this.sentOpen);
    this.armHold(link, 240); // RFC 4271 §8.2.2: a large hold time until OPEN arrives
    connection.onData((bytes) => this.receive(link, bytes));
    connection.onDrain(() => {
      if (link.state === 'Established' && this.links.includes(link)) this.options.events.drain?.();
    });
    this.refreshState();
    // Last: a connection already closed calls back at once.
    connection.onClose(() => this.lostLink(link, { kind: 'remote-no-notification' }));
  }

  private receive(link: Link, bytes: Uint8Array): void {
    const items = link.framer.push(bytes);
    if (items.length === 0) return;
    if (link.next === link.backlog.length) {
      link.backlog = items;
      link.next = 0;
    } else for (const item of items) link.backlog.push(item);
    // A turn is already waiting to go on: these follow the rest, in order.
    if (!link.work.waiting) link.work.run();
  }

  /**
   * One message of the backlog, in order; whether more is left. The backlog
   * goes a turn at a time (TURN_BUDGET_MS): one 64 KiB read of a full table is
   * thousands of prefixes, each through import policy, best path, the other
   * peers' Adj-RIB-Out and the BMP feeds, half a second in one go. An UPDATE is
   * never split (4,096 bytes at most).
   */
  private handleNext(link: Link): boolean {
    if (!this.links.includes(link) || link.next >= link.backlog.length) return false;
    this.handleItem(link, link.backlog[link.next++] as FramedItem);
    return this.links.includes(link) && link.next < link.backlog.length;
  }

  /** Some of the backlog waits for a later turn: stop reading meanwhile (TCP then holds the peer). */
  private pauseReading(link: Link): void {
    if (link.paused || !link.connection.pause) return;
    link.connection.pause();
    link.paused = true;
  }

  private backlogHandled(link: Link): void {
    link.backlog = [];
    link.next = 0;
    if (!link.paused || !this.links.includes(link)) return;
    link.paused = false;
    link.connection.resume?.();
  }

  private handleItem(link: Link, item: FramedItem): void {
    // A bad marker or length: Message Header Error (RFC 4271 §6.1); the framer stops there.
    if (!item.ok) return this.closeLink(link, notificationFor(item.error));
    this.counters.received++;
    const decoded = decodeBgpMessage(item.bytes);
    if (!decoded.ok) {
      // RFC 7606: errors that allow it drop the UPDATE's routes instead of the session.
      if (decoded.error.handling === 'treat-as-withdraw' || decoded.error.handling === 'attribute-discard') return;
      return this.closeLink(link, notificationFor(decoded.error));
    }
    this.handle(link, decoded.value);
  }

  private handle(link: Link, message: BgpMessage): void {
    this.armHold(link, link.holdTime);
    switch (message.type) {
      case 'open':
        return this.onOpen(link, message);
      case 'keepalive':
        if (link.state === 'OpenConfirm') this.established(link);
        return;
      case 'update':
        if (link.state === 'Established') this.options.events.update(message);
        return;
      case 'notification':
        return this.lostLink(link, { kind: 'remote-notification', notification: message }, true);
      case 'route-refresh':
        // RFC 2918 §4: a speaker that advertised the capability re-sends its Adj-RIB-Out.
        if (link.state === 'Established') this.options.events.routeRefresh?.(message.afi, message.safi);
        return;
    }
  }

  private onOpen(link: Link, open: OpenMessage): void {
    if (link.state !== 'OpenSent') {
      return this.closeLink(link, notification(NOTIFICATION_ERROR_CODE.FINITE_STATE_MACHINE_ERROR, UNSPECIFIC_SUBCODE));
    }
    if (openAsn(open) !== this.options.peer.asn) {
      const data = new Uint8Array([(open.myAsn >> 8) & 0xff, open.myAsn & 0xff]);
      return this.closeLink(link, notification(NOTIFICATION_ERROR_CODE.OPEN_MESSAGE_ERROR, OPEN_MESSAGE_ERROR_SUBCODE.BAD_PEER_AS, data));
    }
    // RFC 6286 §2.2: an identifier of zero, or an internal peer claiming our own identifier, is a Bad BGP Identifier
    // (two lab routers left on the same router-id meet this, as two real routers would).
    const internal = this.options.peer.asn === this.options.local.asn;
    if (open.bgpId === '0.0.0.0' || (internal && open.bgpId === this.options.local.bgpId)) {
      return this.closeLink(link, notification(NOTIFICATION_ERROR_CODE.OPEN_MESSAGE_ERROR, OPEN_MESSAGE_ERROR_SUBCODE.BAD_BGP_IDENTIFIER));
    }
    link.receivedOpen = open;
    link.holdTime = Math.min(BGP_TIMERS.holdTime, open.holdTime);
    const other = this.links.find((l) => l !== link);
    if (other) {
      const loser = other.state === 'Established' || keepsOutgoing(this.options.local.bgpId, open.bgpId) !== link.outgoing ? link : other;
      this.closeLink(loser, collisionCease());
      if (loser === link) return;
    }
    this.send(link, { type: 'keepalive' });
    link.state = 'OpenConfirm';
    this.refreshState();
  }

  private established(link: Link): void {
    const received = link.receivedOpen;
    if (!this.sentOpen || !received) return;
    // A connection still in its OPEN exchange loses to an Established one.
    for (const other of this.links.filter((l) => l !== link)) this.closeLink(other, collisionCease());
    link.state = 'Established';
    this.quickRedialUsed = false;
    this.timers.retry?.cancel();
    this.since = this.options.clock.now();
    this.setState('Established');
    this.armKeepalive(link);
    const c = link.connection;
    this.options.events.established({
      sentOpen: this.sentOpen,
      receivedOpen: received,
      localAddress: c.localAddress,
      localPort: c.localPort,
      remoteAddress: c.remoteAddress,
      remotePort: c.remotePort,
      peerBgpId: received.bgpId,
      families: negotiatedFamilies(this.options.local.families, received),
    });
  }

  private openMessage(): OpenMessage {
    const { asn, bgpId } = this.options.local;
    return {
      type: 'open',
      version: 4,
      myAsn: asn > 0xffff ? AS_TRANS : asn,
      holdTime: BGP_TIMERS.holdTime,
      bgpId,
      parameters: [
        {
          type: 'capabilities',
          capabilities: [
            ...this.options.local.families.map(({ afi, safi }) => ({ type: 'multiprotocol' as const, afi, safi })),
            { type: 'routeRefresh' },
            { type: 'fourOctetAs', asn },
          ],
        },
      ],
    };
  }

  private send(link: Link, message: BgpMessage): void {
    this.counters.sent++;
    link.connection.write(encodeBgpMessage(message));
  }

  /** Send a NOTIFICATION on one connection and close it (RFC 4271 §6). */
  private closeLink(link: Link, n: NotificationMessage): void {
    if (!this.detach(link)) return;
    this.send(link, n);
    link.connection.end();
    this.finish(link, { kind: 'local-notification', notification: n });
  }

  /** A connection is gone (closed by the peer, or it sent a NOTIFICATION). */
  private lostLink(link: Link, reason: BgpDownReason, closeConnection = false): void {
    if (!this.detach(link)) return;
    if (closeConnection) link.connection.destroy();
    this.finish(link, reason);
  }

  private detach(link: Link): boolean {
    const i = this.links.indexOf(link);
    if (i < 0) return false;
    this.links.splice(i, 1);
    link.hold?.cancel();
    // What it had not handled yet goes with it.
    link.work.cancel();
    link.backlog = [];
    link.next = 0;
    return true;
  }

  /**
   * A connection has been taken out: tell the owner; with no connection left
   * go Idle and, when active, dial again after ConnectRetry.
   */
  private finish(link: Link, reason: BgpDownReason): void {
    const wasEstablished = link.state === 'Established';
    if (wasEstablished) {
      this.timers.keepalive?.cancel();
      this.since = this.options.clock.now();
    }
    this.refreshState();
    if (wasEstablished) this.options.events.down(reason);
    else this.options.events.failed?.(describe(reason));
    if (this.links.length === 0 && this.running && this.options.dial && !this.dialling) this.scheduleRetry(this.redialDelay(link, reason));
  }

  /**
   * ConnectRetry, except once after a collision took the last connection on
   * the side whose dial wins (the higher BGP Identifier): that side dials
   * again after a second. Both ends can lose their connections together (one
   * went Established on a connection just as the other resolved the
   * collision against it, a race RFC 4271 §6.8 leaves open); equal retry
   * timers would make them collide again.
   */
  private redialDelay(link: Link, reason: BgpDownReason): number {
    const retry = BGP_TIMERS.connectRetry * 1000;
    const n = reason.kind === 'local-notification' || reason.kind === 'remote-notification' ? reason.notification : null;
    const collision = n?.code === NOTIFICATION_ERROR_CODE.CEASE && n.subcode === CEASE_SUBCODE.CONNECTION_COLLISION_RESOLUTION;
    const peerId = link.receivedOpen?.bgpId;
    if (!collision || this.quickRedialUsed || peerId === undefined || !keepsOutgoing(this.options.local.bgpId, peerId)) return retry;
    this.quickRedialUsed = true;
    return COLLISION_REDIAL_MS;
  }

  private scheduleRetry(ms: number = BGP_TIMERS.connectRetry * 1000): void {
    this.timers.retry?.cancel();
    this.timers.retry = this.options.clock.setTimer(ms, () => this.connect());
  }

  private armHold(link: Link, seconds: number): void {
    link.hold?.cancel();
    delete link.hold;
    if (seconds === 0) return;
    link.hold = this.options.clock.setTimer(seconds * 1000, () => {
      this.closeLink(link, notification(NOTIFICATION_ERROR_CODE.HOLD_TIMER_EXPIRED, UNSPECIFIC_SUBCODE));
    });
  }

  private armKeepalive(link: Link): void {
    this.timers.keepalive?.cancel();
    if (link.holdTime === 0) return;
    this.timers.keepalive = this.options.clock.setTimer((link.holdTime / 3) * 1000, () => {
      if (!this.links.includes(link)) return;
      this.send(link, { type: 'keepalive' });
      this.armKeepalive(link);
    });
  }

  private clearTimers(): void {
    this.timers.retry?.cancel();
    this.timers.keepalive?.cancel();
    this.timers = {};
  }

  /** The state of the furthest connection; without one, Connect while dialling, else Idle. */
  private refreshState(): void {
    let state: Link['state'] | null = null;
    for (const l of this.links) if (!state || LINK_RANK[l.state] > LINK_RANK[state]) state = l.state;
    this.setState(state ?? (this.dialling ? 'Connect' : 'Idle'));
  }

  private setState(state: BgpState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.options.events.stateChanged(state);
  }
}

function supportsRouteRefresh(open: OpenMessage | null): boolean {
  return (open?.parameters ?? []).some((p) => p.type === 'capabilities' && p.capabilities.some((c) => c.type === 'routeRefresh'));
}

/** The families of `local` that the peer's OPEN offers too; without any multiprotocol capability it offers IPv4 unicast. */
export function negotiatedFamilies(local: readonly { afi: number; safi: number }[], received: OpenMessage): { afi: number; safi: number }[] {
  const offered: { afi: number; safi: number }[] = [];
  for (const c of openCapabilities(received)) if (c.type === 'multiprotocol') offered.push({ afi: c.afi, safi: c.safi });
  if (offered.length === 0) offered.push({ afi: AFI.IPV4, safi: SAFI.UNICAST });
  return local.filter((f) => offered.some((o) => o.afi === f.afi && o.safi === f.safi)).map((f) => ({ ...f }));
}

function describe(reason: BgpDownReason): string {
  switch (reason.kind) {
    case 'local-notification':
    case 'remote-notification':
      return `${reason.kind === 'local-notification' ? 'sent' : 'received'} NOTIFICATION ${reason.notification.code}/${reason.notification.subcode}`;
    case 'local-no-notification':
      return `closed locally (FSM event ${reason.fsmEvent})`;
    case 'remote-no-notification':
      return 'connection closed by the peer';
  }
}

export { FSM_EVENT };
