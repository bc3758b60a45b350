import type { NeighborRoute, NeighborSpec } from '@bmp-lab/router';
import { DEFAULT_ROUTER_ADDRESS } from './lab-network.js';

/** How a lab neighbor misbehaves on purpose: down for `down` seconds every `every` seconds (protocol time). */
export interface FlapSpec {
  every: number;
  down: number;
}

/** A BGP neighbor of the lab, played by the server. */
export interface NeighborTopology extends NeighborSpec {
  flap?: FlapSpec;
  /** The VPN instance it sits in (a CE): reachable only from the router's BGP in that instance (`ipv4-family vpn-instance`). */
  vpnInstance?: string;
}

/** One entry of the address map: `address:port` of the lab reaches a real loopback endpoint. */
export interface NetworkEntry {
  address: string;
  port: number;
  to: { host: string; port: number };
}

/** A monitoring station of the lab; with `vpnInstance` it is reachable only from a session in that VPN instance. */
export interface StationTopology {
  address: string;
  ports: number[];
  vpnInstance?: string;
}

/**
 * One VRP router of the lab (topology `routers:`): its sysname, its lab
 * address (where other routers reach its BGP, and its own end of every lab
 * connection), and the lines typed on a console of it when the lab is first
 * created (from user view; they end with `commit`).
 */
export interface RouterTopology {
  sysname: string;
  address: string;
  config?: string[];
}

/**
 * A lab's topology (README "Public contracts"), as read from a YAML file (labs/README.md
 * documents the format; labs/default.yaml is the default lab).
 */
export interface Topology {
  /** `address`: the router's IPv4 address inside the lab (default 10.0.0.1), its own end of every lab connection. */
  router: { sysname: string; address?: string };
  /**
   * Every router of the lab, the first being `router` (a file's `router:` is
   * a list of one). Absent from topologies stored before labs had several
   * routers: read it through `labRouters`.
   */
  routers?: RouterTopology[];
  /** Monitoring stations the lab owns, each listening on these ports. */
  stations: StationTopology[];
  /** BGP neighbors of the router, played by the lab. */
  neighbors: NeighborTopology[];
  /** More lab addresses, each mapped to a loopback endpoint on this machine (e.g. a real collector). */
  network: NetworkEntry[];
  /** Changes the neighbors make over time (lab-script.ts runs them); absent: none. */
  script?: ScriptStep[];
}

/** One scripted change: `at` protocol seconds after the lab starts, the neighbor `neighbor` does one thing. */
export type ScriptStep = { at: number; neighbor: string } & ({ announce: NeighborRoute } | { withdraw: string } | { down: true } | { up: true });

/** A topology that does not validate: every problem, each naming the file, the line, the path. */
export class TopologyError extends Error {
  override name = 'TopologyError';
  constructor(
    readonly source: string,
    readonly problems: { path: string; message: string; line?: number; column?: number }[],
  ) {
    super(problems.map((p) => `${source}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'));
  }
}

/** Every router of a topology, the first being the lab's router (a stored topology from before `routers:` has one). */
export function labRouters(t: Topology): RouterTopology[] {
  return t.routers ?? [{ sysname: t.router.sysname, address: t.router.address ?? DEFAULT_ROUTER_ADDRESS }];
}
