import { tcpDial } from '@bmp-lab/router/node';
import type { DialOrigin, DialResult, DialTarget, Dialer, StreamConnection } from '@bmp-lab/router';
import type { Endpoint } from '@bmp-lab/collector';
import { formatIpv6, ipv6ToBytes, isIpv6 } from '@bmp-lab/codec';
import { cidrContains, ipv4ToInt } from '../config.js';
import type { Cidr } from '../config.js';
import { labLog, type Log } from '../log.js';

/** A TCP connection a BMP session of the lab's router opened: the session, and both real ends of the socket. */
export interface DialedConnection {
  /** The session's key (`sessionKey`). */
  session: string;
  /** The router's end (its real local address and port). */
  router: Endpoint;
  /** The end it reached (a station listener of this lab, or any collector it may reach). */
  station: Endpoint;
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
      `refused to connect to ${address}: ` +
      'not a lab endpoint, not in 127.0.0.0/8, not in BMPLAB_ALLOW_CONNECT (fails as "host unreachable"; logged once per destination)';
    (this.options.log ?? labLog(this.options.labId ?? '?')).warn(line);
  }

  /** Hear of every BMP session connection as it comes up (the station links it to its session). */
  onDialed(listener: (connection: DialedConnection) => void): () => void {
    this.dialedListeners.add(listener);
    return () => this.dialedListeners.delete(listener);
  }

  async dial(target: DialTarget, origin?: DialOrigin): Promise<DialResult> {
    const r = this.resolve(target);
    if ('error' in r) return { ok: false, error: r.error };
    // Bind a loopback source for real; any other source is the router's address inside the lab only.
    const bind = target.sourceAddress?.startsWith('127.') && r.host.startsWith('127.') ? target.sourceAddress : undefined;
    const result = await tcpDial(r.host, r.port, bind);
    if (!result.ok) return result;
    const c = result.connection;
    // Recorded before the session hears of its connection, so before its first message is written.
    if (origin?.bmpSession !== undefined) {
      const dialed: DialedConnection = {
        session: origin.bmpSession,
        router: { address: c.localAddress, port: c.localPort },
        station: { address: c.remoteAddress, port: c.remotePort },
      };
      for (const l of this.dialedListeners) l(dialed);
    }
    // Reached through a lab address: the router's end is a lab address too (its source, or the router's own).
    // IPv6 peers get theirs from the BGP instance (the ::1 of the peer's /64); loopback and BMPLAB_ALLOW_CONNECT dials stay real.
    const viaLab = this.endpoints.has(endpointKey(target.vpnInstance, target.address, target.port)) && !isIpv6(target.address);
    return viaLab ? { ok: true, connection: withLabAddresses(c, target.sourceAddress ?? this.routerAddress, target.address) } : result;
  }
}

/** The router's lab address when the topology names none (topology `router.address`). */
export const DEFAULT_ROUTER_ADDRESS = '10.0.0.1';

/**
 * The connection as the router sees it inside the lab: both ends are lab
 * addresses (its own, and the one it dialled); `socketAddress` keeps the real
 * loopback one (which the station sees). Ports are the socket's.
 */
function withLabAddresses(c: StreamConnection, local: string, remote: string): StreamConnection {
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
