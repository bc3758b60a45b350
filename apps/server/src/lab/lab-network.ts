import { tcpDial } from '@bmp-lab/router/node';
import { BGP_PORT, ipv6LocalAddressFor } from '@bmp-lab/router';
import type { DialOrigin, DialResult, DialTarget, Dialer, StreamConnection } from '@bmp-lab/router';
import type { Endpoint } from '@bmp-lab/collector';
import { formatIpv6, ipv6ToBytes, isIpv6 } from '@bmp-lab/codec';
import { cidrContains, ipv4ToInt } from '../config.js';
import type { Cidr } from '../config.js';
import { labLog, type Log } from '../log.js';

/** A TCP connection a BMP session of the lab's router opened: the session, and both real ends of the socket. */
export interface DialedConnection {
  /** The session's key in the lab (`sessionKey`, prefixed `SYSNAME@` for every router but the first). */
  session: string;
  /** The router's end (its real local address and port). */
  router: Endpoint;
  /** The end it reached (a station listener of this lab, or any collector it may reach). */
  station: Endpoint;
  /** The router's end as the router names it: its lab address and the real port; null when it dialled a real address. */
  inLab: Endpoint | null;
}

/**
 * The lab network: addresses of the topology resolve to loopback endpoints
 * the server owns; 127.0.0.0/8 is dialled directly; other destinations only
 * inside BMPLAB_ALLOW_CONNECT. Anything else fails like an unreachable host,
 * and no packet leaves the machine (a lab must never become a way to reach
 * other hosts). As a BMP session's connection comes up, the network records
 * which session opened it, by both real ends of the socket. A connection
 * through a lab address gives the router its lab address as its own end
 * (`localAddress`; the real one stays in `socketAddress`), so what the router
 * reports (BMP session, Peer Up) never shows loopback.
 */
export class LabNetwork implements Dialer {
  private readonly endpoints = new Map<string, { host: string; port: number }>();
  private readonly dialedListeners = new Set<(connection: DialedConnection) => void>();
  /** Destinations already logged as refused (one line per destination per lab). */
  private readonly refusedLogged = new Set<string>();
  /** Every refusal, logged or not (tests, diagnostics). */
  refusals = 0;
  /** Endpoint keys that are a lab router's BGP listener. */
  private readonly routerListeners = new Set<string>();
  /** Router-to-router dials: the dialling socket's real local port → the dialler's lab address. */
  private readonly dialSources = new Map<number, string>();
  private readonly sourceWaiters = new Map<number, (source: string) => void>();

  constructor(
    private readonly allowConnect: readonly Cidr[],
    private readonly options: { labId?: string; log?: Log; routerAddress?: string } = {},
  ) {}

  /** The router's IPv4 address inside the lab (topology `router.address`). */
  get routerAddress(): string {
    return this.options.routerAddress ?? DEFAULT_ROUTER_ADDRESS;
  }

  /** Make `address:port` of the lab (inside `vpnInstance`, if given) reach a real loopback endpoint. */
  attach(address: string, port: number, endpoint: { host: string; port: number }, vpnInstance: string | null = null): void {
    this.endpoints.set(endpointKey(vpnInstance, address, port), endpoint);
  }

  /**
   * Make `address:179` reach a lab router's BGP listener: a dial to it
   * records its source (sourceOf) so the listener can tell which router it is.
   */
  attachRouter(address: string, endpoint: { host: string; port: number }): void {
    this.attach(address, BGP_PORT, endpoint);
    this.routerListeners.add(endpointKey(null, address, BGP_PORT));
  }

  /**
   * The router at `address` left the lab (an exercise removed it): its
   * address no longer leads anywhere, so a dial to it fails as an unreachable
   * host instead of reaching a closed loopback port.
   */
  detachRouter(address: string): void {
    const key = endpointKey(null, address, BGP_PORT);
    this.endpoints.delete(key);
    this.routerListeners.delete(key);
  }

  /**
   * The lab address of the router whose dial arrived at a router listener
   * from the real port `remotePort`, or null if no lab router dialled it.
   * The accept may come before the dial's connect callback, so it waits
   * (at most SOURCE_WAIT_MS) for the record.
   */
  sourceOf(remotePort: number): Promise<string | null> {
    const known = this.dialSources.get(remotePort);
    if (known !== undefined) {
      this.dialSources.delete(remotePort);
      return Promise.resolve(known);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sourceWaiters.delete(remotePort);
        resolve(null);
      }, SOURCE_WAIT_MS);
      timer.unref();
      this.sourceWaiters.set(remotePort, (source) => {
        clearTimeout(timer);
        this.sourceWaiters.delete(remotePort);
        resolve(source);
      });
    });
  }

  /** A dial to a router listener completed: hand its source to a waiting accept, or keep it for one. */
  private recordSource(localPort: number, source: string): void {
    const waiter = this.sourceWaiters.get(localPort);
    if (waiter) return waiter(source);
    this.dialSources.set(localPort, source);
    setTimeout(() => {
      if (this.dialSources.get(localPort) === source) this.dialSources.delete(localPort);
    }, SOURCE_KEEP_MS).unref();
  }

  /** The dialer of one router of the lab: its own lab address, its session keys qualified. */
  forRouter(router: DialingRouter): Dialer {
    return { dial: (target, origin) => this.dialFrom(router, target, origin) };
  }

  /** Whether `(vpnInstance, address, port)` is attached. */
  has(address: string, port: number, vpnInstance: string | null = null): boolean {
    return this.endpoints.has(endpointKey(vpnInstance, address, port));
  }

  /** Whether the lab owns this address (some endpoint is attached to it). */
  owns(address: string): boolean {
    const host = hostKey(address) + ':';
    for (const key of this.endpoints.keys()) if (key.startsWith(host)) return true;
    return false;
  }

  /** Where `target` leads; a refused destination is counted and logged. */
  resolve(target: DialTarget): { host: string; port: number } | { error: string } {
    // A VPN instance has its own routing table: only the lab's stations placed in that instance (topology `vpn-instance`).
    if (target.vpnInstance !== null) {
      const inVpn = this.endpoints.get(endpointKey(target.vpnInstance, target.address, target.port));
      return inVpn ?? { error: `no route to ${target.address} in VPN instance ${target.vpnInstance}` };
    }
    const mapped = this.endpoints.get(endpointKey(null, target.address, target.port));
    if (mapped) return mapped;
    if (this.owns(target.address)) return { error: `connection refused by ${target.address}:${target.port}` };
    const numeric = ipv4ToInt(target.address);
    if (numeric !== null && numeric >>> 24 === 127) return { host: target.address, port: target.port };
    if (numeric !== null && this.allowConnect.some((c) => cidrContains(c, target.address))) return { host: target.address, port: target.port };
    this.refuse(target.address);
    return { error: `host ${target.address} unreachable` };
  }

  /** Log a refused destination once per lab (nothing is sent towards it). */
  private refuse(address: string): void {
    this.refusals++;
    if (this.refusedLogged.has(address)) return;
    // Bounded: a lab that tries thousands of destinations logs the first 1000.
    if (this.refusedLogged.size >= 1000) return;
    this.refusedLogged.add(address);
    const line =
      `refused to connect to ${address}: ` + 'not a lab endpoint, not in 127.0.0.0/8, not in BMPLAB_ALLOW_CONNECT (fails as "host unreachable"; logged once per destination)';
    (this.options.log ?? labLog(this.options.labId ?? '?')).warn(line);
  }

  /** Hear of every BMP session connection as it comes up (the station links it to its session). */
  onDialed(listener: (connection: DialedConnection) => void): () => void {
    this.dialedListeners.add(listener);
    return () => this.dialedListeners.delete(listener);
  }

  /** A dial of the lab's (first) router. */
  dial(target: DialTarget, origin?: DialOrigin): Promise<DialResult> {
    return this.dialFrom({ address: this.routerAddress, keyPrefix: '' }, target, origin);
  }

  private async dialFrom(from: DialingRouter, target: DialTarget, origin?: DialOrigin): Promise<DialResult> {
    const r = this.resolve(target);
    if ('error' in r) return { ok: false, error: r.error };
    // Bind a loopback source for real; any other source is the router's address inside the lab only.
    const bind = target.sourceAddress?.startsWith('127.') && r.host.startsWith('127.') ? target.sourceAddress : undefined;
    const result = await tcpDial(r.host, r.port, bind);
    if (!result.ok) return result;
    const c = result.connection;
    // Reached through a lab address: the router's end is a lab address too (its source, or the router's own).
    // IPv6 BGP peers get theirs from the BGP instance (the ::1 of the peer's /64); loopback and BMPLAB_ALLOW_CONNECT dials stay real.
    const mapped = this.endpoints.has(endpointKey(target.vpnInstance, target.address, target.port));
    const ipv6 = isIpv6(target.address);
    const viaLab = mapped && (!ipv6 || origin?.bmpSession !== undefined);
    const source = ipv6 ? ipv6SourceFor(target) : (target.sourceAddress ?? from.address);
    // Recorded before the session hears of its connection, so before its first message is written.
    if (origin?.bmpSession !== undefined) {
      const dialed: DialedConnection = {
        session: from.keyPrefix + origin.bmpSession,
        router: { address: c.localAddress, port: c.localPort },
        station: { address: c.remoteAddress, port: c.remotePort },
        inLab: viaLab ? { address: source, port: c.localPort } : null,
      };
      for (const l of this.dialedListeners) l(dialed);
    }
    // Another router of the lab: its listener learns who dialled by this socket's real port.
    if (viaLab && target.vpnInstance === null && this.routerListeners.has(endpointKey(null, target.address, target.port))) this.recordSource(c.localPort, source);
    return viaLab ? { ok: true, connection: withLabAddresses(c, source, target.address) } : result;
  }
}

/**
 * The router's own end of a BMP session to an IPv6 station: its IPv6
 * `connect-interface` source, else the lab's IPv6 convention for a directly
 * connected /64 (interface ID ::1, or ::2 facing a ::1), as for BGP4+ peers.
 * An IPv4 source cannot be the end of an IPv6 connection, so it is not used.
 */
function ipv6SourceFor(target: DialTarget): string {
  return target.sourceAddress !== undefined && isIpv6(target.sourceAddress) ? target.sourceAddress : ipv6LocalAddressFor(target.address);
}

/** Who dials through the network: a router's lab address, and how its BMP session keys are qualified in the lab. */
export interface DialingRouter {
  address: string;
  /** `SYSNAME@` for every router but the first (whose keys are as before), so keys stay unique in the lab. */
  keyPrefix: string;
}

/** How long an accepted router-to-router connection waits for its dial to be recorded (both orders happen). */
const SOURCE_WAIT_MS = 1000;
/** A recorded dial nobody asked about is forgotten after this long (its listener closed meanwhile). */
const SOURCE_KEEP_MS = 5000;

/** The router's lab address when the topology names none (topology `router.address`). */
export const DEFAULT_ROUTER_ADDRESS = '10.0.0.1';

/**
 * The connection as the router sees it inside the lab: both ends are lab
 * addresses (its own, and the one it dialled); `socketAddress` keeps the real
 * loopback one (which the station sees). Ports are the socket's.
 */
export function withLabAddresses(c: StreamConnection, local: string, remote: string): StreamConnection {
  return {
    localAddress: local,
    socketAddress: c.localAddress,
    get localPort() {
      return c.localPort;
    },
    remoteAddress: remote,
    remotePort: c.remotePort,
    get pendingBytes() {
      return c.pendingBytes;
    },
    write: (bytes) => c.write(bytes),
    end: () => c.end(),
    destroy: () => c.destroy(),
    onDrain: (l) => c.onDrain(l),
    onData: (l) => c.onData(l),
    onClose: (l) => c.onClose(l),
    pause: () => c.pause?.(),
    resume: () => c.resume?.(),
  };
}

/** Public-network endpoints are `address:port`; VPN-instance ones `NAME/address:port` (never matched by `owns`). */
function endpointKey(vpnInstance: string | null, address: string, port: number): string {
  return `${vpnInstance === null ? '' : `${vpnInstance}/`}${hostKey(address)}:${port}`;
}

/**
 * An address as endpoint keys spell it: IPv4 as is; IPv6 in brackets and in
 * one canonical form (RFC 5952), so `2001:DB8:2::2` and `2001:db8:2:0::2`
 * are the same host and `[…]:179` cannot be read as part of the address.
 */
function hostKey(address: string): string {
  return isIpv6(address) ? `[${formatIpv6(ipv6ToBytes(address))}]` : address;
}
