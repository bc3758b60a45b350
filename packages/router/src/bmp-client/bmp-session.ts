import { BMP_MESSAGE_TYPE_NAMES, encodeBmpMessage, TERMINATION_REASON } from '@bmp-lab/codec';
import type { BmpMessage, BmpMessageTypeName } from '@bmp-lab/codec';
import type { BmpSessionId } from '../config/device-config.js';
import type { BmpConnection, Clock, Dialer, TimerHandle } from './transport.js';

/**
 * ConnectRetry interval of a BMP session, in seconds. No VRP command sets it;
 * `display bmp session verbose` on a real device shows 15 s (reference §2.12).
 */
export const CONNECT_RETRY_SECONDS = 15;

export type Counts = Record<BmpMessageTypeName, number>;

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
  localAddress: string | null;
  localPort: number | null;
  sent: Counts;
  bytesSent: number;
  connects: number;
  /** Wall-clock deadline of the ConnectRetry timer, when it runs. */
  connectRetryAt: number | null;
}

export interface SessionDeps {
  dialer: Dialer;
  clock: Clock;
  /** Messages to send first on a new connection (Initiation, then Peer Ups …). */
  greeting(): BmpMessage[];
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
} as const;

/**
 * One BMP session of the device: Down → (dial) → Up → Down(reason) with a
 * ConnectRetry timer, as RFC 7854 §3.3 leaves to the router. It knows nothing
 * of sockets: the dialer and the clock are injected.
 */
export class BmpClientSession {
  private connection: BmpConnection | null = null;
  private retryTimer: TimerHandle | null = null;
  private stopped = false;
  /** Bumped on every new attempt so a late dial result of an old attempt is dropped. */
  private attempt = 0;
  private readonly status: BmpSessionStatus;

  constructor(
    id: BmpSessionId,
    port: number | null,
    private readonly deps: SessionDeps,
  ) {
    this.status = {
      id,
      port,
      state: 'down',
      downReason: DOWN_REASON.manualStop,
      since: deps.clock.now(),
      localAddress: null,
      localPort: null,
      sent: Object.fromEntries(BMP_MESSAGE_TYPE_NAMES.map((t) => [t, 0])) as Counts,
      bytesSent: 0,
      connects: 0,
      connectRetryAt: null,
    };
  }

  snapshot(): BmpSessionStatus {
    return { ...this.status, id: { ...this.status.id }, sent: { ...this.status.sent } };
  }

  /** Start (or restart after a stop): dial now if a port is configured. */
  start(): void {
    this.stopped = false;
    if (this.status.state === 'down') this.connect();
  }

  /**
   * A committed change of `tcp connect port`. A running connection keeps its
   * port until the session is reset (reference §2.11: "run reset bmp session
   * … so that the new values take effect"); a session that is down uses the
   * new port at once.
   */
  setPort(port: number | null): void {
    this.status.port = port;
    if (this.status.state === 'down' && !this.stopped) this.connect();
    else this.emit();
  }

  /** Administrative close: Termination first (RFC 7854 §4.5), then close. */
  stop(): void {
    this.stopped = true;
    this.cancelRetry();
    this.attempt++;
    const connection = this.connection;
    if (connection) {
      this.send(connection, {
        type: 'termination',
        tlvs: [
          // Reason first: Wireshark 4.0 reads only the first Termination TLV (DESIGN §5).
          { type: 'reason', reason: TERMINATION_REASON.ADMINISTRATIVELY_CLOSED },
          { type: 'string', value: 'Manual Stop' },
        ],
      });
      this.connection = null;
      connection.end();
    }
    this.goDown(DOWN_REASON.manualStop);
  }

  /** Send one message on the live connection; false when the session is not up. */
  sendMessage(message: BmpMessage): boolean {
    if (!this.connection) return false;
    this.send(this.connection, message);
    this.emit();
    return true;
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
    void this.deps.dialer.dial({ address, port, vpnInstance }).then((result) => {
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
    Object.assign(this.status, {
      state: 'up',
      downReason: null,
      since: this.deps.clock.now(),
      localAddress: connection.localAddress,
      localPort: connection.localPort,
      connects: this.status.connects + 1,
    });
    connection.onClose(() => {
      if (this.connection !== connection) return;
      this.connection = null;
      this.goDown(DOWN_REASON.peerClosed);
      this.scheduleRetry();
    });
    for (const message of this.deps.greeting()) this.send(connection, message);
    this.emit();
  }

  private send(connection: BmpConnection, message: BmpMessage): void {
    const bytes = encodeBmpMessage(message);
    connection.write(bytes);
    this.status.sent[message.type]++;
    this.status.bytesSent += bytes.length;
  }

  private goDown(reason: string): void {
    const wasUp = this.status.state === 'up';
    Object.assign(this.status, { state: 'down', downReason: reason, localAddress: null, localPort: null });
    if (wasUp || this.status.since === 0) this.status.since = this.deps.clock.now();
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
