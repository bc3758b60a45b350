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
import type { BgpMessage, DecodeError, NotificationMessage, OpenMessage, UpdateMessage } from '@bmp-lab/codec';
import type { Clock, DialResult, StreamConnection, TimerHandle } from '../bmp-client/transport.js';

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
 * One BGP session (RFC 4271 §8) over an injected connection: OPEN, KEEPALIVE,
 * UPDATE and NOTIFICATION are real messages from the codec. An active session
 * dials and retries every ConnectRetry seconds; a passive one waits for
 * `accept`. A peer in the wrong AS gets NOTIFICATION 2/2 (Bad Peer AS).
 */
export class BgpSession {
  private stateValue: BgpState = 'Idle';
  private connection: StreamConnection | null = null;
  private framer = createBgpFramer();
  private timers: { retry?: TimerHandle; hold?: TimerHandle; keepalive?: TimerHandle } = {};
  private sentOpen: OpenMessage | null = null;
  private receivedOpen: OpenMessage | null = null;
  private holdTime: number = BGP_TIMERS.holdTime;
  private running = false;
  private attempt = 0;
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

  /** Administrative stop: Cease with `subcode` (e.g. Peer De-configured), then close. */
  stop(subcode: number = CEASE_SUBCODE.ADMINISTRATIVE_SHUTDOWN): void {
    this.running = false;
    this.attempt++;
    this.clearTimers();
    if (this.connection) this.closeWith(notification(NOTIFICATION_ERROR_CODE.CEASE, subcode));
    else this.setState('Idle');
  }

  /** A passive speaker's incoming connection. A second one while busy is refused (collision, §6.8 simplified). */
  accept(connection: StreamConnection): void {
    if (!this.running || this.connection) {
      connection.destroy();
      return;
    }
    this.attach(connection);
  }

  /** Bytes written to the connection that the socket has not taken yet (back-pressure). */
  get pendingBytes(): number {
    return this.connection?.pendingBytes ?? 0;
  }

  sendUpdate(update: UpdateMessage): boolean {
    if (this.stateValue !== 'Established' || !this.connection) return false;
    this.send(update);
    return true;
  }

  /**
   * Ask the peer to send its Adj-RIB-Out again (RFC 2918 §3), if it said in
   * its OPEN that it can; false when not Established or not supported.
   */
  requestRouteRefresh(afi: number, safi: number): boolean {
    if (this.stateValue !== 'Established' || !this.connection || !this.peerSupportsRouteRefresh()) return false;
    this.send({ type: 'route-refresh', afi, subtype: 0, safi });
    return true;
  }

  private peerSupportsRouteRefresh(): boolean {
    return (this.receivedOpen?.parameters ?? []).some(
      (p) => p.type === 'capabilities' && p.capabilities.some((c) => c.type === 'routeRefresh'),
    );
  }

  private connect(): void {
    const dial = this.options.dial;
    if (!dial || !this.running) return;
    const attempt = ++this.attempt;
    this.setState('Connect');
    void dial().then((result) => {
      if (attempt !== this.attempt || !this.running) {
        if (result.ok) result.connection.destroy();
        return;
      }
      if (!result.ok) {
        this.options.events.failed?.(result.error);
        this.setState('Active');
        this.scheduleRetry();
        return;
      }
      this.attach(result.connection);
    });
  }

  private attach(connection: StreamConnection): void {
    this.connection = connection;
    this.framer = createBgpFramer();
    connection.onData((bytes) => this.receive(connection, bytes));
    connection.onDrain(() => {
      if (this.connection === connection) this.options.events.drain?.();
    });
    connection.onClose(() => {
      if (this.connection !== connection) return;
      this.connection = null;
      this.lost({ kind: 'remote-no-notification' });
    });
    this.sentOpen = this.openMessage();
    this.send(this.sentOpen);
    this.setState('OpenSent');
    this.armHold(240); // RFC 4271 §8.2.2: a large hold time until OPEN arrives
  }

  private receive(connection: StreamConnection, bytes: Uint8Array): void {
    for (const item of this.framer.push(bytes)) {
      if (this.connection !== connection) return;
      // A bad marker or length: Message Header Error (RFC 4271 §6.1); the framer stops there.
      if (!item.ok) return this.closeWith(notificationFor(item.error));
      this.counters.received++;
      const decoded = decodeBgpMessage(item.bytes);
      if (!decoded.ok) {
        // RFC 7606: errors that allow it drop the UPDATE's routes instead of the session.
        if (decoded.error.handling === 'treat-as-withdraw' || decoded.error.handling === 'attribute-discard') continue;
        return this.closeWith(notificationFor(decoded.error));
      }
      this.handle(decoded.value);
    }
  }

  private handle(message: BgpMessage): void {
    this.armHold(this.holdTime);
    switch (message.type) {
      case 'open':
        return this.onOpen(message);
      case 'keepalive':
        if (this.stateValue === 'OpenConfirm') this.established();
        return;
      case 'update':
        if (this.stateValue === 'Established') this.options.events.update(message);
        return;
      case 'notification':
        return this.lost({ kind: 'remote-notification', notification: message }, true);
      case 'route-refresh':
        // RFC 2918 §4: a speaker that advertised the capability re-sends its Adj-RIB-Out.
        if (this.stateValue === 'Established') this.options.events.routeRefresh?.(message.afi, message.safi);
        return;
    }
  }

  private onOpen(open: OpenMessage): void {
    if (this.stateValue !== 'OpenSent') {
      return this.closeWith(notification(NOTIFICATION_ERROR_CODE.FINITE_STATE_MACHINE_ERROR, UNSPECIFIC_SUBCODE));
    }
    if (openAsn(open) !== this.options.peer.asn) {
      const data = new Uint8Array([(open.myAsn >> 8) & 0xff, open.myAsn & 0xff]);
      return this.closeWith(
        notification(NOTIFICATION_ERROR_CODE.OPEN_MESSAGE_ERROR, OPEN_MESSAGE_ERROR_SUBCODE.BAD_PEER_AS, data),
      );
    }
    this.receivedOpen = open;
    this.holdTime = Math.min(BGP_TIMERS.holdTime, open.holdTime);
    this.send({ type: 'keepalive' });
    this.setState('OpenConfirm');
  }

  private established(): void {
    const c = this.connection;
    if (!c || !this.sentOpen || !this.receivedOpen) return;
    this.since = this.options.clock.now();
    this.setState('Established');
    this.armKeepalive();
    this.options.events.established({
      sentOpen: this.sentOpen,
      receivedOpen: this.receivedOpen,
      localAddress: c.localAddress,
      localPort: c.localPort,
      remoteAddress: c.remoteAddress,
      remotePort: c.remotePort,
      peerBgpId: this.receivedOpen.bgpId,
      families: negotiatedFamilies(this.options.local.families, this.receivedOpen),
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

  private send(message: BgpMessage): void {
    if (!this.connection) return;
    this.counters.sent++;
    this.connection.write(encodeBgpMessage(message));
  }

  /** Send a NOTIFICATION and close (RFC 4271 §6). */
  private closeWith(n: NotificationMessage): void {
    this.send(n);
    const c = this.connection;
    this.connection = null;
    c?.end();
    this.lost({ kind: 'local-notification', notification: n });
  }

  /** The connection is gone: tell the owner, go Idle, retry later when active. */
  private lost(reason: BgpDownReason, closeConnection = false): void {
    if (closeConnection) {
      const c = this.connection;
      this.connection = null;
      c?.destroy();
    }
    const wasEstablished = this.stateValue === 'Established';
    this.clearTimers();
    if (wasEstablished) this.since = this.options.clock.now();
    this.setState('Idle');
    if (wasEstablished) this.options.events.down(reason);
    else this.options.events.failed?.(describe(reason));
    if (this.running && this.options.dial) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    this.timers.retry?.cancel();
    this.timers.retry = this.options.clock.setTimer(BGP_TIMERS.connectRetry * 1000, () => this.connect());
  }

  private armHold(seconds: number): void {
    this.timers.hold?.cancel();
    if (seconds === 0) return;
    this.timers.hold = this.options.clock.setTimer(seconds * 1000, () => {
      this.closeWith(notification(NOTIFICATION_ERROR_CODE.HOLD_TIMER_EXPIRED, UNSPECIFIC_SUBCODE));
    });
  }

  private armKeepalive(): void {
    this.timers.keepalive?.cancel();
    if (this.holdTime === 0) return;
    this.timers.keepalive = this.options.clock.setTimer((this.holdTime / 3) * 1000, () => {
      this.send({ type: 'keepalive' });
      this.armKeepalive();
    });
  }

  private clearTimers(): void {
    this.timers.retry?.cancel();
    this.timers.hold?.cancel();
    this.timers.keepalive?.cancel();
    this.timers = {};
  }

  private setState(state: BgpState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.options.events.stateChanged(state);
  }
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
