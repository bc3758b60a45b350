import type { Clock, TimerHandle } from '../bmp-client/transport.js';

/**
 * VTYs: the device's virtual terminal lines. Every console of the device —
 * a browser's, an SSH or Telnet session, a REST CLI run — takes the lowest
 * free VTY number while it is logged in and gives it back when it logs out,
 * as VRP assigns user interfaces. `display users` lists them; the login
 * banner counts them; `idle-timeout` logs an idle one out.
 */

/** How the user reached the line: the Type column of `display users`. */
export type VtyProtocol = 'SSH' | 'TEL' | 'WEB' | 'API';

export interface VtyLogin {
  protocol: VtyProtocol;
  /** The user's network address (Network Address column); '' when unknown. */
  address: string;
  /** The login name (`Username :` line); null prints `Unspecified`. */
  user: string | null;
}

/** One row of `display users`. */
export interface VtyUser extends VtyLogin {
  /** The relative number: `VTY n`. */
  number: number;
  /** The absolute user-interface number (User-Intf column). */
  absolute: number;
  /** Protocol milliseconds since the user last typed something (Delay column). */
  idleMs: number;
}

/**
 * VRP numbers the console line 0 and the VTY lines after the other line
 * types; a VRP capture shows `129 VTY 0`, `130 VTY 1`.
 * ⚠ INFERRED: the same numbering on the NE40E (the capture is of another VRP device).
 */
export const VTY_ABSOLUTE_BASE = 129;

/** VRP's default idle timeout of a VTY: 10 minutes. */
export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/** Far enough ahead that a deadline this far away never passes: elapsed protocol time is read off it. */
const HORIZON_MS = 100 * 365 * 24 * 3600 * 1000;

export interface VtyOptions {
  /**
   * Called when the line has been idle for its `idle-timeout` (protocol
   * time); the transport disconnects the user. Without it the line never
   * times out (a browser console: it logs out when nobody watches it).
   */
  onIdleTimeout?: () => void;
  /**
   * The transport closes the connection when the user logs out (`quit` in
   * the user view): no "press any key to log on" banner is printed then.
   */
  closesOnLogout?: boolean;
  /** The line was given back (logout, idle timeout, power off): whoever keeps track of its console forgets it. */
  onClose?: () => void;
}

/** One logged-in VTY. */
export class Vty {
  /** Wall-clock deadline HORIZON_MS of protocol time after the last input (elapsed idle time is read from it). */
  private mark: number;
  private timer: TimerHandle | null = null;
  private closed = false;

  constructor(
    readonly number: number,
    readonly login: VtyLogin,
    private readonly table: VtyTable,
    private readonly clock: Clock,
    private readonly options: VtyOptions,
  ) {
    this.mark = clock.deadline(HORIZON_MS);
    this.arm();
  }

  get absolute(): number {
    return VTY_ABSOLUTE_BASE + this.number;
  }

  get open(): boolean {
    return !this.closed;
  }

  get closesOnLogout(): boolean {
    return this.options.closesOnLogout === true;
  }

  /** Protocol milliseconds since the last input. */
  idleMs(): number {
    return Math.max(0, HORIZON_MS - this.clock.remaining(this.mark));
  }

  /** The user typed something: the idle time starts again (the timer is re-armed only when it fires). */
  touch(): void {
    if (this.closed) return;
    this.mark = this.clock.deadline(HORIZON_MS);
    if (!this.timer) this.arm();
  }

  /** Log out: the number is free again. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timer?.cancel();
    this.timer = null;
    this.table.release(this);
    this.options.onClose?.();
  }

  /** The idle timeout changed (a commit): measure the idle time against the new one. */
  rearm(): void {
    this.timer?.cancel();
    this.timer = null;
    this.arm();
  }

  private arm(): void {
    if (this.closed || !this.options.onIdleTimeout) return;
    const timeout = this.table.idleTimeoutMs(this.number);
    if (timeout <= 0) return;
    const left = timeout - this.idleMs();
    if (left <= 0) return this.expire();
    this.timer = this.clock.setTimer(left, () => {
      this.timer = null;
      this.arm();
    });
  }

  private expire(): void {
    const notify = this.options.onIdleTimeout;
    this.close();
    notify?.();
  }
}

/** The VTY lines of one device. */
export class VtyTable {
  private readonly lines = new Map<number, Vty>();

  constructor(
    private readonly clock: Clock,
    /** The configured idle timeout of a VTY number, in protocol ms (0: never). */
    readonly idleTimeoutMs: (vty: number) => number,
  ) {}

  /** Users logged in now. */
  get size(): number {
    return this.lines.size;
  }

  /** Log a user in on the lowest free VTY number. */
  login(login: VtyLogin, options: VtyOptions = {}): Vty {
    let n = 0;
    while (this.lines.has(n)) n++;
    const vty = new Vty(n, login, this, this.clock, options);
    this.lines.set(n, vty);
    return vty;
  }

  /** Every logged-in line, by number: the rows of `display users`. */
  users(): VtyUser[] {
    return [...this.lines.values()].sort((a, b) => a.number - b.number).map((v) => ({ ...v.login, number: v.number, absolute: v.absolute, idleMs: v.idleMs() }));
  }

  /** The configuration changed: idle timeouts apply anew. */
  reconfigure(): void {
    for (const v of [...this.lines.values()]) v.rearm();
  }

  /** The device powers off: every line's timer stops. */
  closeAll(): void {
    for (const v of [...this.lines.values()]) v.close();
  }

  /** @internal Vty.close */
  release(vty: Vty): void {
    if (this.lines.get(vty.number) === vty) this.lines.delete(vty.number);
  }
}
