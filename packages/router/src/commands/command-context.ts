import type { CommandDef } from '@bmp-lab/cli-engine';
import type { Level, Question } from '@bmp-lab/cli-engine';
import type { DeviceConfig } from '../config/device-config.js';
import type { BmpSessionStatus } from '../bmp-client/bmp-session.js';
import type { ViewFrame } from '../console/views.js';
import type { BgpFamily, BgpPeerStatus, RibName, RibStage } from '../bgp/bgp-instance.js';
import type { Route } from '../bgp/route.js';
import type { VtyUser } from '../console/vty.js';

/** The device's BGP as displays read it. */
export interface BgpView {
  /** Null while `bgp` is not configured. */
  identity: { asn: number; routerId: string } | null;
  peers: BgpPeerStatus[];
  /**
   * The routes of one RIB of a family (default IPv4 unicast). `stage` picks
   * the Adj-RIB-In or Adj-RIB-Out before or after the peer's policy (default
   * `post-policy`); the Loc-RIB has one stage. A peer's pre-policy Adj-RIB-In
   * is empty unless its routes are kept (`keep-all-routes`), as on VRP.
   */
  routes(rib: RibName, peer: string | null, stage?: RibStage, family?: BgpFamily): Route[];
  /** Whether the device keeps this peer's routes before import policy (`keep-all-routes`, globally or for the peer). */
  keepsAllRoutes(peer: string, family?: BgpFamily): boolean;
  /** One VPN instance's BGP (IPv4 unicast): its peers and RIBs, empty while the instance's BGP does not run. */
  vpn?(name: string): { peers: BgpPeerStatus[]; routes(rib: RibName, peer: string | null, stage?: RibStage): Route[]; imported?(): Route[] };
  /** The VPN instances whose BGP runs, in configuration order. */
  vpnNames?(): string[];
}

/** What a command handler may do: the console session as the commands see it. */
export interface CommandContext {
  /** The open view (innermost frame). */
  readonly frame: ViewFrame;
  /** The candidate configuration of this console (exists in every configuration view). */
  readonly candidate: DeviceConfig;
  /** The running configuration of the device. */
  readonly running: DeviceConfig;
  /** The user's privilege level. */
  readonly level: Level;
  /** BMP sessions as the device runs them now. */
  bmpSessions(): BmpSessionStatus[];
  /** BGP peers and RIBs as the device runs them now. */
  bgp(): BgpView;
  /**
   * `refresh bgp [ ipv6 ] { all | PEER } { import | export }`: import —
   * re-apply the family's import policy to the kept routes, or ask the peer
   * to send its table again (ROUTE-REFRESH, RFC 2918) when they are not kept;
   * export — re-send the Adj-RIB-Out through the export policy. Returns the
   * peers refreshed.
   */
  refreshBgp(target: string /* 'all' or a peer address */, direction: 'import' | 'export', family?: BgpFamily): string[];
  /** `debugging bmp …` / `display debugging bmp`: the debugging switches turned on (optional: a context without them has none). */
  debugSwitches?(): Set<string>;
  /** `reset bmp session`: drop and redial these running sessions (keys of `sessionKey`); how many were reset. */
  resetBmpSessions(keys: readonly string[] | 'all'): number;
  /** Wall-clock now, for ages. */
  now(): number;
  /** How long the device has been running, in ms (`display version`). */
  uptimeMs(): number;
  /** Protocol milliseconds left until a timer deadline (timers may run faster than wall time in tests). */
  timerRemaining(deadline: number): number;
  print(...lines: string[]): void;
  /** Enter a child view of the current one. */
  enter(frame: ViewFrame): void;
  /** Leave the current view (`quit`). */
  quit(): void;
  /** Go to the user view (`return`, Ctrl+Z). */
  returnToUser(): void;
  /** Make the candidate running. */
  commit(): void;
  /** `clear configuration candidate`: drop uncommitted changes and go to the system view. */
  clearCandidate(): void;
  /** `screen-length N temporary`: lines per page for this console; 0 turns paging off. */
  setScreenLength(lines: number): void;
  ask(question: Question): void;
  /** `save`: whether the device has a saved (startup) configuration yet. */
  hasSavedConfiguration(): boolean;
  /** `save`: the running configuration becomes the saved one. */
  saveConfiguration(): void;
  /** `display users`: who is logged in on the device's VTYs, and this console's own VTY number (optional: a context without VTYs lists nobody). */
  vtyUsers?(): { users: VtyUser[]; self: number | null };
}

export type Command = CommandDef<CommandContext>;
