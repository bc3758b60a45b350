import { CommandTable } from '@bmp-lab/cli-engine';
import { COMMANDS } from './commands/index.js';
import type { BgpView, CommandContext } from './commands/command-context.js';
import { cloneConfig, emptyConfig } from './config/device-config.js';
import type { DeviceConfig } from './config/device-config.js';
import { BmpSpeaker } from './bmp-client/bmp-speaker.js';
import type { BmpSessionStatus } from './bmp-client/bmp-session.js';
import type { Clock, Dialer, StreamConnection } from './bmp-client/transport.js';
import { ConsoleSession } from './console/console-session.js';
import { Terminal } from './console/terminal.js';
import type { ConsoleDevice } from './console/console-session.js';
import type { Level } from '@bmp-lab/cli-engine';
import { BgpInstance } from './bgp/bgp-instance.js';
import type { BgpFamily, BgpPeerStatus, RibName, RibStage } from './bgp/bgp-instance.js';
import type { Route } from './bgp/route.js';
import { VtyTable } from './console/vty.js';
import type { Vty, VtyLogin } from './console/vty.js';
import { idleTimeoutMs } from './config/user-interface.js';

/** The grammar is the same for every device: compile it once. */
const COMMAND_TABLE = new CommandTable<CommandContext>(COMMANDS);

export interface DeviceEvents {
  sessionChanged(status: BmpSessionStatus): void;
  sessionRemoved(key: string): void;
  committed(running: DeviceConfig): void;
  /** A BGP peer changed state (optional: displays poll `bgpPeers()` anyway). */
  bgpPeerChanged?(status: BgpPeerStatus): void;
  /** `save` wrote the running configuration as the saved (startup) one (optional). */
  saved?(config: DeviceConfig): void;
}

export interface OpenVtyOptions {
  level?: Level;
  /** The terminal has no cursor addressing: the line editor writes no escape sequences. */
  plain?: boolean;
  /** The line was idle for its idle-timeout: disconnect the user (omit: the line never times out). */
  onIdleTimeout?: () => void;
  /** The transport closes the connection when the user logs out (SSH, Telnet). */
  closesOnLogout?: boolean;
}

export interface DeviceDeps {
  dialer: Dialer;
  clock: Clock;
  events: DeviceEvents;
  /** Running configuration to start with (e.g. restored from storage). */
  initial?: DeviceConfig;
  /** The saved (startup) configuration, if `save` ever ran (e.g. restored from storage). */
  saved?: DeviceConfig | null;
  /**
   * Apply the initial configuration at once (default). A lab whose network is
   * not wired yet passes false and calls `start()` when it is, so the first
   * dials do not fail and wait out a ConnectRetry.
   */
  autoStart?: boolean;
  /** The BGP router ID without `router-id` (default 1.1.1.1): a lab gives each router after its first its lab address. */
  defaultRouterId?: string;
}

/**
 * The emulated VRP device: running configuration, consoles, the BGP instance
 * and the BMP speaker that both follow the running configuration.
 */
export class Device implements ConsoleDevice {
  readonly commands = COMMAND_TABLE;
  /** `debugging bmp …`: the BMP debugging switches on (VRP's debugging state is the device's, not a console's, and is never saved). */
  readonly debugging = new Set<string>();
  private runningConfig: DeviceConfig;
  private readonly bgpInstance: BgpInstance;
  private readonly speaker: BmpSpeaker;
  private readonly startedAt: number;
  private savedConfig: DeviceConfig | null;
  /** The VTY lines: every console logged in on the device (`display users`). */
  readonly vtys: VtyTable;
  /** The terminal on each logged-in VTY (forgotten when the line is given back). */
  private readonly terminals = new Map<Vty, Terminal>();

  constructor(private readonly deps: DeviceDeps) {
    this.runningConfig = cloneConfig(deps.initial ?? emptyConfig());
    this.vtys = new VtyTable(deps.clock, (n) => idleTimeoutMs(this.runningConfig, n));
    this.startedAt = deps.clock.now();
    this.savedConfig = deps.saved ? cloneConfig(deps.saved) : null;
    this.bgpInstance = new BgpInstance({
      dialer: deps.dialer,
      clock: deps.clock,
      ...(deps.defaultRouterId !== undefined ? { defaultRouterId: deps.defaultRouterId } : {}),
      // BMP hears every BGP event; forwarded lazily because the speaker reads the BGP instance too.
      events: {
        peerUp: (p) => this.speaker.bgpEvents.peerUp(p),
        peerDown: (p, c) => this.speaker.bgpEvents.peerDown(p, c),
        ribChanged: (c) => this.speaker.bgpEvents.ribChanged(c),
        ribEnd: (r, p, f, v) => this.speaker.bgpEvents.ribEnd(r, p, f, v),
        peerStateChanged: (p) => deps.events.bgpPeerChanged?.(p),
      },
    });
    this.speaker = new BmpSpeaker({
      dialer: deps.dialer,
      clock: deps.clock,
      bgp: this.bgpInstance,
      changed: (s) => deps.events.sessionChanged(s),
      removed: (k) => deps.events.sessionRemoved(k),
    });
    if (deps.autoStart ?? true) this.apply();
  }

  /** Bring up what the running configuration asks for (only needed with `autoStart: false`). */
  start(): void {
    this.apply();
  }

  /** BGP first: BMP's feeds are planned from the peers BGP now has. */
  private apply(): void {
    this.bgpInstance.apply(this.runningConfig);
    this.speaker.apply(this.runningConfig);
  }

  get running(): DeviceConfig {
    return this.runningConfig;
  }

  /** The configuration `save` last wrote; null before the first save. */
  get saved(): DeviceConfig | null {
    return this.savedConfig;
  }

  hasSavedConfiguration(): boolean {
    return this.savedConfig !== null;
  }

  /** `save`: the running configuration (never a candidate) becomes the saved one. */
  saveConfiguration(): void {
    this.savedConfig = cloneConfig(this.runningConfig);
    this.deps.events.saved?.(this.savedConfig);
  }

  commit(candidate: DeviceConfig): void {
    this.runningConfig = cloneConfig(candidate);
    this.apply();
    this.vtys.reconfigure();
    this.deps.events.committed(this.runningConfig);
  }

  bmpSessions(): BmpSessionStatus[] {
    return this.speaker.statuses();
  }

  now(): number {
    return this.deps.clock.now();
  }

  timerRemaining(deadline: number): number {
    return this.deps.clock.remaining(deadline);
  }

  uptimeMs(): number {
    return this.deps.clock.now() - this.startedAt;
  }

  /** `reset bmp session …`: the sessions with these keys (sessionKey), or all. */
  resetBmpSessions(keys: readonly string[] | 'all'): number {
    return this.speaker.reset(keys);
  }

  bgp(): BgpView {
    return {
      identity: this.bgpIdentity(),
      peers: this.bgpPeers(),
      routes: (rib, peer, stage, family) => this.bgpRoutes(rib, peer, stage, family),
      keepsAllRoutes: (peer, family) => this.bgpInstance.keepsAllRoutes(peer, family),
      vpn: (name) => ({
        peers: this.bgpInstance.vpnPeerStatuses(name),
        routes: (rib, peer, stage) => this.bgpInstance.routes(rib, peer, stage, 'ipv4-unicast', name),
        imported: () => this.bgpInstance.importedRoutes(name),
      }),
      vpnNames: () => this.bgpInstance.vpnInstanceNames(),
    };
  }

  /**
   * A BGP connection another router opened to this one (port 179): its
   * `remoteAddress` is the peer's address as this device configures it, its
   * `localAddress` this device's own. Handed to the configured peer of that
   * address, which also dials: of two connections one stays (RFC 4271 §6.8,
   * bgp-session.ts). A connection from an address no peer names is closed.
   */
  acceptBgp(connection: StreamConnection): void {
    this.bgpInstance.accept(connection);
  }

  /** `refresh bgp [ ipv6 ]`: the Established peers refreshed. */
  refreshBgp(target: string /* 'all' or a peer address */, direction: 'import' | 'export', family?: BgpFamily): string[] {
    return this.bgpInstance.refresh(target, direction, family);
  }

  bgpPeers(): BgpPeerStatus[] {
    return this.bgpInstance.peerStatuses();
  }

  /** Routes of one RIB and stage of a family (Loc-RIB: peer null), for displays. */
  bgpRoutes(rib: RibName, peer: string | null, stage?: RibStage, family?: BgpFamily): Route[] {
    return this.bgpInstance.routes(rib, peer, stage, family);
  }

  /** The BGP identity in force (router-id), and the local AS; null without `bgp`. */
  bgpIdentity(): { asn: number; routerId: string } | null {
    const asn = this.bgpInstance.localAsn;
    return asn === null ? null : { asn, routerId: this.bgpInstance.bgpId };
  }

  openConsole(level: Level = 3): ConsoleSession {
    return new ConsoleSession(this, level);
  }

  /** A console with its line editor, for a terminal. */
  openTerminal(level: Level = 3): Terminal {
    return new Terminal(this.openConsole(level));
  }

  /**
   * Log a user in on the lowest free VTY: a console with its line editor
   * that `display users` lists until `terminal.close()`. The VTY's idle
   * timeout (`user-interface vty` / `idle-timeout`) calls `onIdleTimeout`.
   */
  openVty(login: VtyLogin, options: OpenVtyOptions = {}): Terminal {
    const vty: Vty = this.vtys.login(login, {
      ...(options.onIdleTimeout ? { onIdleTimeout: options.onIdleTimeout } : {}),
      closesOnLogout: options.closesOnLogout === true,
      onClose: () => this.terminals.delete(vty),
    });
    const terminal = new Terminal(new ConsoleSession(this, options.level ?? 3, vty), { plain: options.plain === true });
    this.terminals.set(vty, terminal);
    return terminal;
  }

  /**
   * The configuration was replaced from outside the consoles (an exercise
   * reset): every console logged in on a VTY — browser, SSH, Telnet — drops
   * its uncommitted candidate, goes back to the user view with any question
   * or pager cancelled, and prints `notice` (Terminal.reset). Without this a
   * console kept its old candidate, and a bare `commit` would apply it again.
   */
  resetConsoles(notice: readonly string[]): void {
    for (const terminal of [...this.terminals.values()]) terminal.reset(notice);
  }

  /** Power off: every BMP session sends Termination and closes. */
  shutdown(): void {
    this.speaker.stopAll();
    this.bgpInstance.stop();
    this.vtys.closeAll();
  }
}
