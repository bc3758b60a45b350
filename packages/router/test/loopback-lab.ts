import { Device, LabNeighbor } from '@bmp-lab/router';
import type { Clock, DeviceConfig, DialResult, DialTarget, Dialer, NeighborSpec, StreamConnection } from '@bmp-lab/router';
import { listenStream, systemClock, tcpDial } from '@bmp-lab/router/node';
import type { StreamListener } from '@bmp-lab/router/node';

/**
 * A small lab network for tests of BGP between routers: each member (a
 * Device or a passive LabNeighbor) has a lab address and a loopback listener;
 * a router's dial to a lab address is a real TCP connection to that member's
 * listener from a loopback source of the router's own (127.0.0.11, …), which
 * is how the accepting side tells who dialled. Both ends see lab addresses,
 * as inside the server's lab network. Every NOTIFICATION written is recorded.
 */

/** Protocol time runs this much faster: ConnectRetry 1.6 s, hold time 9 s. */
export const TIME_SCALE = 20;

export interface SentNotification {
  from: string;
  to: string;
  code: number;
  subcode: number;
}

interface Member {
  address: string;
  loopback: string;
  listener: StreamListener;
}

export class LoopbackLab {
  readonly clock: Clock = systemClock(TIME_SCALE);
  readonly notifications: SentNotification[] = [];
  readonly dials: { from: string; target: DialTarget }[] = [];
  /** Dials whose TCP connect has finished (connected or failed). */
  dialsDone = 0;
  /** Connection ends (each TCP connection has two) not closed yet. */
  openEnds = 0;
  /** Extra wait before a member's dials start, by lab address (to vary the timing of simultaneous dials). */
  readonly dialDelayMs = new Map<string, number>();
  private readonly members = new Map<string, Member>();
  private readonly byLoopback = new Map<string, string>();
  private readonly cleanups: (() => unknown)[] = [];

  /**
   * A router at `address`, configured by `lines` typed in order (from the
   * user view); not started until `start` unless `start` is true.
   */
  async router(address: string, lines: readonly string[], start = true): Promise<Device> {
    const device = new Device({
      dialer: this.dialerFor(address),
      clock: this.clock,
      events: { sessionChanged() {}, sessionRemoved() {}, committed() {} },
      initial: configOf(lines),
      autoStart: false,
    });
    this.cleanups.push(() => device.shutdown());
    await this.join(address, (c, from) => device.acceptBgp(this.wrap(c, address, from)));
    if (start) device.start();
    return device;
  }

  /** A passive lab neighbor (eBGP or iBGP, as its AS says). */
  async neighbor(spec: NeighborSpec): Promise<LabNeighbor> {
    const neighbor = new LabNeighbor(spec, this.clock);
    this.cleanups.push(() => neighbor.stop());
    await this.join(spec.address, (c, from) => neighbor.accept(this.wrap(c, spec.address, from)));
    return neighbor;
  }

  /** The loopback port a member listens on (the local port of connections it accepted). */
  listenPort(address: string): number {
    return this.members.get(address)!.listener.port;
  }

  async close(): Promise<void> {
    for (const c of this.cleanups.reverse()) await c();
    for (const m of this.members.values()) await m.listener.close();
  }

  private async join(address: string, accept: (c: StreamConnection, from: string) => void): Promise<void> {
    const loopback = `127.0.0.${11 + this.members.size}`;
    const listener = await listenStream('127.0.0.1', 0, (c) => {
      const from = this.byLoopback.get(c.remoteAddress);
      if (from === undefined) c.destroy();
      else accept(c, from);
    });
    this.members.set(address, { address, loopback, listener });
    this.byLoopback.set(loopback, address);
  }

  private dialerFor(address: string): Dialer {
    return {
      dial: async (target: DialTarget): Promise<DialResult> => {
        this.dials.push({ from: address, target });
        const delay = this.dialDelayMs.get(address) ?? 0;
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        const to = this.members.get(target.address);
        const me = this.members.get(address);
        if (!to || !me) return { ok: false, error: 'host unreachable' };
        const result = await tcpDial('127.0.0.1', to.listener.port, me.loopback);
        this.dialsDone++;
        return result.ok ? { ok: true, connection: this.wrap(result.connection, target.sourceAddress ?? address, target.address) } : result;
      },
    };
  }

  /** The connection with lab addresses at both ends; NOTIFICATIONs it carries out are recorded. */
  private wrap(c: StreamConnection, local: string, remote: string): StreamConnection {
    const notifications = this.notifications;
    // The socket takes one close listener: this one counts the end, then calls the session's.
    let closed: { error: string | null } | null = null;
    let onClose: ((error: string | null) => void) | null = null;
    this.openEnds++;
    c.onClose((error) => {
      closed = { error };
      this.openEnds--;
      onClose?.(error);
    });
    return withLabAddresses(c, local, remote, {
      write(bytes) {
        // Each write is one whole message; type 3 is NOTIFICATION (RFC 4271 §4.1).
        if (bytes.length >= 21 && bytes[18] === 3) notifications.push({ from: local, to: remote, code: bytes[19]!, subcode: bytes[20]! });
        return c.write(bytes);
      },
      onClose: (l) => {
        onClose = l;
        if (closed) l(closed.error);
      },
    });
  }
}

/** A loopback connection seen with lab addresses at both ends; `hooks` replace its write or close listener. */
export function withLabAddresses(c: StreamConnection, local: string, remote: string, hooks: Partial<Pick<StreamConnection, 'write' | 'onClose'>> = {}): StreamConnection {
  return {
    localAddress: local,
    remoteAddress: remote,
    get localPort() {
      return c.localPort;
    },
    get remotePort() {
      return c.remotePort;
    },
    get pendingBytes() {
      return c.pendingBytes;
    },
    write: hooks.write ?? ((b) => c.write(b)),
    end: () => c.end(),
    destroy: () => c.destroy(),
    onDrain: (l) => c.onDrain(l),
    onData: (l) => c.onData(l),
    onClose: hooks.onClose ?? ((l) => c.onClose(l)),
    pause: () => c.pause?.(),
    resume: () => c.resume?.(),
  };
}

/** The running configuration that typing `lines` and `commit` produces (on a device that dials nowhere). */
export function configOf(lines: readonly string[]): DeviceConfig {
  const device = new Device({
    dialer: { dial: () => Promise.resolve({ ok: false, error: 'unreachable' }) },
    clock: systemClock(),
    events: { sessionChanged() {}, sessionRemoved() {}, committed() {} },
    autoStart: false,
  });
  const console = device.openConsole();
  for (const line of ['system-view', ...lines, 'commit']) {
    const reply = console.execute(line).lines;
    if (reply.some((l) => /Error/.test(l))) throw new Error(`${line}: ${reply.join('\n')}`);
  }
  const running = device.running;
  device.shutdown();
  return running;
}

/** Poll until `probe` holds (every 5 ms), failing after `ms`. */
export async function until(probe: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
